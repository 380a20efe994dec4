"""What the bot says, in Kazakh, Russian and English: ``str.format`` templates by key, like
``core/messages.py`` (whose error messages the bot also uses, through ``say_error``)."""

from __future__ import annotations

from typing import Any

from qyzmet.core.errors import DomainError
from qyzmet.core.messages import render
from qyzmet.core.texts import Text, pick
from qyzmet.messenger.texts_casework import CASEWORK_TEXTS

TEXTS: dict[str, Text] = {
    "welcome": {
        "kk": "Сәлеметсіз бе! Бұл — qyzmet мемлекеттік қызметтер боты. Осы жерден өтінім беріп, "
        "өтінімдеріңіз туралы хабарлар алу үшін чатты есептік жазбаңызға байланыстырыңыз: "
        "/start жіберіңіз.",
        "ru": "Здравствуйте! Это бот госуслуг qyzmet. Чтобы подавать здесь заявления и получать "
        "новости по ним, свяжите этот чат со своей учётной записью: отправьте /start.",
        "en": "Hello! This is qyzmet's bot for public services. To apply here and get news of "
        "your applications, link this chat to your account: send /start.",
    },
    "ask_iin": {
        "kk": "Чатты байланыстыру үшін ЖСН-іңізді (12 цифр) жіберіңіз. Бір реттік кодты "
        "сізге qyzmet арқылы жібереміз — бұл чатқа емес.",
        "ru": "Чтобы связать чат, отправьте ваш ИИН (12 цифр). Одноразовый код мы пришлём вам "
        "через qyzmet — не в этот чат.",
        "en": "To link this chat, send your IIN (12 digits). We will send you a one-time code "
        "through qyzmet — not to this chat.",
    },
    "code_sent": {
        "kk": "Егер бұл ЖСН халық тіркелімінде болса, оның иесіне qyzmet арқылы бір реттік код "
        "жібердік ({minutes} минут жарамды). Кодты осында жазыңыз. Басқа ЖСН — /start.",
        "ru": "Если этот ИИН есть в регистре населения, мы отправили его владельцу одноразовый "
        "код через qyzmet (действует {minutes} мин.). Введите код здесь. Другой ИИН — /start.",
        "en": "If this IIN is in the population registry, we have sent its owner a one-time code "
        "through qyzmet (valid for {minutes} minutes). Type the code here. Another IIN: /start.",
    },
    "code_sent_sms": {
        "kk": "Егер бұл ЖСН халық тіркелімінде ұялы нөмірімен бірге болса, сол нөмірге бір реттік "
        "кодты SMS арқылы жібердік ({minutes} минут жарамды). Кодты осында жазыңыз. Басқа ЖСН — "
        "/start.",
        "ru": "Если этот ИИН есть в регистре населения вместе с мобильным номером, мы отправили "
        "на этот номер одноразовый код по SMS (действует {minutes} мин.). Введите код здесь. "
        "Другой ИИН — /start.",
        "en": "If this IIN is in the population registry with a mobile number, we have sent a "
        "one-time code by SMS to that number (valid for {minutes} minutes). Type the code here. "
        "Another IIN: /start.",
    },
    "linked": {
        "kk": "Дайын: бұл чат {name} атына байланыстырылды. Өтінімдеріңіз туралы хабарлар осында "
        "келеді. Байланысты үзу — /stop.",
        "ru": "Готово: чат связан с учётной записью {name}. Новости по вашим заявлениям будут "
        "приходить сюда. Отвязать — /stop.",
        "en": "Done: this chat is linked to {name}. News of your applications will come here. "
        "/stop unlinks it.",
    },
    "already_linked": {
        "kk": "Бұл чат {name} атына байланыстырылған. Байланысты үзу — /stop.",
        "ru": "Этот чат связан с учётной записью {name}. Отвязать — /stop.",
        "en": "This chat is linked to {name}. /stop unlinks it.",
    },
    "unlinked": {
        "kk": "Чат енді байланыстырылмаған, бұдан былай мұнда ештеңе жіберілмейді. Қайта "
        "байланыстыру — /start.",
        "ru": "Чат отвязан, сюда больше ничего не будет приходить. Связать снова — /start.",
        "en": "This chat is no longer linked; nothing more will be sent here. /start links it "
        "again.",
    },
    "replaced": {
        "kk": "Бұл чат енді байланыстырылмаған: есептік жазба басқа чатқа байланыстырылды.",
        "ru": "Этот чат отвязан: учётная запись связана с другим чатом.",
        "en": "This chat is no longer linked: the account was linked to another chat.",
    },
    "not_linked": {
        "kk": "Бұл чат байланыстырылмаған. Байланыстыру үшін /start жіберіңіз.",
        "ru": "Этот чат не связан с учётной записью. Отправьте /start, чтобы связать его.",
        "en": "This chat is not linked. Send /start to link it.",
    },
    "too_many_codes": {
        "kk": "Бұл чаттан тым көп код сұралды. Бір сағаттан кейін қайталаңыз.",
        "ru": "Из этого чата запрошено слишком много кодов. Повторите через час.",
        "en": "This chat has asked for too many codes. Please try again in an hour.",
    },
    "menu": {
        "kk": "Өміріңізде не болды? Өмірлік жағдайды таңдаңыз немесе өз сөзіңізбен жазыңыз.",
        "ru": "Что произошло в вашей жизни? Выберите жизненную ситуацию или напишите своими "
        "словами.",
        "en": "What has happened in your life? Choose a life situation, or write it in your own "
        "words.",
    },
    "found": {
        "kk": "«{query}» бойынша табылғаны:",
        "ru": "Вот что нашлось по запросу «{query}»:",
        "en": "This is what I found for “{query}”:",
    },
    "nothing_found": {
        "kk": "«{query}» бойынша ештеңе табылмады. Тізімнен таңдаңыз:",
        "ru": "По запросу «{query}» ничего не нашлось. Выберите из списка:",
        "en": "I found nothing for “{query}”. Choose from the list:",
    },
    "for_whom": {
        "kk": "Өтінішті кім үшін бересіз?",
        "ru": "За кого вы подаёте заявление?",
        "en": "For whom are you applying?",
    },
    "started": {
        "kk": "«{title}» — бастайық.",
        "ru": "«{title}» — начнём.",
        "en": "“{title}” — let us start.",
    },
    "question": {
        "kk": "Сұрақ {number}/{total}. {text}",
        "ru": "Вопрос {number} из {total}. {text}",
        "en": "Question {number} of {total}. {text}",
    },
    "not_asked": {
        "kk": "Мемлекеттік тіркелімдер жауап беретін сұрақтар қойылмайды (жауапты деректерді "
        "тексергенде өзгертуге болады):\n{answers}",
        "ru": "Вопросы, на которые отвечают государственные регистры, не задаём (ответ можно "
        "изменить при проверке данных):\n{answers}",
        "en": "Questions the state's registries answer are not asked (you can change the answer "
        "when you check the data):\n{answers}",
    },
    "yes": {"kk": "Иә", "ru": "Да", "en": "Yes"},
    "no": {"kk": "Жоқ", "ru": "Нет", "en": "No"},
    "services": {
        "kk": "Сізге мына қызметтер қатысты:\n{services}",
        "ru": "Вам подходят эти услуги:\n{services}",
        "en": "These services apply to you:\n{services}",
    },
    "free": {"kk": "тегін", "ru": "бесплатно", "en": "free"},
    "fee": {"kk": "{fee} АЕК", "ru": "{fee} МРП", "en": "{fee} MCI"},
    "working_days": {
        "kk": "мерзімі {days} жұмыс күні",
        "ru": "срок в рабочих днях: {days}",
        "en": "decided within {days} working days",
    },
    "working_day": {
        "kk": "мерзімі 1 жұмыс күні",
        "ru": "срок: 1 рабочий день",
        "en": "decided within 1 working day",
    },
    "at_once": {"kk": "бірден", "ru": "сразу", "en": "at once"},
    "check": {
        "kk": "Мемлекет сіз туралы мынаны біледі (тіркелімдерден, қайта жазудың қажеті жоқ):\n"
        "{values}\n\nБірдеңе қате болса, тіркелімді жүргізетін мекеме түзетеді; өтінімді бәрібір "
        "бере аласыз.",
        "ru": "Вот что государство уже знает о вас (из регистров, вводить заново не нужно):\n"
        "{values}\n\nЕсли что-то неверно, это исправит ведомство, которое ведёт регистр; подать "
        "заявление всё равно можно.",
        "en": "This is what the state already knows about you (from the registries; you need "
        "not type it):\n{values}\n\nIf something is wrong, the agency that keeps the registry "
        "corrects it; you can still apply.",
    },
    "check_empty": {
        "kk": "Бұл өтінімге тіркелімдерден дерек қажет емес.",
        "ru": "Для этого заявления данные из регистров не нужны.",
        "en": "This application needs no data from the registries.",
    },
    "source": {"kk": "дереккөз", "ru": "источник", "en": "source"},
    "correct": {
        "kk": "✓ Дұрыс, жалғастыру",
        "ru": "✓ Верно, продолжить",
        "en": "✓ Correct, continue",
    },
    "type_value": {
        "kk": "Мәнін жазыңыз.",
        "ru": "Напишите значение.",
        "en": "Type the value.",
    },
    "type_date": {
        "kk": "Күнді жазыңыз, мысалы: 20.11.2026 немесе 2026 жылғы 20 қараша.",
        "ru": "Напишите дату, например: 20.11.2026 или 20 ноября 2026.",
        "en": "Type the date, for example: 20.11.2026 or 20 November 2026.",
    },
    "choose": {
        "kk": "Таңдаңыз немесе жазыңыз.",
        "ru": "Выберите или напишите.",
        "en": "Choose, or type it.",
    },
    "today": {"kk": "Бүгін", "ru": "Сегодня", "en": "Today"},
    "confirm": {"kk": "✓ Растаймын", "ru": "✓ Подтверждаю", "en": "✓ I confirm"},
    "in_portal": {
        "kk": "«{label}» өрісін мұнда толтыру мүмкін емес. Порталда жалғастырыңыз — бұл сол "
        "өтінім: {url}",
        "ru": "Поле «{label}» здесь заполнить нельзя. Продолжите на портале — это то же "
        "заявление: {url}",
        "en": "“{label}” cannot be filled in here. Continue in the portal — it is the same "
        "application: {url}",
    },
    "documents_in_portal": {
        "kk": "Құжаттарды мұнда жүктеу мүмкін емес. Оларды порталда жүктеп, өтінімді сонда "
        "жіберіңіз — бұл сол өтінім: {url}",
        "ru": "Документы здесь загрузить нельзя. Загрузите их на портале и отправьте заявление "
        "там — это то же заявление: {url}",
        "en": "Documents cannot be uploaded here. Upload them in the portal and submit the "
        "application there — it is the same application: {url}",
    },
    "review": {
        "kk": "«{title}» өтінімін тексеріңіз:\n{summary}\n\nҚосымша мәліметтерді порталда "
        "қосуға болады: {url}",
        "ru": "Проверьте заявление «{title}»:\n{summary}\n\nНеобязательные сведения можно "
        "добавить на портале: {url}",
        "en": "Check your application “{title}”:\n{summary}\n\nOptional details can be added in "
        "the portal: {url}",
    },
    "submit": {"kk": "Өтінімді беру", "ru": "Подать заявление", "en": "Submit the application"},
    "pay_in_portal": {
        "kk": "Алым {amount} онлайн төленеді; істер төлем түскенше күтеді. Порталда төлеңіз: {url}",
        "ru": "Пошлина {amount} оплачивается онлайн; дела ждут оплаты. Оплатить на портале: {url}",
        "en": "The fee of {amount} is paid online; the cases wait until it is paid. Pay in the "
        "portal: {url}",
    },
    "submitted": {
        "kk": "Өтінім берілді, № {number}. Істер:\n{cases}\n\nШешім қабылданғанда осында "
        "жазамыз. Порталда: {url}",
        "ru": "Заявление подано, № {number}. Дела:\n{cases}\n\nКогда примут решения, мы "
        "напишем сюда. На портале: {url}",
        "en": "Submitted: application no. {number}. Cases:\n{cases}\n\nWe will write here when "
        "they are decided. In the portal: {url}",
    },
    "case_line": {
        "kk": "• {service} — {agency}, мерзімі {due}",
        "ru": "• {service} — {agency}, срок {due}",
        "en": "• {service} — {agency}, due {due}",
    },
    "not_draft": {
        "kk": "Бұл өтінім енді жоба емес. Оны порталдан қараңыз: {url}",
        "ru": "Это заявление уже не черновик. Посмотрите его на портале: {url}",
        "en": "This application is no longer a draft. See it in the portal: {url}",
    },
    "stale_button": {
        "kk": "Бұл батырма енді жарамсыз.",
        "ru": "Эта кнопка больше не действует.",
        "en": "This button is no longer active.",
    },
    "use_buttons": {
        "kk": "Жоғарыдағы батырмалармен жауап беріңіз немесе қайта бастау үшін /menu жіберіңіз.",
        "ru": "Ответьте кнопками выше или отправьте /menu, чтобы начать заново.",
        "en": "Please answer with the buttons above, or send /menu to start again.",
    },
    "choose_language": {
        "kk": "Тілді таңдаңыз:",
        "ru": "Выберите язык:",
        "en": "Choose your language:",
    },
    "language_set": {
        "kk": "Тіл: қазақша.",
        "ru": "Язык: русский.",
        "en": "Language: English.",
    },
    "menu_button": {"kk": "☰ Мәзір", "ru": "☰ Меню", "en": "☰ Menu"},
    "help": {
        "kk": "/start — чатты байланыстыру\n/menu — өмірлік жағдайлар\n/lang — тіл\n"
        "/cases — өтінімдерім\n/stop — байланысты үзу\n/help — анықтама",
        "ru": "/start — связать чат\n/menu — жизненные ситуации\n/lang — язык\n"
        "/cases — мои заявления\n/stop — отвязать чат\n/help — справка",
        "en": "/start — link this chat\n/menu — life situations\n/lang — language\n"
        "/cases — my applications\n/stop — unlink this chat\n/help — this help",
    },
    "error": {
        "kk": "Кешіріңіз, біз жақта қате шықты. Қайталап көріңіз.",
        "ru": "Извините, у нас произошла ошибка. Попробуйте ещё раз.",
        "en": "Sorry, something went wrong on our side. Please try again.",
    },
    # signing a submission
    "sign_in_portal": {
        "kk": "Бұл өтінішке ЭЦҚ-мен қол қою керек. Оны порталда жасайсыз (NCALayer және кілтіңіз "
        "компьютеріңізде): онда №{number} өтініштің дәл осы мазмұнына қол қоясыз. {url}",
        "ru": "Это заявление нужно подписать ЭЦП. Это делается на портале (NCALayer и ваш ключ — "
        "на компьютере): там вы подпишете заявление №{number} именно с этим содержимым. {url}",
        "en": "This application must be signed with your EDS. You do that in the portal "
        "(NCALayer and your key are on your computer): there you sign application {number} "
        "with exactly this content. {url}",
    },
    "sign_by_sms": {
        "kk": "Бұл өтінішке қол қою керек. Мемлекетте тіркелген телефоныңызға SMS кодын "
        "жібереміз: оны осында жазсаңыз, №{number} өтініштің дәл осы мазмұнын растайсыз және "
        "ол беріледі. ЭЦҚ-мен порталда да қол қоюға болады: {url}",
        "ru": "Это заявление нужно подписать. Мы пришлём код по SMS на телефон, который есть у "
        "государства: введя его здесь, вы подтвердите заявление №{number} именно с этим "
        "содержимым, и оно будет подано. Подписать ЭЦП можно на портале: {url}",
        "en": "This application must be signed. We send a code by SMS to the phone the state "
        "has on record for you: typing it here confirms application {number} with exactly "
        "this content, and submits it. You can also sign with your EDS in the portal: {url}",
    },
    "send_code": {
        "kk": "SMS кодын жіберу",
        "ru": "Прислать код по SMS",
        "en": "Send me a code by SMS",
    },
    "code_for_signing": {
        "kk": "Кодты {phone} нөміріне жібердік. Өтінішті растап, беру үшін оны осында жазыңыз.",
        "ru": "Мы отправили код на {phone}. Напишите его здесь, чтобы подтвердить и подать "
        "заявление.",
        "en": "We sent a code to {phone}. Type it here to confirm and submit the application.",
    },
    "code_again": {
        "kk": "Кодты қайта жазыңыз немесе жаңасын сұраңыз.",
        "ru": "Введите код ещё раз или запросите новый.",
        "en": "Type the code again, or ask for a new one.",
    },
    "offer_accept": {"kk": "Қабылдау", "ru": "Принять", "en": "Accept"},
    "offer_decline": {"kk": "Бас тарту", "ru": "Отказаться", "en": "Decline"},
    **CASEWORK_TEXTS,
}

LANGUAGE_NAMES: Text = {"kk": "Қазақша", "ru": "Русский", "en": "English"}


def say(key: str, language: str, **params: Any) -> str:
    """The bot's text ``key`` in ``language``, filled with ``params``."""
    text = pick(TEXTS[key], language)
    return text.format(**params) if params else text


def say_error(error: DomainError, language: str) -> str:
    """A domain error as the bot says it: the messenger's own (``messenger.KEY``) from this
    table, the others from ``core/messages.py``."""
    if error.code.startswith("messenger."):
        return say(error.code.removeprefix("messenger."), language, **error.params)
    return render(error.code, error.params, language)


def say_problem(problem: Any, language: str) -> str:
    """What is wrong with a field's value (a ``FieldProblem``)."""
    return render(problem.code, problem.params, language)
