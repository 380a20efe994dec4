"""Messages people read when something is wrong, in Kazakh, Russian and English.

Domain code raises errors with a message *code* and parameters; channels render them in the
language of the request with ``render``. One table, so every channel says the same thing.
"""

from __future__ import annotations

from typing import Any

from qyzmet.core.texts import Text, filled, pick

MESSAGES: dict[str, Text] = {
    "required": {
        "kk": "Бұл өрісті толтыру қажет.",
        "ru": "Это поле обязательно.",
        "en": "This field is required.",
    },
    "type.string": {
        "kk": "Мәтін болуы керек.",
        "ru": "Должно быть текстом.",
        "en": "Must be text.",
    },
    "type.integer": {
        "kk": "Бүтін сан болуы керек.",
        "ru": "Должно быть целым числом.",
        "en": "Must be a whole number.",
    },
    "type.number": {
        "kk": "Сан болуы керек.",
        "ru": "Должно быть числом.",
        "en": "Must be a number.",
    },
    "type.boolean": {
        "kk": "«Иә» немесе «жоқ» болуы керек.",
        "ru": "Должно быть «да» или «нет».",
        "en": "Must be yes or no.",
    },
    "type.object": {
        "kk": "Өрістер жиыны болуы керек.",
        "ru": "Должно быть набором полей.",
        "en": "Must be a set of fields.",
    },
    "type.array": {
        "kk": "Тізім болуы керек.",
        "ru": "Должно быть списком.",
        "en": "Must be a list.",
    },
    "format.date": {
        "kk": "Күнді ЖЖЖЖ-АА-КК түрінде енгізіңіз.",
        "ru": "Введите дату в виде ГГГГ-ММ-ДД.",
        "en": "Enter a date as YYYY-MM-DD.",
    },
    "format.email": {
        "kk": "Электрондық пошта мекенжайы дұрыс емес.",
        "ru": "Неверный адрес электронной почты.",
        "en": "Not a valid e-mail address.",
    },
    "format.other": {
        "kk": "Пішімі дұрыс емес.",
        "ru": "Неверный формат.",
        "en": "Not in the expected format.",
    },
    "iin.not_12_digits": {
        "kk": "ЖСН 12 цифрдан тұрады.",
        "ru": "ИИН состоит из 12 цифр.",
        "en": "An IIN has 12 digits.",
    },
    "iin.bad_date": {
        "kk": "ЖСН-нің алғашқы 6 цифры дұрыс туған күн емес.",
        "ru": "Первые 6 цифр ИИН не образуют верную дату рождения.",
        "en": "The first 6 digits of the IIN are not a valid birth date.",
    },
    "iin.bad_century": {
        "kk": "ЖСН-нің 7-цифры 1-ден 6-ға дейін болуы керек.",
        "ru": "7-я цифра ИИН должна быть от 1 до 6.",
        "en": "The 7th digit of an IIN must be 1 to 6.",
    },
    "iin.bad_type": {
        "kk": "БСН-нің 5-6 цифрлары заңды тұлға түріне сәйкес келмейді.",
        "ru": "5-я и 6-я цифры БИН не соответствуют типу юридического лица.",
        "en": "The 5th and 6th digits of the BIN are not a valid entity type.",
    },
    "iin.bad_check_digit": {
        "kk": "Бақылау цифры сәйкес келмейді: нөмірде қате бар.",
        "ru": "Не сходится контрольная цифра: в номере ошибка.",
        "en": "The check digit does not match: the number has a typo.",
    },
    "iin.not_accepted": {
        "kk": "Бұл ЖСН-ді осы өтінішке қабылдай алмаймыз: {whom} болуы керек.",
        "ru": "Мы не можем принять этот ИИН для этого заявления: нужен {whom}.",
        "en": "We cannot accept this IIN for this application: it must be {whom}.",
    },
    "pattern": {
        "kk": "Пішімі дұрыс емес.",
        "ru": "Неверный формат.",
        "en": "Not in the expected format.",
    },
    "min_length": {
        "kk": "Кемінде {limit} таңба болуы керек.",
        "ru": "Не короче {limit} символов.",
        "en": "Must be at least {limit} characters.",
    },
    "max_length": {
        "kk": "{limit} таңбадан аспауы керек.",
        "ru": "Не длиннее {limit} символов.",
        "en": "Must be at most {limit} characters.",
    },
    "minimum": {
        "kk": "Кемінде {limit} болуы керек.",
        "ru": "Должно быть не меньше {limit}.",
        "en": "Must be at least {limit}.",
    },
    "maximum": {
        "kk": "{limit} мәнінен аспауы керек.",
        "ru": "Должно быть не больше {limit}.",
        "en": "Must be at most {limit}.",
    },
    "choice": {
        "kk": "Ұсынылған нұсқалардың бірін таңдаңыз.",
        "ru": "Выберите один из предложенных вариантов.",
        "en": "Choose one of the offered options.",
    },
    "consent": {
        "kk": "Жалғастыру үшін растау қажет.",
        "ru": "Для продолжения нужно подтверждение.",
        "en": "Please confirm to continue.",
    },
    "unknown_field": {
        "kk": "Мұндай өріс жоқ.",
        "ru": "Такого поля нет.",
        "en": "There is no such field.",
    },
    "invalid": {"kk": "Мәні дұрыс емес.", "ru": "Неверное значение.", "en": "Invalid value."},
    "invalid_application": {
        "kk": "Өтінімде қателер бар. Төмендегі өрістерді түзетіңіз.",
        "ru": "В заявке есть ошибки. Исправьте поля ниже.",
        "en": "The application has errors. Please correct the fields below.",
    },
    "no_services_apply": {
        "kk": "Жауаптарыңыз бойынша бірде-бір қызмет сәйкес келмейді.",
        "ru": "По вашим ответам не подходит ни одна услуга.",
        "en": "Based on your answers no service applies.",
    },
    "not_found.application": {
        "kk": "Өтінім табылмады.",
        "ru": "Заявка не найдена.",
        "en": "Application not found.",
    },
    "not_found.case": {"kk": "Іс табылмады.", "ru": "Дело не найдено.", "en": "Case not found."},
    "not_found.payment": {
        "kk": "Төлем табылмады.",
        "ru": "Платёж не найден.",
        "en": "Payment not found.",
    },
    "not_found.payment_provider": {
        "kk": "Мұндай төлем провайдері жоқ.",
        "ru": "Такого платёжного провайдера нет.",
        "en": "There is no such payment provider.",
    },
    "payment.unavailable": {
        "kk": "Бұл серверде баждарды онлайн төлеу әзірге қолжетімсіз. Өтінішіңіз сақталды.",
        "ru": "Онлайн-оплата пошлин на этом сервере пока недоступна. Ваше заявление сохранено.",
        "en": "Fees cannot be paid online on this server yet. Your application is kept.",
    },
    "payment.nothing_to_pay": {
        "kk": "Бұл өтініш бойынша төлейтін ештеңе жоқ.",
        "ru": "По этому заявлению нечего оплачивать.",
        "en": "There is nothing to pay for this application.",
    },
    "payment.provider_mismatch": {
        "kk": "Провайдердің төлем туралы деректері сәйкес келмейді; төлем тексеріледі.",
        "ru": "Данные провайдера о платеже не совпадают; платёж будет проверен.",
        "en": "The provider's record of the payment does not match; it will be checked.",
    },
    "payment.webhook_unsigned": {
        "kk": "Хабарлама қол қойылмаған (webhook-id, webhook-timestamp, webhook-signature).",
        "ru": "Уведомление не подписано (webhook-id, webhook-timestamp, webhook-signature).",
        "en": "The webhook is not signed (webhook-id, webhook-timestamp, webhook-signature).",
    },
    "payment.webhook_signature": {
        "kk": "Хабарламаның қолтаңбасы дұрыс емес.",
        "ru": "Подпись уведомления неверна.",
        "en": "The webhook's signature is wrong.",
    },
    "payment.webhook_too_old": {
        "kk": "Хабарлама тым ескі немесе уақыты дұрыс емес (қайталау болуы мүмкін).",
        "ru": "Уведомление слишком старое или его время неверно (возможен повтор).",
        "en": "The webhook is too old or its time is wrong (it may be a replay).",
    },
    "payment.no_receipt": {
        "kk": "Түбіртек тек өткен төлемге беріледі.",
        "ru": "Квитанция есть только у прошедшего платежа.",
        "en": "Only a payment that went through has a receipt.",
    },
    "payment.report_needs_key": {
        "kk": "Төлем туралы хабарламаға Idempotency-Key тақырыбы қажет.",
        "ru": "Сообщению о платеже нужен заголовок Idempotency-Key.",
        "en": "A payment report needs an Idempotency-Key header.",
    },
    "payment.report_unsigned": {
        "kk": "Төлем туралы хабарлама қол қойылмаған (Payment-Timestamp, Payment-Signature).",
        "ru": "Сообщение о платеже не подписано (Payment-Timestamp, Payment-Signature).",
        "en": "The payment report is not signed (Payment-Timestamp, Payment-Signature).",
    },
    "payment.report_signature": {
        "kk": "Төлем туралы хабарламаның қолтаңбасы дұрыс емес.",
        "ru": "Подпись сообщения о платеже неверна.",
        "en": "The payment report's signature is wrong.",
    },
    "payment.report_too_old": {
        "kk": "Төлем туралы хабарлама тым ескі немесе уақыты дұрыс емес.",
        "ru": "Сообщение о платеже слишком старое или его время неверно.",
        "en": "The payment report is too old or its time is wrong.",
    },
    "payment.partner_without_secret": {
        "kk": "Серіктестің қол қою құпиясы жоқ; оны операторыңыздан сұраңыз.",
        "ru": "У партнёра нет секрета для подписи; запросите его у оператора.",
        "en": "The partner has no signing secret; ask the operator for one.",
    },
    "payment.amount_mismatch": {
        "kk": "Сома төленуге тиісті сомаға сәйкес келмейді.",
        "ru": "Сумма не совпадает с суммой к оплате.",
        "en": "The amount is not the amount due.",
    },
    "payment.already_reported": {
        "kk": "Бұл төлем бұрын хабарланған.",
        "ru": "Об этом платеже уже сообщено.",
        "en": "This payment has been reported already.",
    },
    "payment.webhook_malformed": {
        "kk": "Хабарламаның мазмұнын оқу мүмкін емес.",
        "ru": "Содержимое уведомления не читается.",
        "en": "The webhook's content cannot be read.",
    },
    "not_found.service": {
        "kk": "Мұндай қызмет жоқ.",
        "ru": "Такой услуги нет.",
        "en": "There is no such service.",
    },
    "not_found.life_situation": {
        "kk": "Мұндай өмірлік жағдай жоқ.",
        "ru": "Такой жизненной ситуации нет.",
        "en": "There is no such life situation.",
    },
    "not_found.officer": {
        "kk": "Мұндай қызметкер жоқ.",
        "ru": "Такого сотрудника нет.",
        "en": "There is no such officer.",
    },
    "not_found.page": {
        "kk": "Бет табылмады.",
        "ru": "Страница не найдена.",
        "en": "Page not found.",
    },
    "choose_one_of_situation_or_service": {
        "kk": "Өмірлік жағдайды немесе бір қызметті таңдаңыз (екеуін бірге емес).",
        "ru": "Укажите жизненную ситуацию или одну услугу (не обе сразу).",
        "en": "Name a life situation or one service (not both).",
    },
    "application.not_draft": {
        "kk": "Өтінім жіберілген, оны енді өзгертуге болмайды.",
        "ru": "Заявка уже подана, изменить её нельзя.",
        "en": "The application has been submitted and can no longer be changed.",
    },
    "application.not_withdrawable": {
        "kk": "Бұл өтінімді қайтарып алуға болмайды: барлық шешімдер қабылданған.",
        "ru": "Эту заявку нельзя отозвать: по ней уже приняты все решения.",
        "en": "This application cannot be withdrawn: every decision has been made.",
    },
    "case.already_decided": {
        "kk": "Бұл іс бойынша шешім қабылданған.",
        "ru": "По этому делу уже принято решение.",
        "en": "This case has already been decided.",
    },
    "case.other_agency": {
        "kk": "Бұл іс басқа мекемеге тиесілі.",
        "ru": "Это дело относится к другому ведомству.",
        "en": "This case belongs to another agency.",
    },
    # Stages of a case: prepared, signed off, returned (casework.stages)
    "stage.send_back_prepared": {
        "kk": "Бұл іс бойынша шешім қол қоюды күтуде: оны түзетуге қайтармас бұрын шешімді "
        "келісіңіз немесе қайта қарауға қайтарыңыз.",
        "ru": "Решение по этому делу ждёт согласования: прежде чем возвращать заявление на "
        "исправление, согласуйте решение или верните его на проверку.",
        "en": "A decision on this case waits for sign-off: sign it off or return it to review "
        "before sending the application back for correction.",
    },
    "stage.already_prepared": {
        "kk": "Бұл іс бойынша шешім дайындалған: ол қол қоюды күтуде.",
        "ru": "Решение по этому делу уже подготовлено и ждёт согласования.",
        "en": "A decision on this case is already prepared and waits for sign-off.",
    },
    "stage.nothing_to_sign": {
        "kk": "Бұл іс бойынша қол қоюды күтетін шешім жоқ.",
        "ru": "По этому делу нет решения, ожидающего согласования.",
        "en": "No decision on this case waits for sign-off.",
    },
    "stage.role_required": {
        "kk": "Бұл кезеңде шешімге тек басшы (supervisor рөлі) қол қоя алады.",
        "ru": "На этом этапе решение согласует только руководитель (роль supervisor).",
        "en": "At this stage only a supervisor (the supervisor role) signs off the decision.",
    },
    "stage.four_eyes": {
        "kk": "Өзіңіз дайындаған шешімге қол қоя алмайсыз: оны басқа қызметкер тексеруі керек "
        "(төрт көз қағидаты).",
        "ru": "Нельзя согласовать решение, которое вы подготовили сами: его проверяет другой "
        "сотрудник (принцип четырёх глаз).",
        "en": "You cannot sign off a decision you prepared yourself: another officer must check "
        "it (four eyes).",
    },
    "stage.note_invalid": {
        "kk": "Шешімді қайтару себебін жазыңыз.",
        "ru": "Напишите, почему решение возвращается.",
        "en": "Write why the decision is returned.",
    },
    "stage.note_required": {
        "kk": "Қызметкерге нені қайта қарау керегін жазыңыз.",
        "ru": "Напишите сотруднику, что нужно пересмотреть.",
        "en": "Write what the officer should look at again.",
    },
    "stage.consulting": {
        "kk": "Шешім басқа органның жауабын күтуде: жауап келгенде немесе мерзімі өткенде ол "
        "келесі кезеңге өтеді.",
        "ru": "Решение ждёт ответа другого органа: оно перейдёт на следующий этап, когда придёт "
        "ответ или истечёт срок.",
        "en": "The decision waits for another agency's answer: it moves to the next stage when "
        "they answer or their term ends.",
    },
    "consultation.other_agency": {
        "kk": "Бұл келісу сұрауы басқа органға жіберілген.",
        "ru": "Этот запрос на согласование направлен другому органу.",
        "en": "This consultation was asked of another agency.",
    },
    "consultation.closed": {
        "kk": "Бұл келісу сұрауына жауап берілген немесе оның мерзімі аяқталған.",
        "ru": "На этот запрос уже ответили, или его срок закончился.",
        "en": "This consultation is already answered, or its term has ended.",
    },
    "consultation.note_invalid": {
        "kk": "Жауапты тексеріңіз.",
        "ru": "Проверьте ответ.",
        "en": "Check the answer.",
    },
    "consultation.note_required": {
        "kk": "Қарсылық білдірсеңіз, себебін жазыңыз.",
        "ru": "Если вы возражаете, напишите почему.",
        "en": "If you object, write why.",
    },
    "consultation.agency_unknown": {
        "kk": "Келісуге тиіс орган жүйеде жоқ: каталогты жүктеңіз.",
        "ru": "Органа, с которым нужно согласовать, нет в системе: загрузите каталог.",
        "en": "The agency to consult is not in the system: load the catalogue.",
    },
    "not_found.consultation": {
        "kk": "Келісу сұрауы табылмады.",
        "ru": "Запрос на согласование не найден.",
        "en": "Consultation not found.",
    },
    "stage.unknown": {
        "kk": "Бұл кезең қызметтің каталогында жоқ.",
        "ru": "Этого этапа больше нет в каталоге услуги.",
        "en": "The service's catalogue no longer names this stage.",
    },
    "case.reversal_not_allowed": {
        "kk": "Шешімдердің күшін жоюға сізде құқық жоқ.",
        "ru": "У вас нет права отменять решения.",
        "en": "You are not allowed to reverse decisions.",
    },
    "case.already_reversed": {
        "kk": "Бұл іс бойынша шешімнің күші жойылған, жаңа шешім күтілуде.",
        "ru": "Решение по этому делу уже отменено, ожидается новое решение.",
        "en": "The decision on this case has already been reversed; a new decision is awaited.",
    },
    "case.not_decided": {
        "kk": "Бұл іс бойынша шешім жоқ: күшін жоятын ештеңе жоқ.",
        "ru": "По этому делу нет решения: отменять нечего.",
        "en": "This case has no decision: there is nothing to reverse.",
    },
    "reversal.invalid": {
        "kk": "Шешімнің күшін жою үшін төмендегі өрістерді түзетіңіз.",
        "ru": "Чтобы отменить решение, исправьте поля ниже.",
        "en": "To reverse the decision, correct the fields below.",
    },
    "reversal.ground_required": {
        "kk": "Шешімнің күшін жою негізін таңдаңыз.",
        "ru": "Выберите основание отмены решения.",
        "en": "Choose the ground for reversing the decision.",
    },
    "reversal.unknown_ground": {
        "kk": "Мұндай негіз жоқ. Мыналардың бірін таңдаңыз: {grounds}.",
        "ru": "Такого основания нет. Выберите одно из: {grounds}.",
        "en": "No such ground. Choose one of: {grounds}.",
    },
    "reversal.reason_required": {
        "kk": "Шешімнің күшін жою себебін жазыңыз: оны азамат оқиды.",
        "ru": "Напишите причину отмены решения: её прочтёт гражданин.",
        "en": "Write the reason for reversing the decision: the citizen reads it.",
    },
    "officer.not_an_officer": {
        "kk": "Бұл пайдаланушы ешбір мекеменің қызметкері емес.",
        "ru": "Этот пользователь не сотрудник ведомства.",
        "en": "This user is not an officer of any agency.",
    },
    "officer.other_agency": {
        "kk": "Қызметкер басқа мекемеде жұмыс істейді.",
        "ru": "Сотрудник работает в другом ведомстве.",
        "en": "The officer works for another agency.",
    },
    "reason.required": {
        "kk": "Бас тарту себебін көрсетіңіз.",
        "ru": "Укажите причину отказа.",
        "en": "Give the reason for the rejection.",
    },
    "subject.not_your_child": {
        "kk": "Тіркелім бойынша бұл адам сіздің балаңыз емес.",
        "ru": "По данным регистра этот человек не является вашим ребёнком.",
        "en": "The registry does not show this person as your child.",
    },
    "subject.not_minor": {
        "kk": "Ата-ана тек кәмелетке толмаған бала үшін өтініш бере алады.",
        "ru": "Родитель может подать заявку только за несовершеннолетнего ребёнка.",
        "en": "A parent can only apply for a child under 18.",
    },
    "exchange.refused": {
        "kk": "Тіркелім бұл деректерді беруден бас тартты ({code}). Қолдау қызметіне хабарласыңыз.",
        "ru": "Регистр отказал в выдаче этих данных ({code}). Обратитесь в службу поддержки.",
        "en": "The registry refused to give this data ({code}). Please contact support.",
    },
    "exchange.unavailable": {
        "kk": "Тіркелім қазір жауап бермей тұр. Сәлден соң қайталаңыз.",
        "ru": "Регистр сейчас не отвечает. Повторите чуть позже.",
        "en": "The registry is not answering right now. Try again shortly.",
    },
    "applicant.unknown": {
        "kk": "Сіздің ЖСН халық тіркелімінде табылмады.",
        "ru": "Ваш ИИН не найден в регистре населения.",
        "en": "Your IIN is not in the population registry.",
    },
    "idempotency.conflict": {
        "kk": "Бұл Idempotency-Key басқа сұрауда қолданылған.",
        "ru": "Этот Idempotency-Key уже использован для другого запроса.",
        "en": "This Idempotency-Key was already used for a different request.",
    },
    "idempotency.in_progress": {
        "kk": "Осы Idempotency-Key бар сұрау әлі өңделуде. Сәлден соң қайталаңыз.",
        "ru": "Запрос с этим Idempotency-Key ещё обрабатывается. Повторите чуть позже.",
        "en": "A request with this Idempotency-Key is still being processed. Try again shortly.",
    },
    "idempotency.key_malformed": {
        "kk": "Idempotency-Key бос орынсыз 1–{limit} көрінетін ASCII таңбасынан тұруы керек.",
        "ru": "Idempotency-Key должен состоять из 1–{limit} видимых символов ASCII без пробелов.",
        "en": "An Idempotency-Key is 1 to {limit} visible ASCII characters, without spaces.",
    },
    "cursor.invalid": {
        "kk": "Бет курсоры жарамсыз: алдыңғы жауаптағы курсорды өзгертпей жіберіңіз.",
        "ru": "Неверный курсор страницы: передайте курсор из предыдущего ответа без изменений.",
        "en": "The page cursor is not valid: send the one of the previous answer unchanged.",
    },
    "auth.required": {
        "kk": "Жүйеге кіріңіз.",
        "ru": "Войдите в систему.",
        "en": "Please sign in.",
    },
    "auth.development_token_refused": {
        "kk": "Әзірлеу токендері тек демодағы азаматтарға арналған. Қызметкерлер мен "
        "операторлар екінші фактормен кіреді.",
        "ru": "Токены разработки только для граждан в демо. Сотрудники и операторы входят "
        "со вторым фактором.",
        "en": "Development tokens are for citizens in a demo only. Officers and operators sign "
        "in with their second factor.",
    },
    "auth.citizen_only": {
        "kk": "Бұл әрекет тек азаматтарға арналған.",
        "ru": "Это действие доступно только гражданам.",
        "en": "Only citizens can do this.",
    },
    "auth.officer_only": {
        "kk": "Бұл әрекет тек мекеме қызметкерлеріне арналған.",
        "ru": "Это действие доступно только сотрудникам ведомств.",
        "en": "Only agency officers can do this.",
    },
    "request.malformed": {
        "kk": "Сұрау дұрыс емес: {detail}",
        "ru": "Неверный запрос: {detail}",
        "en": "Malformed request: {detail}",
    },
    "request.csrf": {
        "kk": "Қауіпсіздік тексерісі өтпеді: бетті жаңартып, қайталаңыз.",
        "ru": "Проверка безопасности не пройдена: обновите страницу и повторите.",
        "en": "The security check failed: reload the page and try again.",
    },
    "request.too_large": {
        "kk": "Сұрау тым үлкен.",
        "ru": "Запрос слишком большой.",
        "en": "The request is too large.",
    },
    "server.error": {
        "kk": "Ішкі қате. Енгізген деректеріңіз сақталды; кейінірек қайталаңыз.",
        "ru": "Внутренняя ошибка. Введённые данные сохранены; повторите позже.",
        "en": "Internal error. What you entered is kept; please try again later.",
    },
    "rating.invalid": {
        "kk": "Бағаңызды тексеріңіз.",
        "ru": "Проверьте вашу оценку.",
        "en": "Please check your rating.",
    },
    "rating.score_range": {
        "kk": "1-ден (өте нашар) 5-ке (өте жақсы) дейін баға таңдаңыз.",
        "ru": "Выберите оценку от 1 (очень плохо) до 5 (отлично).",
        "en": "Choose a score from 1 (very poor) to 5 (excellent).",
    },
    "rating.not_decided": {
        "kk": "Қызметті оған шешім шыққаннан кейін ғана бағалауға болады.",
        "ru": "Оценить услугу можно только после того, как по ней принято решение.",
        "en": "You can rate a service only after it has been decided.",
    },
    "rating.closed": {
        "kk": "Бағаны тек алғаш қойылғаннан кейін {days} күн ішінде өзгертуге болады.",
        "ru": "Оценку можно изменить только в течение {days} дней после того, как она поставлена.",
        "en": "A rating can be changed only within {days} days of giving it.",
    },
    "officer.sign_in_failed": {
        "kk": "Пайдаланушы аты, құпиясөз немесе код қате. Қайталап көріңіз.",
        "ru": "Неверное имя пользователя, пароль или код. Попробуйте ещё раз.",
        "en": "The user name, password or code is not right. Please try again.",
    },
    "officer.sign_in_locked": {
        "kk": "Сәтсіз әрекеттер тым көп. Кіру {minutes} минутқа бұғатталды.",
        "ru": "Слишком много неудачных попыток. Вход заблокирован на {minutes} минут.",
        "en": "Too many failed attempts. Signing in is locked for {minutes} minutes.",
    },
    "officer.no_second_factor": {
        "kk": "Есептік жазбаңызда екінші фактор (TOTP) жоқ. Оны қосуды операторлардан сұраңыз.",
        "ru": "У учётной записи нет второго фактора (TOTP). Попросите операторов подключить его.",
        "en": "Your account has no second factor (TOTP) yet. Ask the operators to set one up.",
    },
    "signin.code_format": {
        "kk": "6 цифрдан тұратын кодты енгізіңіз.",
        "ru": "Введите код из 6 цифр.",
        "en": "Enter the 6-digit code.",
    },
    "signin.code_wrong": {
        "kk": "Код қате немесе оның мерзімі өтіп кеткен. Тексеріңіз немесе жаңа код сұратыңыз.",
        "ru": "Код неверный или устарел. Проверьте его или запросите новый код.",
        "en": "The code is wrong or has expired. Check it, or ask for a new code.",
    },
    "signin.locked": {
        "kk": "Мұнда қате код тым көп енгізілді. Кіру бұғатталды: {minutes} минуттан кейін "
        "қайталаңыз.",
        "ru": "Здесь введено слишком много неверных кодов. Вход заблокирован: повторите через "
        "{minutes} мин.",
        "en": "Too many wrong codes were typed here. Signing in is locked: try again in "
        "{minutes} min.",
    },
    "signin.too_many_codes": {
        "kk": "Мұнда тым көп код сұралды. Кейінірек қайталаңыз.",
        "ru": "Отсюда запрошено слишком много кодов. Повторите позже.",
        "en": "Too many codes were asked from here. Please try again later.",
    },
    "signin.unavailable": {
        "kk": "Бұл серверде жүйеге кіру әзірге қолжетімсіз: сәйкестендіру провайдері бапталмаған.",
        "ru": "Вход на этом сервере пока недоступен: провайдер идентификации не настроен.",
        "en": "Signing in is not available on this server yet: no identity provider is set up.",
    },
    "signin.unknown_person": {
        "kk": "Халық тізілімінде бұл ЖСН бар тірі адам жоқ, сондықтан кіру мүмкін емес.",
        "ru": "В реестре населения нет живущего человека с этим ИИН, поэтому войти нельзя.",
        "en": "The population registry has no living person with this IIN, so you cannot sign in.",
    },
    "signin.redirect_lost": {
        "kk": "Кіру уақыты өтіп кетті немесе басқа браузерде басталды. Қайтадан кіріңіз.",
        "ru": "Вход истёк или был начат в другом браузере. Войдите ещё раз.",
        "en": "This sign-in has expired or was started in another browser. Please sign in again.",
    },
    # identity: OpenID Connect
    "signin.oidc.unreachable": {
        "kk": "Сәйкестендіру провайдеріне қазір қосылу мүмкін емес. Кейінірек қайталаңыз "
        "немесе басқа тәсілмен кіріңіз.",
        "ru": "Провайдер идентификации сейчас недоступен. Повторите позже или войдите "
        "другим способом.",
        "en": "The identity provider cannot be reached right now. Please try again later, or "
        "sign in another way.",
    },
    "signin.oidc.state": {
        "kk": "Провайдердің жауабы осы браузерде басталған кіруге сәйкес келмейді. Қайтадан "
        "кіріңіз.",
        "ru": "Ответ провайдера не соответствует входу, начатому в этом браузере. Войдите ещё раз.",
        "en": "The provider's answer does not match the sign-in started in this browser. "
        "Please sign in again.",
    },
    "signin.oidc.denied": {
        "kk": "Кіру провайдерде тоқтатылды немесе рұқсат етілмеді.",
        "ru": "Вход был отменён или не разрешён у провайдера.",
        "en": "Signing in was cancelled or not allowed at the provider.",
    },
    "signin.oidc.provider_error": {
        "kk": "Сәйкестендіру провайдері кіруді растамады. Қайтадан кіріп көріңіз.",
        "ru": "Провайдер идентификации не подтвердил вход. Попробуйте войти ещё раз.",
        "en": "The identity provider did not confirm the sign-in. Please try signing in again.",
    },
    "signin.oidc.issuer": {
        "kk": "Жауапты бапталған провайдер емес, басқа біреу берген. Кіру мүмкін емес.",
        "ru": "Ответ выдан не настроенным провайдером, а кем-то другим. Войти нельзя.",
        "en": "The answer was issued by someone other than the configured provider, so it "
        "cannot sign you in.",
    },
    "signin.oidc.audience": {
        "kk": "Провайдердің жауабы басқа қызметке арналған, сондықтан мұнда кіруге жарамайды.",
        "ru": "Ответ провайдера предназначен другой службе, поэтому войти с ним здесь нельзя.",
        "en": "The provider's answer was meant for another service, so it cannot sign you in here.",
    },
    "signin.oidc.expired": {
        "kk": "Провайдердің жауабының мерзімі өтіп кеткен. Қайтадан кіріңіз.",
        "ru": "Срок действия ответа провайдера истёк. Войдите ещё раз.",
        "en": "The provider's answer has expired. Please sign in again.",
    },
    "signin.oidc.not_yet_valid": {
        "kk": "Провайдердің жауабы болашақ уақытпен белгіленген: сағаттардың бірі қате. "
        "Кейінірек қайталаңыз.",
        "ru": "Ответ провайдера помечен будущим временем: чьи-то часы спешат. Повторите позже.",
        "en": "The provider's answer is dated in the future: a clock is wrong. Please try "
        "again later.",
    },
    "signin.oidc.signature": {
        "kk": "Провайдердің жауабындағы қолтаңба оның кілттерімен расталмады. Кіру мүмкін емес.",
        "ru": "Подпись ответа провайдера не подтверждается его ключами. Войти нельзя.",
        "en": "The signature of the provider's answer does not match its keys, so it cannot "
        "sign you in.",
    },
    "signin.oidc.nonce": {
        "kk": "Провайдердің жауабы осы кіруге берілмеген. Қайтадан кіріңіз.",
        "ru": "Ответ провайдера выдан не для этого входа. Войдите ещё раз.",
        "en": "The provider's answer was not issued for this sign-in. Please sign in again.",
    },
    "signin.oidc.nonce_replayed": {
        "kk": "Провайдердің бұл жауабы бұрын қолданылған және қайта жарамайды. Қайтадан кіріңіз.",
        "ru": "Этот ответ провайдера уже был использован и повторно не годится. Войдите ещё раз.",
        "en": "This answer of the provider was already used and does not work twice. Please "
        "sign in again.",
    },
    "signin.oidc.invalid_token": {
        "kk": "Провайдердің жауабы толық емес немесе бұзылған. Қайтадан кіріп көріңіз.",
        "ru": "Ответ провайдера неполон или повреждён. Попробуйте войти ещё раз.",
        "en": "The provider's answer is incomplete or damaged. Please try signing in again.",
    },
    "signin.oidc.no_iin": {
        "kk": "Провайдер сіздің ЖСН-іңізді жібермеді, сондықтан кіру мүмкін емес.",
        "ru": "Провайдер не передал ваш ИИН, поэтому войти нельзя.",
        "en": "The provider did not give your IIN, so you cannot sign in.",
    },
    # identity: SMS one-time passwords, SMS confirmation codes, the SMS gateway's reports
    "confirmation.no_mobile_phone": {
        "kk": "Халық тізілімінде сіздің ұялы нөміріңіз жоқ, сондықтан SMS-код жіберу мүмкін "
        "емес. Нөміріңізді ХҚКО-да тіркеңіз немесе ЭЦҚ-мен қол қойыңыз.",
        "ru": "В реестре населения нет вашего мобильного номера, поэтому SMS-код отправить "
        "нельзя. Зарегистрируйте номер в ЦОН или подпишите ЭЦП.",
        "en": "The population registry holds no mobile number for you, so no SMS code can be "
        "sent. Register your number at a service centre, or sign with your EDS.",
    },
    "confirmation.locked": {
        "kk": "Мұнда қате код тым көп енгізілді. Растау бұғатталды: {minutes} минуттан кейін "
        "қайталаңыз.",
        "ru": "Здесь введено слишком много неверных кодов. Подтверждение заблокировано: "
        "повторите через {minutes} мин.",
        "en": "Too many wrong codes were typed here. Confirming is locked: try again in "
        "{minutes} min.",
    },
    "sms.unknown_gateway": {
        "kk": "Мұндай SMS шлюзі жоқ.",
        "ru": "Такого SMS-шлюза нет.",
        "en": "There is no such SMS gateway.",
    },
    "sms.unknown_message": {
        "kk": "Мұндай SMS хабарламасы жоқ.",
        "ru": "Такого SMS-сообщения нет.",
        "en": "There is no such text message.",
    },
    "sms.report_signature": {
        "kk": "Жеткізу туралы есептің қолтаңбасы қате.",
        "ru": "Неверная подпись отчёта о доставке.",
        "en": "The delivery report's signature is wrong.",
    },
    "sms.report_stale": {
        "kk": "Жеткізу туралы есеп тым ескі немесе уақыты қате: ол қабылданбады.",
        "ru": "Отчёт о доставке слишком старый или с неверным временем: он не принят.",
        "en": "The delivery report is too old, or its time is wrong: it is refused.",
    },
    "sms.report_malformed": {
        "kk": "Жеткізу туралы есепті оқу мүмкін емес.",
        "ru": "Отчёт о доставке не удаётся прочитать.",
        "en": "The delivery report cannot be read.",
    },
    "sms.report_unsupported": {
        "kk": "Бұл SMS шлюзі жеткізу туралы есеп жібермейді.",
        "ru": "Этот SMS-шлюз не присылает отчёты о доставке.",
        "en": "This SMS gateway sends no delivery reports.",
    },
    # identity: EDS (digital signature certificates)
    "signature.malformed": {
        "kk": "Қол қойылған құжатты оқу мүмкін емес: ол бір қолтаңбасы бар XML құжаты емес.",
        "ru": "Подписанный документ не читается: это не XML-документ с одной подписью.",
        "en": "The signed document cannot be read: it is not an XML document with one signature.",
    },
    "signature.invalid": {
        "kk": "Қолтаңба жарамсыз: құжат қол қойылғаннан кейін өзгертілген немесе қолтаңба "
        "бұзылған.",
        "ru": "Подпись недействительна: документ изменён после подписания или подпись повреждена.",
        "en": "The signature is not valid: the document was changed after signing, or the "
        "signature is damaged.",
    },
    "signature.certificate_expired": {
        "kk": "ЭЦҚ сертификатының мерзімі өтіп кеткен. Ұлттық куәландырушы орталықтан жаңасын "
        "алыңыз.",
        "ru": "Срок действия сертификата ЭЦП истёк. Получите новый в Национальном удостоверяющем "
        "центре.",
        "en": "The EDS certificate has expired. Get a new one from the national certification "
        "authority.",
    },
    "signature.certificate_not_yet_valid": {
        "kk": "ЭЦҚ сертификаты әлі күшіне енбеген.",
        "ru": "Сертификат ЭЦП ещё не вступил в силу.",
        "en": "The EDS certificate is not valid yet.",
    },
    "signature.certificate_revoked": {
        "kk": "ЭЦҚ сертификаты кері қайтарылған және енді жарамсыз.",
        "ru": "Сертификат ЭЦП отозван и больше не действует.",
        "en": "The EDS certificate has been revoked and is no longer valid.",
    },
    "signature.untrusted_issuer": {
        "kk": "ЭЦҚ сертификатын бұл қызмет сенетін куәландырушы орталық бермеген.",
        "ru": "Сертификат ЭЦП выдан не тем удостоверяющим центром, которому доверяет этот сервис.",
        "en": "The EDS certificate was not issued by a certification authority this service "
        "trusts.",
    },
    "signature.revocation_unknown": {
        "kk": "ЭЦҚ сертификатының кері қайтарылмағанын қазір тексеру мүмкін емес. Кейінірек "
        "қайталап көріңіз.",
        "ru": "Сейчас не удаётся проверить, не отозван ли сертификат ЭЦП. Попробуйте позже.",
        "en": "We cannot check right now whether the EDS certificate has been revoked. Please "
        "try again later.",
    },
    "signature.certificate_not_for_signing": {
        "kk": "Бұл ЭЦҚ сертификаты қол қоюға арналмаған.",
        "ru": "Этот сертификат ЭЦП не предназначен для подписи.",
        "en": "This EDS certificate is not meant for signing.",
    },
    "signature.no_person": {
        "kk": "ЭЦҚ сертификатында адамның ЖСН-і жоқ.",
        "ru": "В сертификате ЭЦП не указан ИИН человека.",
        "en": "The EDS certificate does not name a person's IIN.",
    },
    "signin.eds_challenge_lost": {
        "kk": "Қол қоюға берілген мәтіннің мерзімі өтіп кетті немесе ол қолданылған. Қайтадан "
        "қол қойыңыз.",
        "ru": "Текст для подписи устарел или уже использован. Подпишите заново.",
        "en": "The text to sign has expired or was already used. Please sign again.",
    },
    "signin.eds_wrong_challenge": {
        "kk": "Қол қойылған құжат осы бетте берілген мәтін емес.",
        "ru": "Подписан не тот текст, который выдала эта страница.",
        "en": "What was signed is not the text this page gave you to sign.",
    },
    # applications: signatures on applications
    "signing.required": {
        "kk": (
            "Өтінішке қол қою керек: оған ЭЦҚ-мен қол қойыңыз немесе SMS арқылы келген кодпен "
            "растаңыз."
        ),
        "ru": "Заявление нужно подписать: подпишите его ЭЦП или подтвердите кодом из SMS.",
        "en": (
            "This application must be signed: sign it with your EDS or confirm it with the code "
            "sent to you by SMS."
        ),
    },
    "signing.required_eds": {
        "kk": "Өтінішке ЭЦҚ-мен (электрондық цифрлық қолтаңбамен) қол қою керек.",
        "ru": "Заявление нужно подписать ЭЦП (электронной цифровой подписью).",
        "en": "This application must be signed with your EDS (electronic digital signature).",
    },
    "signing.draft_first": {
        "kk": (
            "Бұл қызметке өтініш берушінің қолтаңбасы қажет: алдымен жоба жасаңыз, оның құжатына "
            "өтініш беруші қол қойсын, содан кейін жобаны қолтаңбамен жіберіңіз."
        ),
        "ru": (
            "Для этой услуги нужна подпись заявителя: сначала создайте черновик, пусть заявитель "
            "подпишет его документ, затем отправьте черновик с подписью."
        ),
        "en": (
            "This service needs the applicant's signature: start a draft, have the applicant sign "
            "its document, then submit the draft with the signature."
        ),
    },
    "signing.eds_required": {
        "kk": "Бұл қызмет SMS кодын емес, тек ЭЦҚ-мен қойылған қолтаңбаны қабылдайды.",
        "ru": "Эта услуга принимает только подпись ЭЦП, а не код из SMS.",
        "en": "This service accepts only a signature made with your EDS, not an SMS code.",
    },
    "signing.not_applicant": {
        "kk": (
            "Өтінішке басқа адамның сертификатымен қол қойылған: өтініш беруші өз ЭЦҚ-сымен қол "
            "қоюы керек."
        ),
        "ru": (
            "Заявление подписано сертификатом другого человека: заявитель должен подписать его "
            "своей ЭЦП."
        ),
        "en": (
            "The application is signed with someone else's certificate: the applicant must sign it "
            "with their own EDS."
        ),
    },
    "signing.authentication_certificate": {
        "kk": (
            "Өтінішке жүйеге кіруге арналған сертификатпен (AUTH) қол қойылған: оған қол қоюға "
            "арналған ЭЦҚ кілтімен (RSA немесе GOST) қол қойыңыз."
        ),
        "ru": (
            "Заявление подписано сертификатом для входа (AUTH): подпишите его ключом ЭЦП для "
            "подписи (RSA или GOST)."
        ),
        "en": (
            "The application is signed with your certificate for signing in (AUTH): sign it with "
            "your EDS signing key (RSA or GOST)."
        ),
    },
    "signing.other_document": {
        "kk": (
            "Қолтаңба басқа құжатқа қойылған: өтініш қол қойылғаннан кейін өзгерген немесе құжат "
            "түзетілген. Оған қайта қол қойыңыз."
        ),
        "ru": (
            "Подпись относится к другому документу: заявление изменилось после подписания или "
            "документ был исправлен. Подпишите его ещё раз."
        ),
        "en": (
            "The signature is of another document: the application changed after it was signed, or "
            "the document was altered. Please sign it again."
        ),
    },
    "signing.invalid": {
        "kk": "Қолтаңбаны тексеру мүмкін болмады.",
        "ru": "Подпись не удалось проверить.",
        "en": "The signature could not be verified.",
    },
    "signing.malformed": {
        "kk": "Қол қойылған құжат base64 түрінде емес.",
        "ru": "Подписанный документ передан не в base64.",
        "en": "The signed document is not in base64.",
    },
    "signing.changed": {
        "kk": "Сақталған өтініш қол қойылған құжатқа енді сәйкес келмейді.",
        "ru": "Сохранённое заявление больше не совпадает с подписанным документом.",
        "en": "The stored application no longer matches the document that was signed.",
    },
    "signing.none": {
        "kk": "Бұл өтінішке қол қойылмаған.",
        "ru": "Это заявление не подписано.",
        "en": "This application was not signed.",
    },
    "signing.confirmation_missing": {
        "kk": "Бұл өтініштің SMS арқылы расталуы табылмады.",
        "ru": "Подтверждение этого заявления по SMS не найдено.",
        "en": "The SMS confirmation of this application cannot be found.",
    },
    "signing.none_needed": {
        "kk": "Бұл өтінішке қол қоюдың қажеті жоқ.",
        "ru": "Это заявление подписывать не нужно.",
        "en": "This application needs no signature.",
    },
    "signing.sms_unavailable": {
        "kk": "SMS арқылы растау қазір қолжетімсіз: өтінішке ЭЦҚ-мен қол қойыңыз.",
        "ru": "Подтверждение по SMS сейчас недоступно: подпишите заявление ЭЦП.",
        "en": "Confirming by SMS is not available now: please sign the application with your EDS.",
    },
    # representation: mandates, guardianships, companies (who may act for whom)
    "representation.not_allowed": {
        "kk": "Бұл адам немесе компания үшін өтініш бере алмайсыз: {why}.",
        "ru": "Вы не можете подать заявку за этого человека или компанию: {why}.",
        "en": "You cannot apply for this person or company: {why}.",
    },
    "not_found.mandate": {
        "kk": "Сенімхат табылмады.",
        "ru": "Доверенность не найдена.",
        "en": "Mandate not found.",
    },
    "mandate.invalid": {
        "kk": "Сенімхатты тексеріңіз: кейбір өрістер дұрыс толтырылмаған.",
        "ru": "Проверьте доверенность: некоторые поля заполнены неверно.",
        "en": "Check the mandate: some of its fields are wrong.",
    },
    "mandate.representative_minor": {
        "kk": "Өкіл 18 жастан асқан болуы керек (туған күні ЖСН-де көрсетілген).",
        "ru": "Представителю должно быть не меньше 18 лет (дата рождения видна по ИИН).",
        "en": "The representative must be 18 or older (the IIN shows the date of birth).",
    },
    "mandate.same_person": {
        "kk": "Сенім білдіруші мен өкіл екі түрлі адам болуы керек.",
        "ru": "Доверитель и представитель должны быть разными людьми.",
        "en": "The principal and the representative must be two different people.",
    },
    "mandate.unknown_services": {
        "kk": "Бұл адам өтініш беретін қызметтер емес: {services}.",
        "ru": "Это не услуги, которые оформляет человек: {services}.",
        "en": "These are not services a person applies for: {services}.",
    },
    "mandate.until_missing": {
        "kk": "Сенімхаттың соңғы күнін енгізіңіз.",
        "ru": "Укажите последний день действия доверенности.",
        "en": "Enter the last day of the mandate.",
    },
    "mandate.until_past": {
        "kk": "Соңғы күн өткен күн бола алмайды.",
        "ru": "Последний день не может быть в прошлом.",
        "en": "The last day cannot be in the past.",
    },
    "mandate.until_too_far": {
        "kk": "Сенімхат ең көбі {years} жылға беріледі.",
        "ru": "Срок доверенности не может превышать {years} г.",
        "en": "A mandate lasts at most {years} years.",
    },
    "mandate.exists": {
        "kk": "Бұл адамға берген сенімхатыңыз күшінде немесе жауап күтуде: жаңасын беру үшін "
        "алдымен оны тоқтатыңыз.",
        "ru": "Вы уже выдали этому человеку доверенность, которая действует или ждёт ответа: "
        "чтобы выдать новую, сначала прекратите её.",
        "en": "You have already given this person a mandate that is in force or waiting for an "
        "answer: end it first to give another.",
    },
    "mandate.not_offered": {
        "kk": "Бұл сенімхат енді жауап күтпейді.",
        "ru": "Эта доверенность больше не ждёт ответа.",
        "en": "This mandate is no longer waiting for an answer.",
    },
    "mandate.expired": {
        "kk": "Бұл сенімхаттың мерзімі өтті.",
        "ru": "Срок этой доверенности истёк.",
        "en": "This mandate has expired.",
    },
    "mandate.not_in_force": {
        "kk": "Бұл сенімхат күшінде емес: ол қабылданбаған немесе тоқтатылған.",
        "ru": "Эта доверенность не действует: она отклонена или прекращена.",
        "en": "This mandate is not in force: it was declined or ended.",
    },
    "mandate.representative_unknown": {
        "kk": "Халық тіркелімі сізді растамады, сондықтан сенімхатты қабылдау мүмкін емес.",
        "ru": "Регистр населения не подтвердил ваши данные, поэтому принять доверенность нельзя.",
        "en": "The population registry does not confirm you, so the mandate cannot be accepted.",
    },
    "mandate.officer_agency": {
        "kk": "Сенімхаттар мен қорғаншылықты тек оларды тіркейтін мекеменің қызметкерлері "
        "тіркей алады.",
        "ru": "Доверенности и опеку регистрируют только сотрудники ведомства, которое их ведёт.",
        "en": "Only officers of the agency that records mandates may record them.",
    },
    "mandate.kind": {
        "kk": "Нотариаттық сенімхатты немесе қорғаншылықты таңдаңыз.",
        "ru": "Выберите: нотариальная доверенность или опека.",
        "en": "Choose a notarised power of attorney or a guardianship.",
    },
    "mandate.document_reference": {
        "kk": "Құжаттың деректемелерін енгізіңіз (200 таңбаға дейін).",
        "ru": "Укажите реквизиты документа (до 200 символов).",
        "en": "Enter the document's reference (up to 200 characters).",
    },
    "mandate.person_not_found": {
        "kk": "Халық тіркелімінде осы ЖСН-і бар тірі адам жоқ.",
        "ru": "В регистре населения нет живого человека с этим ИИН.",
        "en": "The population registry knows no living person with this IIN.",
    },
    "mandate.services_none": {
        "kk": "Кем дегенде бір қызметті белгілеңіз немесе «Барлық қызметтер» таңдаңыз.",
        "ru": "Отметьте хотя бы одну услугу или выберите «Все услуги».",
        "en": "Tick at least one service, or choose “All services”.",
    },
    "mandate.granted": {
        "kk": "Сенімхат берілді. Өкіл оны qyzmet-ке кіргенде қабылдайды.",
        "ru": "Доверенность выдана. Представитель примет её, когда войдёт в qyzmet.",
        "en": "Mandate given. The representative accepts it when they sign in to qyzmet.",
    },
    "mandate.accepted": {
        "kk": "Сенімхат қабылданды: енді сенім білдірушінің атынан өтініш бере аласыз.",
        "ru": "Доверенность принята: теперь вы можете подавать заявки от имени доверителя.",
        "en": "Mandate accepted: you can now apply in the principal's name.",
    },
    "mandate.declined": {
        "kk": "Сенімхат қабылданбады.",
        "ru": "Доверенность отклонена.",
        "en": "Mandate declined.",
    },
    "mandate.ended": {
        "kk": "Сенімхат тоқтатылды: бұдан былай ол бойынша өтініш беруге болмайды.",
        "ru": "Доверенность прекращена: подавать по ней заявки больше нельзя.",
        "en": "Mandate ended: no application can be made under it any more.",
    },
    "mandate.recorded": {
        "kk": "Өкілдік тіркелді және күшіне енді; екі адамға да хабарланды.",
        "ru": "Представительство зарегистрировано и действует; оба человека уведомлены.",
        "en": "Representation recorded and in force; both people have been told.",
    },
    # identity: officers sign in through EDS or OpenID Connect (decision 36)
    "officer.password_off": {
        "kk": "Мұнда құпиясөз бен код арқылы кіру өшірілген: қызметкерлер мен операторлар ЭЦҚ "
        "арқылы немесе кіру бетінде көрсетілген сәйкестендіру провайдері арқылы кіреді.",
        "ru": "Вход по паролю и коду здесь отключён: сотрудники и операторы входят с ЭЦП или "
        "через провайдера идентификации, указанного на странице входа.",
        "en": "Signing in with a password and a code is switched off here: officers and "
        "operators sign in with their EDS or through the identity provider the sign-in page "
        "shows.",
    },
    "officer.not_linked": {
        "kk": "Сіз кірген адамға ешбір қызметкер тіркелгісі тиесілі емес. Қызметкер болсаңыз, "
        "мекемеңіздің әкімшісінен ЖСН-іңізді тіркелгіңізге байланыстыруды сұраңыз. Азаматтар "
        "порталда кіреді.",
        "ru": "Человеку, под которым вы вошли, не принадлежит ни одна учётная запись "
        "сотрудника. Если вы сотрудник, попросите администратора вашего ведомства привязать ваш "
        "ИИН к вашей учётной записи. Граждане входят на портале.",
        "en": "No officer account belongs to the person you signed in as. If you are an officer, "
        "ask your agency's administrator to tie your IIN to your account. Citizens sign in on "
        "the portal.",
    },
    "officer.inactive": {
        "kk": "Қызметкер тіркелгіңіз бұғатталған. Мекемеңіздің әкімшісіне хабарласыңыз.",
        "ru": "Ваша учётная запись сотрудника заблокирована. Обратитесь к администратору вашего "
        "ведомства.",
        "en": "Your officer account is blocked. Please ask your agency's administrator.",
    },
    "officer.not_staff": {
        "kk": "Бұл тіркелгі мекеме қызметкерінікі де, оператордікі де емес: онымен бэк-офиске "
        "кіруге болмайды.",
        "ru": "Эта учётная запись не принадлежит ни сотруднику ведомства, ни оператору: с ней "
        "нельзя войти в бэк-офис.",
        "en": "This account is neither an officer of an agency nor an operator: it cannot sign "
        "in to the back office.",
    },
    "officer.agency_certificate": {
        "kk": "Мекемеңіздің қызметкерлері мекеме оларға қызметкер ретінде берген ЭЦҚ "
        "сертификатымен кіреді (БСН {bin} көрсетілген ұйым сертификаты). Сол сертификатпен "
        "кіріңіз: жеке сертификат немесе кірудің басқа тәсілі жарамайды.",
        "ru": "Сотрудники вашего ведомства входят с сертификатом ЭЦП, который ведомство выпустило "
        "им как своим работникам (сертификат организации с БИН {bin}). Войдите с ним: личный "
        "сертификат или другой способ входа не подходят.",
        "en": "Your agency's officers sign in with the EDS certificate the agency had issued to "
        "them as its employees (an organisation's certificate with the BIN {bin}). Sign in with "
        "it: a personal certificate or another way of signing in does not do.",
    },
    "officer.iin_taken": {
        "kk": "Бұл ЖСН {username} тіркелгісіне байланыстырылған. Алдымен оны сол жерде ажыратыңыз.",
        "ru": "Этот ИИН уже привязан к учётной записи {username}. Сначала отвяжите его там.",
        "en": "This IIN already belongs to the account {username}. Untie it there first.",
    },
    "officer.sign_in_with_provider": {
        "kk": "ЭЦҚ немесе сәйкестендіру провайдері арқылы кіру",
        "ru": "Войти с ЭЦП или через провайдера идентификации",
        "en": "Sign in with your EDS or your identity provider",
    },
    # applications: signatures judged as of their signing time; company signatures
    "signing.time_mismatch": {
        "kk": "Қолтаңба жазбасындағы уақыт аудит журналында тіркелген өтініш беру уақытымен "
        "сәйкес келмейді: жазба өзгертілген болуы мүмкін.",
        "ru": "Время в записи о подписи не совпадает со временем подачи, запечатанным в журнале "
        "аудита: запись могла быть изменена.",
        "en": "The time on the signature's record does not match the time of submission sealed "
        "in the audit log: the record may have been altered.",
    },
    "signing.company_certificate_for_person": {
        "kk": "Бұл өтінішке компанияның сертификатымен емес, жеке ЭЦҚ-ңызбен қол қойыңыз.",
        "ru": "Подпишите это заявление своей личной ЭЦП, а не сертификатом компании.",
        "en": "Sign this application with your personal EDS, not a company's certificate.",
    },
    "signing.other_company": {
        "kk": "ЭЦҚ сертификаты өтініш берілетін компанияға емес, басқа компанияға тиесілі.",
        "ru": "Сертификат ЭЦП выдан другой компании, а не той, от имени которой подаётся "
        "заявление.",
        "en": "The EDS certificate belongs to another company than the one this application "
        "is made for.",
    },
    "signing.no_right_to_sign": {
        "kk": "Бұл компания сертификатының иесінің компания атынан қол қою құқығы жоқ: бірінші "
        "басшының немесе қол қою құқығы бар адамның сертификатымен қол қойыңыз.",
        "ru": "Владелец этого сертификата компании не имеет права подписи от её имени: "
        "подпишите сертификатом первого руководителя или лица с правом подписи.",
        "en": "The holder of this company certificate may not sign in the company's name: "
        "sign with the certificate of its head or of a person with the right to sign.",
    },
    "signing.company_certificate_needed": {
        "kk": "Компания атынан берілетін өтінішке компанияның ЭЦҚ сертификатымен қол қойыңыз "
        "(жеке ЭЦҚ-мен тек бизнес тізілімінде басшы ретінде көрсетілген адам қол қоя алады).",
        "ru": "Заявление от имени компании подпишите сертификатом ЭЦП компании (личной ЭЦП "
        "может подписать только её руководитель по бизнес-реестру).",
        "en": "Sign an application made in a company's name with the company's EDS "
        "certificate (only its head, as the business registry names them, may sign with a "
        "personal EDS).",
    },
    "signing.time_unevidenced": {
        "kk": "Қол қою уақыты аудит журналында расталмаған (жазба жоқ немесе өзгертілген).",
        "ru": "Время подписания не подтверждено журналом аудита (записи нет или она изменена).",
        "en": "The signing time is not evidenced by the audit log (its record is missing or "
        "altered).",
    },
    "signin.inactive": {
        "kk": "Бұл тіркелгі бұғатталған. Қолдау қызметіне хабарласыңыз.",
        "ru": "Эта учётная запись заблокирована. Обратитесь в службу поддержки.",
        "en": "This account is blocked. Please contact the support service.",
    },
    "verdict.authentic": {
        "kk": "Құжат түпнұсқа: оны мекеме берген және ол өзгертілмеген.",
        "ru": "Документ подлинный: его выдало ведомство, и он не изменён.",
        "en": "The document is authentic: the agency issued it and it has not been changed.",
    },
    "verdict.revoked": {
        "kk": "Құжат кері қайтарылған және енді жарамсыз.",
        "ru": "Документ отозван и больше не действителен.",
        "en": "The document has been revoked and is no longer valid.",
    },
    "verdict.altered": {
        "kk": "Құжат берілгеннен кейін өзгертілген: оған сенуге болмайды.",
        "ru": "Документ изменён после выдачи: доверять ему нельзя.",
        "en": "The document was changed after it was issued: do not rely on it.",
    },
    "verdict.unknown": {
        "kk": "Мұндай нөмірмен құжат берілмеген.",
        "ru": "Документ с таким номером не выдавался.",
        "en": "No document with this number was issued.",
    },
    "verdict.untrusted": {
        "kk": "Қолтаңба сенім түбірі куәландырған мекеме кілтіне сәйкес келмейді.",
        "ru": "Подпись не принадлежит ключу ведомства, заверенному корнем доверия.",
        "en": "The signature is not made with an agency key certified by the trust root.",
    },
    "verdict.unsigned": {
        "kk": "Бұл файлда qyzmet қолтаңбасы жоқ.",
        "ru": "В этом файле нет подписи qyzmet.",
        "en": "This file carries no qyzmet signature.",
    },
    "verdict.unreadable": {
        "kk": "Файлды PDF ретінде оқу мүмкін емес.",
        "ru": "Файл не читается как PDF.",
        "en": "The file cannot be read as a PDF.",
    },
    "partner.scopes": {
        "kk": "Рұқсаттарды (scopes) тізімнен таңдаңыз.",
        "ru": "Выберите разрешения (scopes) из списка.",
        "en": "Choose the scopes from the list.",
    },
    "partner.exists": {
        "kk": "Мұндай серіктес бар.",
        "ru": "Такой партнёр уже есть.",
        "en": "This partner already exists.",
    },
    "auth.scope_missing": {
        "kk": "Бұл әрекет үшін {scope} рұқсаты қажет.",
        "ru": "Для этого действия нужно разрешение {scope}.",
        "en": "This needs the {scope} scope.",
    },
    "auth.partner_needs_consent": {
        "kk": "Серіктес азамат үшін тек оның келісімімен әрекет ете алады.",
        "ru": "Партнёр действует за гражданина только с его согласия.",
        "en": "A partner acts for a citizen only with the citizen's consent.",
    },
    "rate_limited": {
        "kk": "Сұраулар тым көп. {seconds} секундтан кейін қайталаңыз.",
        "ru": "Слишком много запросов. Повторите через {seconds} с.",
        "en": "Too many requests. Try again in {seconds} seconds.",
    },
    "consent.code_wrong": {
        "kk": "Код дұрыс емес немесе мерзімі өтті.",
        "ru": "Код неверен или устарел.",
        "en": "The code is wrong or has expired.",
    },
    "consent.code_budget_spent": {
        "kk": "Бүгін тым көп қате келісім коды жіберілді: растаулар күн соңына дейін "
        "қабылданбайды. Операторларға хабарланды.",
        "ru": "Сегодня отправлено слишком много неверных кодов согласия: подтверждения не "
        "принимаются до конца дня. Операторы уведомлены.",
        "en": "Too many wrong consent codes were sent today: confirmations are refused until the "
        "day ends. The operators have been told.",
    },
    "consent.not_pending": {
        "kk": "Бұл сұрау енді расталмайды.",
        "ru": "Этот запрос больше нельзя подтвердить.",
        "en": "This request can no longer be confirmed.",
    },
    "consent.not_granted": {
        "kk": "Азамат келісім бермеген немесе оны кері қайтарған.",
        "ru": "Гражданин не дал согласия или отозвал его.",
        "en": "The citizen has not given consent, or has revoked it.",
    },
    "consent.too_many": {
        "kk": "Бұл азаматқа сұраулар тым көп. Кейінірек қайталаңыз.",
        "ru": "Слишком много запросов к этому гражданину. Повторите позже.",
        "en": "Too many requests to this citizen. Try again later.",
    },
    "not_found.consent": {
        "kk": "Келісім табылмады.",
        "ru": "Согласие не найдено.",
        "en": "Consent not found.",
    },
    "auth.partner_only": {
        "kk": "Бұл әрекет тек серіктестерге арналған.",
        "ru": "Это действие доступно только партнёрам.",
        "en": "Only partners can do this.",
    },
    "not_found.webhook_delivery": {
        "kk": "Вебхук жеткізілімі табылмады.",
        "ru": "Доставка вебхука не найдена.",
        "en": "Webhook delivery not found.",
    },
    "webhook.not_failed": {
        "kk": "Тек сәтсіз аяқталған немесе жіберу кезінде тоқтап қалған жеткізілімді қайта "
        "жіберуге болады.",
        "ru": "Повторить можно только неудавшуюся доставку или зависшую при отправке.",
        "en": "Only a failed delivery, or one stuck in sending, can be sent again.",
    },
    "consent.approved": {
        "kk": "Келісім берілді. Оны осы жерден кез келген уақытта кері қайтара аласыз.",
        "ru": "Согласие дано. Его можно отозвать здесь в любой момент.",
        "en": "Consent given. You can revoke it here at any time.",
    },
    "consent.refused": {
        "kk": "Сұрау қабылданбады.",
        "ru": "Запрос отклонён.",
        "en": "The request was refused.",
    },
    "consent.revoked": {
        "kk": "Келісім кері қайтарылды: серіктес енді сіздің атыңыздан әрекет ете алмайды.",
        "ru": "Согласие отозвано: партнёр больше не может действовать от вашего имени.",
        "en": "Consent revoked: the partner can no longer act on your behalf.",
    },
    "phone.format": {
        "kk": "Ұялы телефон нөмірін +7 701 123 45 67 түрінде енгізіңіз.",
        "ru": "Введите номер мобильного телефона в виде +7 701 123 45 67.",
        "en": "Enter a mobile number like +7 701 123 45 67.",
    },
    "email.format": {
        "kk": "Электрондық пошта мекенжайын name@example.kz түрінде енгізіңіз.",
        "ru": "Введите адрес электронной почты в виде name@example.kz.",
        "en": "Enter an e-mail address like name@example.kz.",
    },
    "channel.needs_phone": {
        "kk": "SMS алу үшін телефон нөмірін енгізіңіз.",
        "ru": "Чтобы получать SMS, укажите номер телефона.",
        "en": "Enter a phone number to get text messages.",
    },
    "channel.needs_email": {
        "kk": "Хат алу үшін электрондық пошта мекенжайын енгізіңіз.",
        "ru": "Чтобы получать письма, укажите адрес электронной почты.",
        "en": "Enter an e-mail address to get e-mails.",
    },
    "preferences.saved": {
        "kk": "Сақталды.",
        "ru": "Сохранено.",
        "en": "Saved.",
    },
    "not_found.data_access": {
        "kk": "Мұндай сұрау табылмады.",
        "ru": "Такой запрос не найден.",
        "en": "No exchange request has this id.",
    },
    "tracker.invalid": {
        "kk": "Жасыру туралы жазба толық емес. Төмендегі өрістерді түзетіңіз.",
        "ru": "Запись о сокрытии неполна. Исправьте поля ниже.",
        "en": "The concealment is not complete. Please correct the fields below.",
    },
    "tracker.basis": {
        "kk": "Құқықтық негізді көрсетіңіз: {bases}.",
        "ru": "Укажите правовое основание: {bases}.",
        "en": "Name the legal basis: {bases}.",
    },
    "tracker.reference": {
        "kk": "Негіз болған шешімнің немесе істің нөмірін көрсетіңіз.",
        "ru": "Укажите номер решения или дела, на котором основано сокрытие.",
        "en": "Give the number of the decision or case the basis rests on.",
    },
    "tracker.requested_by": {
        "kk": "Кім сұрағанын көрсетіңіз: орган және лауазымды тұлға.",
        "ru": "Укажите, кто запросил: орган и должностное лицо.",
        "en": "Say who asked: the authority and the official.",
    },
    "tracker.until_past": {
        "kk": "Мерзімнің соңы болашақта болуы керек.",
        "ru": "Конец срока должен быть в будущем.",
        "en": "The end of the period must be in the future.",
    },
    "tracker.too_long": {
        "kk": "Сұрауды ең көбі {days} күнге жасыруға болады (дейін {latest}).",
        "ru": "Скрыть запрос можно не более чем на {days} дн. (до {latest}).",
        "en": "An access can be hidden for at most {days} days (until {latest}).",
    },
    "tracker.already_hidden": {
        "kk": "Бұл сұрау бұрын жасырылған ({until} дейін); сұрау тек бір рет жасырылады.",
        "ru": "Этот запрос уже скрывался (до {until}); запрос можно скрыть только один раз.",
        "en": "This access has been hidden before (until {until}); an access is hidden once.",
    },
    "tracker.not_hidden": {
        "kk": "Бұл сұрау қазір жасырылмаған.",
        "ru": "Этот запрос сейчас не скрыт.",
        "en": "This access is not hidden now.",
    },
    "tracker.application": {
        "kk": "Сіздің өтінімдеріңіздің арасында мұндай өтінім жоқ.",
        "ru": "Среди ваших заявок такой нет.",
        "en": "None of your applications has this id.",
    },
    "tracker.registry": {
        "kk": "Тіркелімдердің бірін таңдаңыз: {registries}.",
        "ru": "Выберите один из регистров: {registries}.",
        "en": "Choose one of the registries: {registries}.",
    },
    "tracker.about": {
        "kk": "Кімнің деректері екенін таңдаңыз: {keys}.",
        "ru": "Выберите, чьи это данные: {keys}.",
        "en": "Choose whose data: {keys}.",
    },
    "not_found.offer": {
        "kk": "Ұсыныс табылмады.",
        "ru": "Предложение не найдено.",
        "en": "Offer not found.",
    },
    "offer.accepted": {
        "kk": "Бұл ұсыныс бұрын қабылданған.",
        "ru": "Это предложение уже принято.",
        "en": "This offer has already been accepted.",
    },
    "offer.declined": {
        "kk": "Бұл ұсыныстан бас тартылған.",
        "ru": "От этого предложения вы уже отказались.",
        "en": "This offer has already been declined.",
    },
    "offer.expired": {
        "kk": "Бұл ұсыныстың мерзімі өтті. Қызметке әдеттегідей өтінім бере аласыз.",
        "ru": "Срок этого предложения истёк. Подать заявку на услугу можно обычным порядком.",
        "en": "This offer has expired. You can still apply for the service in the usual way.",
    },
    "offer.done_submitted": {
        "kk": "Дайын: өтінім (№ {number}) мемлекетте бар деректермен берілді.",
        "ru": "Готово: заявка № {number} подана с данными, которые уже есть у государства.",
        "en": "Done: application no. {number} was submitted with the data the state holds.",
    },
    "offer.done_draft": {
        "kk": "Өтінім мемлекетте бар деректермен толтырылды; жетіспейтінін ғана толтырыңыз.",
        "ru": "Заявка заполнена данными государства; добавьте только недостающее.",
        "en": "The application is filled in with what the state holds; add what is missing.",
    },
    "offer.done_declined": {
        "kk": "Ұсыныстан бас тарттыңыз. Қызметке кейін әдеттегідей өтінім бере аласыз.",
        "ru": "Вы отказались от предложения. Позже можно подать заявку обычным порядком.",
        "en": "You declined the offer. You can still apply later in the usual way.",
    },
    "not_found.person": {
        "kk": "Бұл ЖСН халық тіркелімінде жоқ.",
        "ru": "Этого ИИН нет в регистре населения.",
        "en": "This IIN is not in the population registry.",
    },
    "registry_event.person_dead": {
        "kk": "Бұл адам қайтыс болған деп тіркелген.",
        "ru": "Этот человек зарегистрирован как умерший.",
        "en": "This person is registered as deceased.",
    },
    "registry_event.in_future": {
        "kk": "Күн болашақта болмауы керек.",
        "ru": "Дата не может быть в будущем.",
        "en": "The date cannot be in the future.",
    },
    "registry_event.sex": {
        "kk": "Жынысы: M немесе F.",
        "ru": "Пол: M или F.",
        "en": "Sex: M or F.",
    },
    "registry_event.parents_sex": {
        "kk": "Анасы әйел, әкесі ер адам ретінде тіркелген болуы керек.",
        "ru": "Мать должна быть зарегистрирована как женщина, отец — как мужчина.",
        "en": "The mother must be registered as a woman and the father as a man.",
    },
    "registry_event.reason": {
        "kk": "Себеп: liquidation, staff_reduction, contract_expired, own_initiative, other.",
        "ru": "Причина: liquidation, staff_reduction, contract_expired, own_initiative, other.",
        "en": "Reason: liquidation, staff_reduction, contract_expired, own_initiative or other.",
    },
    "registry_event.not_pension_age": {
        "kk": "Бұл адам зейнеткерлік жасқа әлі толған жоқ.",
        "ru": "Этот человек ещё не достиг пенсионного возраста.",
        "en": "This person has not reached pension age yet.",
    },
    "registry_event.not_employed": {
        "kk": "Еңбек тіркелімінде бұл адамның жұмыс шарты жоқ.",
        "ru": "В регистре занятости у этого человека нет действующего трудового договора.",
        "en": "The labour registry holds no open employment contract of this person.",
    },
    "registry_event.no_iin_left": {
        "kk": "Осы туған күнге бос ЖСН қалмады.",
        "ru": "Для этой даты рождения не осталось свободных ИИН.",
        "en": "No IIN is left for this date of birth.",
    },
    "not_found.document": {
        "kk": "Құжат табылмады.",
        "ru": "Документ не найден.",
        "en": "Document not found.",
    },
    "document.case_not_approved": {
        "kk": "Құжат тек мақұлданған іс бойынша беріледі.",
        "ru": "Документ выдаётся только по одобренному делу.",
        "en": "A document is issued only for an approved case.",
    },
    "document.already_revoked": {
        "kk": "Бұл құжат бұрын кері қайтарылған.",
        "ru": "Этот документ уже отозван.",
        "en": "This document has already been revoked.",
    },
    "document.file_too_large": {
        "kk": "Файл тым үлкен: ең көбі {limit} МБ.",
        "ru": "Файл слишком большой: не более {limit} МБ.",
        "en": "The file is too large: at most {limit} MB.",
    },
    "document.file_missing": {
        "kk": "Тексеретін PDF файлын таңдаңыз.",
        "ru": "Выберите PDF-файл для проверки.",
        "en": "Choose the PDF file to check.",
    },
    # forms: specific messages for a field, built from its label (GOV.UK's error-message
    # pattern); see applications/error_messages.py. {label} is the label as written; in
    # English {lower} and {upper} are it in running text with its article, {bare} without.
    "field.required": {
        "kk": "«{label}» өрісін толтырыңыз",
        "ru": "Заполните поле «{label}»",
        "en": "Enter {lower}",
    },
    "field.required.choice": {
        "kk": "«{label}» үшін бір нұсқаны таңдаңыз",
        "ru": "Выберите вариант в поле «{label}»",
        "en": "Select {lower}",
    },
    "field.required.date": {
        "kk": "«{label}» өрісіне күнді, айды және жылды енгізіңіз",
        "ru": "Введите день, месяц и год в поле «{label}»",
        "en": "Enter {lower}",
    },
    "field.consent": {
        "kk": "Растаңыз: «{label}»",
        "ru": "Подтвердите: «{label}»",
        "en": "Confirm that {lower}",
    },
    "field.choice": {
        "kk": "«{label}» үшін ұсынылған нұсқалардың бірін таңдаңыз",
        "ru": "Выберите один из предложенных вариантов в поле «{label}»",
        "en": "Select one of the options for {lower}",
    },
    "field.digits": {
        "kk": "«{label}» {count} цифрдан тұруы керек",
        "ru": "{label}: введите {count} {digits}",
        "en": "Enter a {count}-digit {bare}",
    },
    "field.pattern": {
        "kk": "«{label}» өрісіне мәнді көрсетілген пішімде енгізіңіз",
        "ru": "Введите значение поля «{label}» в указанном формате",
        "en": "Enter {lower} in the format shown",
    },
    "field.integer": {
        "kk": "«{label}» бүтін сан болуы керек",
        "ru": "В поле «{label}» должно быть целое число",
        "en": "{upper} must be a whole number",
    },
    "field.number": {
        "kk": "«{label}» сан болуы керек",
        "ru": "В поле «{label}» должно быть число",
        "en": "{upper} must be a number",
    },
    "field.min_length": {
        "kk": "«{label}» кемінде {limit} таңбадан тұруы керек",
        "ru": "Поле «{label}» должно содержать не меньше {limit} символов",
        "en": "{upper} must be {limit} characters or more",
    },
    "field.max_length": {
        "kk": "«{label}» {limit} таңбадан аспауы керек",
        "ru": "Поле «{label}» должно содержать не больше {limit} символов",
        "en": "{upper} must be {limit} characters or fewer",
    },
    "field.minimum": {
        "kk": "«{label}» кемінде {limit} болуы керек",
        "ru": "Значение поля «{label}» должно быть не меньше {limit}",
        "en": "{upper} must be {limit} or more",
    },
    "field.maximum": {
        "kk": "«{label}» {limit} мәнінен аспауы керек",
        "ru": "Значение поля «{label}» должно быть не больше {limit}",
        "en": "{upper} must be {limit} or less",
    },
    "field.email": {
        "kk": "Электрондық пошта мекенжайын name@example.com түрінде енгізіңіз",
        "ru": "Введите адрес электронной почты в виде name@example.com",
        "en": "Enter an email address in the correct format, like name@example.com",
    },
    "field.date.real": {
        "kk": "«{label}» нақты күн болуы керек",
        "ru": "В поле «{label}» должна быть существующая дата",
        "en": "{upper} must be a real date",
    },
    "field.date.missing": {
        "kk": "«{label}» өрісінде {parts} көрсетілуі керек",
        "ru": "В поле «{label}» нужно указать {parts}",
        "en": "{upper} must include {parts}",
    },
    "field.date.year": {
        "kk": "«{label}»: жыл 4 цифрдан тұруы керек",
        "ru": "{label}: год должен состоять из 4 цифр",
        "en": "The year of {lower} must include 4 numbers",
    },
    "field.date.day": {"kk": "күн", "ru": "день", "en": "a day"},
    "field.date.month": {"kk": "ай", "ru": "месяц", "en": "a month"},
    "field.date.year_part": {"kk": "жыл", "ru": "год", "en": "a year"},
    "field.date.and": {"kk": " және ", "ru": " и ", "en": " and "},
    "question.boolean": {
        "kk": "«Иә» немесе «Жоқ» деп таңдаңыз",
        "ru": "Выберите «Да» или «Нет»",
        "en": "Select yes or no",
    },
    "question.choice": {
        "kk": "Нұсқалардың бірін таңдаңыз",
        "ru": "Выберите один из вариантов",
        "en": "Select one of the options",
    },
    "officer.code_reused": {
        "kk": "Бұл код пайдаланылып қойған. Қолданбада келесі код шыққанша күтіп, соны енгізіңіз.",
        "ru": "Этот код уже использован. Дождитесь следующего кода в приложении и введите его.",
        "en": "This code has been used already. Wait for the next code in your app and enter it.",
    },
    "officer.unknown_role": {
        "kk": "Мұндай рөл жоқ. Рөлдер: {roles}.",
        "ru": "Такой роли нет. Роли: {roles}.",
        "en": "There is no such role. Roles: {roles}.",
    },
    "officer.username_required": {
        "kk": "Пайдаланушы атын енгізіңіз.",
        "ru": "Введите имя пользователя.",
        "en": "Enter a user name.",
    },
    "officer.password_required": {
        "kk": "Құпиясөзді енгізіңіз: қызметкерлер құпиясөзбен және TOTP кодымен кіреді.",
        "ru": "Введите пароль: сотрудники входят с паролем и кодом TOTP.",
        "en": "Enter a password: officers sign in with a password and a TOTP code.",
    },
    "officer.username_taken": {
        "kk": "«{username}» пайдаланушы аты бос емес.",
        "ru": "Имя пользователя «{username}» уже занято.",
        "en": "The user name “{username}” is taken already.",
    },
    "officer.weak_password": {
        "kk": "Құпиясөз жарамайды: {why}",
        "ru": "Пароль не подходит: {why}",
        "en": "The password will not do: {why}",
    },
    "written.kk": {
        "kk": "Қызметкер қазақ тілінде жазған.",
        "ru": "Написано сотрудником на казахском языке.",
        "en": "Written by the officer in Kazakh.",
    },
    "written.ru": {
        "kk": "Қызметкер орыс тілінде жазған.",
        "ru": "Написано сотрудником на русском языке.",
        "en": "Written by the officer in Russian.",
    },
    "written.en": {
        "kk": "Қызметкер ағылшын тілінде жазған.",
        "ru": "Написано сотрудником на английском языке.",
        "en": "Written by the officer in English.",
    },
    "registry.check_failed": {
        "kk": "{reason} Енгізгеніңізді тексеріңіз.",
        "ru": "{reason} Проверьте, что вы ввели.",
        "en": "{reason} Check what you typed.",
    },
    # dates that must be in the past or the future (the form field's `x-date`): the code
    # alone (API, GovStack), then said about the field (portal, messenger; error_messages.py)
    "date.past": {
        "kk": "Өткен күн болуы керек.",
        "ru": "Должна быть прошедшая дата.",
        "en": "Must be a date in the past.",
    },
    "date.today_or_past": {
        "kk": "Бүгінгі немесе өткен күн болуы керек.",
        "ru": "Должна быть сегодняшняя или прошедшая дата.",
        "en": "Must be today or a date in the past.",
    },
    "date.future": {
        "kk": "Алдағы күн болуы керек.",
        "ru": "Должна быть будущая дата.",
        "en": "Must be a date in the future.",
    },
    "date.today_or_future": {
        "kk": "Бүгінгі немесе алдағы күн болуы керек.",
        "ru": "Должна быть сегодняшняя или будущая дата.",
        "en": "Must be today or a date in the future.",
    },
    "field.date.past": {
        "kk": "«{label}» өткен күн болуы керек",
        "ru": "В поле «{label}» должна быть прошедшая дата",
        "en": "{upper} must be in the past",
    },
    "field.date.today_or_past": {
        "kk": "«{label}» бүгінгі немесе өткен күн болуы керек",
        "ru": "В поле «{label}» должна быть сегодняшняя или прошедшая дата",
        "en": "{upper} must be today or in the past",
    },
    "field.date.future": {
        "kk": "«{label}» алдағы күн болуы керек",
        "ru": "В поле «{label}» должна быть будущая дата",
        "en": "{upper} must be in the future",
    },
    "field.date.today_or_future": {
        "kk": "«{label}» бүгінгі немесе алдағы күн болуы керек",
        "ru": "В поле «{label}» должна быть сегодняшняя или будущая дата",
        "en": "{upper} must be today or in the future",
    },
    # The database going away (core/outages.py): 503 pages and problems, health checks
    "server.unavailable": {
        "kk": "Қызмет уақытша қолжетімсіз. Бірнеше секундтан кейін қайталаңыз.",
        "ru": "Сервис временно недоступен. Повторите через несколько секунд.",
        "en": "The service is briefly unavailable. Please try again in a few seconds.",
    },
    "server.unavailable.title": {
        "kk": "Қызмет уақытша қолжетімсіз",
        "ru": "Сервис временно недоступен",
        "en": "The service is briefly unavailable",
    },
    "server.unavailable.retry": {
        "kk": "Бірнеше секундтан кейін қайталаңыз.",
        "ru": "Повторите через несколько секунд.",
        "en": "Please try again in a few seconds.",
    },
    "server.unavailable.form": {
        "kk": "Егер пішінді жіберген болсаңыз, артқа оралып, оны қайта жіберіңіз: "
        "ол әлі сақталмаған болуы мүмкін.",
        "ru": "Если вы отправляли форму, вернитесь назад и отправьте её ещё раз: "
        "возможно, она ещё не сохранена.",
        "en": "If you were sending a form, go back and send it again: it may not have been "
        "saved yet.",
    },
    # Overload (qyzmet/shedding.py): a request shed at once rather than queued for seconds
    "server.overloaded": {
        "kk": "Қазір сұрау тым көп, сіздікі орындалмады. Дәл сол сұрауды (сол "
        "Idempotency-Key-пен) {seconds} секундтан кейін қайта жіберіңіз.",
        "ru": "Сейчас слишком много запросов, ваш не выполнен. Отправьте тот же запрос (с тем "
        "же Idempotency-Key) через {seconds} с.",
        "en": "Too many requests right now; yours was not carried out. Send the same request "
        "(with the same Idempotency-Key) again in {seconds} seconds.",
    },
    "server.overloaded.title": {
        "kk": "Сәл күте тұрыңыз",
        "ru": "Пожалуйста, подождите",
        "en": "Please wait a moment",
    },
    "server.overloaded.busy": {
        "kk": "Қазір қызметті өте көп адам пайдаланып жатыр.",
        "ru": "Сейчас сервисом пользуется очень много людей.",
        "en": "A great many people are using the service right now.",
    },
    "server.overloaded.wait": {
        "kk": "Бет {seconds} секундтан кейін өзі қайта ашылады.",
        "ru": "Страница откроется сама через {seconds} с.",
        "en": "This page will open by itself in {seconds} seconds.",
    },
    "server.overloaded.form": {
        "kk": "Пішін жіберілмеді, ештеңе сақталған жоқ. {seconds} секундтан кейін артқа "
        "оралып, оны қайта жіберіңіз.",
        "ru": "Форма не отправлена, ничего не сохранено. Через {seconds} с вернитесь назад и "
        "отправьте её ещё раз.",
        "en": "The form was not sent and nothing was saved. In {seconds} seconds, go back and "
        "send it again.",
    },
    "server.overloaded.now": {
        "kk": "Қазір қайталау",
        "ru": "Повторить сейчас",
        "en": "Try again now",
    },
    "server.error.title": {
        "kk": "Ішкі қате",
        "ru": "Внутренняя ошибка",
        "en": "Internal error",
    },
    "server.error.page": {
        "kk": "Бірдеңе дұрыс болмады. Кейінірек қайталаңыз.",
        "ru": "Что-то пошло не так. Повторите позже.",
        "en": "Something went wrong. Please try again later.",
    },
    "server.request_id": {
        "kk": "Қолдау қызметіне хабарласқанда осы нөмірді айтыңыз: {request_id}",
        "ru": "Если обратитесь в поддержку, назовите этот номер: {request_id}",
        "en": "If you contact support, quote this number: {request_id}",
    },
    # Appointments at service centres (issue 16): booking, moving, cancelling, recording visits.
    "visit.not_needed": {
        "kk": "Бұл қызмет үшін ХҚКО-ға келудің қажеті жоқ.",
        "ru": "Для этой услуги приходить в ЦОН не нужно.",
        "en": "This service needs no visit to a service centre.",
    },
    "visit.case_closed": {
        "kk": "Келуді өтінім қаралып жатқанда ғана брондауға болады.",
        "ru": "Записаться можно только пока заявка рассматривается.",
        "en": "A visit can be booked only while the application is being processed.",
    },
    "visit.centre_not_serving": {
        "kk": "Бұл ХҚКО бұл қызмет бойынша қабылдамайды. Басқа орталықты таңдаңыз.",
        "ru": "Этот ЦОН не принимает по этой услуге. Выберите другой.",
        "en": "This centre does not serve this service. Choose another centre.",
    },
    "visit.past": {
        "kk": "Бұл уақыт өтіп кетті. Кейінірек уақытты таңдаңыз.",
        "ru": "Это время уже прошло. Выберите более позднее.",
        "en": "This time has passed. Choose a later one.",
    },
    "visit.too_far": {
        "kk": "Келуді {date} дейін ғана брондауға болады.",
        "ru": "Записаться можно не позднее чем на {date}.",
        "en": "Visits can be booked up to {date}.",
    },
    "visit.no_slot": {
        "kk": "Бұл уақытта ХҚКО жабық немесе бұл уақытта қабылдау басталмайды. "
        "Тізімнен бос уақытты таңдаңыз.",
        "ru": "В это время ЦОН закрыт или приём в это время не начинается. "
        "Выберите свободное время из списка.",
        "en": "The centre is closed at this time, or no slot starts then. "
        "Choose a free time from the list.",
    },
    "visit.slot_full": {
        "kk": "Бұл уақыт жаңа ғана бос емес болып қалды. Басқа уақытты таңдаңыз.",
        "ru": "Это время только что заняли. Выберите другое.",
        "en": "This time has just been taken. Choose another.",
    },
    "visit.too_soon": {
        "kk": "Сізде бұл қызмет бойынша {date} күні келу бар: "
        "екі келудің арасы кемінде {days} күн болуы керек.",
        "ru": "У вас уже есть запись по этой услуге на {date}: "
        "между записями должно быть не меньше {days} дней.",
        "en": "You have a visit for this service on {date}: "
        "two visits must be at least {days} days apart.",
    },
    "visit.already_booked": {
        "kk": "Келу брондалған. Оны басқа уақытқа ауыстыруға немесе болдырмауға болады.",
        "ru": "Запись уже есть. Её можно перенести или отменить.",
        "en": "A visit is booked already. You can move or cancel it.",
    },
    "visit.none": {
        "kk": "Брондалған келу жоқ.",
        "ru": "Записи нет.",
        "en": "No visit is booked.",
    },
    "visit.started": {
        "kk": "Келу уақыты басталды: оны енді ауыстыруға немесе болдырмауға болмайды.",
        "ru": "Время записи уже наступило: её нельзя перенести или отменить.",
        "en": "The visit's time has come: it can no longer be moved or cancelled.",
    },
    "visit.other_centre": {
        "kk": "Бұл келу сіздің мекемеңіздің ХҚКО-сында емес.",
        "ru": "Эта запись не в ЦОНе вашего ведомства.",
        "en": "This visit is not at a centre of your agency.",
    },
    "visit.outcome_required": {
        "kk": "Не істелгенін жазыңыз (мысалы: суретке түсірілді).",
        "ru": "Напишите, что сделано (например: сфотографирован).",
        "en": "Say what was done (for example: photo taken).",
    },
    "visit.not_booked": {
        "kk": "Бұл келу бұрын жазылған немесе болдырылмаған.",
        "ru": "Этот визит уже отмечен или отменён.",
        "en": "This visit has been recorded or cancelled already.",
    },
    "visit.not_yet": {
        "kk": "Келуді өз күнінен бастап қана белгілеуге болады.",
        "ru": "Отметить визит можно только начиная с его дня.",
        "en": "A visit can be recorded from its day on.",
    },
    "visit.centre_unknown": {
        "kk": "Мұндай ХҚКО жоқ.",
        "ru": "Такого ЦОНа нет.",
        "en": "There is no such service centre.",
    },
    # Attachments (issue 16): uploads checked by content, scanned, kept encrypted
    "attachment.file_missing": {
        "kk": "Жүктелетін файлды таңдаңыз.",
        "ru": "Выберите файл для загрузки.",
        "en": "Choose a file to upload.",
    },
    "attachment.file_too_large": {
        "kk": "{label}: файл тым үлкен, ең көбі {limit} МБ.",
        "ru": "{label}: файл слишком большой, не более {limit} МБ.",
        "en": "{label}: the file is too large, at most {limit} MB.",
    },
    "attachment.wrong_type": {
        "kk": "{label}: файл рұқсат етілген түрде емес ({types}). Атауы емес, мазмұны тексеріледі.",
        "ru": "{label}: файл не в разрешённом формате ({types}). Проверяется содержимое, а не "
        "название.",
        "en": "{label}: the file is not of an allowed type ({types}). Its content is checked, "
        "not its name.",
    },
    "attachment.malware": {
        "kk": "{label}: файлда зиянды бағдарлама табылды, ол қабылданбады. Басқа файлды жүктеңіз.",
        "ru": "{label}: в файле найдена вредоносная программа, он не принят. Загрузите другой "
        "файл.",
        "en": "{label}: malware was found in the file, so it was not accepted. Upload another "
        "file.",
    },
    "attachment.scanner_unavailable": {
        "kk": "Файлды вирусқа қазір тексеру мүмкін емес, ол сақталмады. Сәлден кейін қайталаңыз.",
        "ru": "Сейчас не удаётся проверить файл на вирусы, он не сохранён. Попробуйте позже.",
        "en": "The file cannot be checked for viruses right now, so it was not kept. Try again "
        "later.",
    },
    "attachment.scanner_missing": {
        "kk": "Бұл порталда файлдарды жүктеу әзірге мүмкін емес.",
        "ru": "На этом портале пока нельзя загружать файлы.",
        "en": "Files cannot be uploaded on this portal yet.",
    },
    "attachment.unknown_kind": {
        "kk": "Бұл қызмет мұндай құжатты сұрамайды.",
        "ru": "Эта услуга не запрашивает такой документ.",
        "en": "This service does not ask for such a document.",
    },
    "attachment.required": {
        "kk": "{label}: файлды жүктеңіз.",
        "ru": "{label}: загрузите файл.",
        "en": "{label}: upload the file.",
    },
    "attachment.too_many": {
        "kk": "{label}: ең көбі {limit} файл.",
        "ru": "{label}: не более {limit} файлов.",
        "en": "{label}: at most {limit} files.",
    },
    "attachment.deleted": {
        "kk": "Файл сақтау мерзімі өткеннен кейін жойылды.",
        "ru": "Файл удалён по истечении срока хранения.",
        "en": "The file was deleted when its retention period ended.",
    },
    "attachment.unknown_document": {
        "kk": "Мұндай жүктелген құжат жоқ: ол басқа өтінішке тіркелген, мерзімі өткен немесе бұл "
        "өтініштің қызметіне арналмаған. Құжатты қайта жүктеңіз.",
        "ru": "Такого загруженного документа нет: он уже приложен к другому заявлению, срок его "
        "хранения истёк или он не для услуги этого заявления. Загрузите документ снова.",
        "en": "There is no such uploaded document: it is attached to another application, it "
        "expired, or it is not for this application's service. Upload it again.",
    },
    "attachment.document_twice": {
        "kk": "Бір түрдегі құжат екі рет аталды: біреуін ғана қалдырыңыз.",
        "ru": "Документ одного вида назван дважды: оставьте один.",
        "en": "Two documents of the same kind are named: keep one.",
    },
    "attachment.request_too_large": {
        "kk": "Файлдар тым үлкен, олар қабылданбады. Әр файлдың шегін төменнен қараңыз.",
        "ru": "Файлы слишком большие и не приняты. Ограничение для каждого файла указано ниже.",
        "en": "The files are too large and were not taken. Each file's limit is shown below.",
    },
    "not_found.attachment": {
        "kk": "Мұндай файл жоқ.",
        "ru": "Такого файла нет.",
        "en": "There is no such file.",
    },
    # Send back for correction (applications.corrections)
    "correction.not_offered": {
        "kk": "Бұл қызметтің өтінімдерін түзетуге қайтаруға болмайды: каталогта түзету "
        "мерзімі жоқ.",
        "ru": "Заявки этой услуги нельзя вернуть на исправление: в каталоге нет срока исправления.",
        "en": "Applications for this service cannot be sent back: the catalogue gives no term "
        "for corrections.",
    },
    "correction.invalid": {
        "kk": "Түзетуге қайтару толық емес: не өзгеру керегін және хабарламаны көрсетіңіз.",
        "ru": "Возврат на исправление не заполнен: укажите, что изменить, и напишите сообщение.",
        "en": "The send-back is incomplete: say what must change and write a message.",
    },
    "correction.fields_required": {
        "kk": "Азамат нені түзетуі керек екенін таңдаңыз (кемінде бір өріс немесе құжат).",
        "ru": "Выберите, что гражданин должен исправить (хотя бы одно поле или документ).",
        "en": "Choose what the citizen must correct (at least one field or document).",
    },
    "correction.check_failed": {
        "kk": "Түзетілген өтінішті қабылдау мүмкін емес: {reason} Мерзім ішінде қайта түзетіңіз.",
        "ru": "Исправленное заявление нельзя принять: {reason} Исправьте его ещё раз в срок.",
        "en": "The corrected application cannot be accepted: {reason} Correct it again within "
        "the term.",
    },
    "correction.rounds_used": {
        "kk": "Бұл іс түзетуге {limit} рет қайтарылды, каталог бұдан артық рұқсат етпейді: "
        "өтініш бойынша шешім қабылдаңыз.",
        "ru": "Это дело уже возвращалось на исправление {limit} раз(а), больше каталог не "
        "разрешает: примите решение по заявлению.",
        "en": "This case was sent back {limit} time(s) already, as many as the catalogue allows: "
        "decide on the application.",
    },
    "correction.unknown_document": {
        "kk": "Бұл қызмет «{name}» құжатын сұрамайды.",
        "ru": "Эта услуга не запрашивает документ «{name}».",
        "en": "This service asks for no document “{name}”.",
    },
    "correction.document_not_requested": {
        "kk": "Мекеме бұл құжатты ауыстыруды сұраған жоқ: ол өзгеріссіз қалады.",
        "ru": "Ведомство не просило заменить этот документ: он остаётся без изменений.",
        "en": "The agency did not ask for this document to be replaced: it stays as it was.",
    },
    "correction.document_required": {
        "kk": "{label}: мекеме сұрағандай жаңа файлды жүктеңіз.",
        "ru": "{label}: загрузите новый файл, как просило ведомство.",
        "en": "{label}: upload a new file, as the agency asked.",
    },
    "correction.unknown_field": {
        "kk": "Бұл қызметтің нысанында «{name}» өрісі жоқ.",
        "ru": "В форме этой услуги нет поля «{name}».",
        "en": "The form of this service has no field “{name}”.",
    },
    "correction.message_required": {
        "kk": "Азаматқа не және неге өзгерту керек екенін жазыңыз: ол мұны жазғаныңыздай оқиды.",
        "ru": "Напишите гражданину, что и почему изменить: он прочтёт это так, как вы написали.",
        "en": "Write to the citizen what to change and why: they read it as you write it.",
    },
    "correction.already_sent_back": {
        "kk": "Бұл іс түзетуге қайтарылған, азаматтың түзетуі күтілуде.",
        "ru": "Это дело уже возвращено на исправление, ожидается исправление гражданина.",
        "en": "This case is already sent back; the citizen's correction is awaited.",
    },
    "correction.not_sent_back": {
        "kk": "Бұл іс түзетуге қайтарылмаған немесе түзетілген.",
        "ru": "Это дело не возвращено на исправление или уже исправлено.",
        "en": "This case is not sent back for correction, or it is corrected already.",
    },
    "correction.term_passed": {
        "kk": "Түзету мерзімі өтіп кетті: өтінімді енді түзету мүмкін емес.",
        "ru": "Срок исправления истёк: заявку больше нельзя исправить.",
        "en": "The term to correct has passed: the application can no longer be corrected.",
    },
    "correction.not_requested": {
        "kk": "Бұл өрісті түзету сұралмаған: ол сол күйінде сақталады.",
        "ru": "Исправить это поле не просили: оно остаётся как было.",
        "en": "This field was not asked to be corrected: it stays as it was.",
    },
    "correction.fee_would_rise": {
        "kk": "Бұл мәнмен алым {paid} орнына {fee} болар еді. Онлайн төленген алым түзету "
        "арқылы өспейді: алым есептелген мәнді қалдырыңыз немесе өтінімді кері қайтарып, жаңасын "
        "беріңіз.",
        "ru": "С этим значением пошлина составила бы {fee} вместо оплаченных {paid}. Оплаченная "
        "онлайн пошлина при исправлении не повышается: оставьте значение, по которому она "
        "рассчитана, или отзовите заявление и подайте новое.",
        "en": "With this value the fee would be {fee} instead of the {paid} paid. A fee paid "
        "online does not rise with a correction: keep the value it was assessed on, or withdraw "
        "the application and apply again.",
    },
    "correction.unchanged": {
        "kk": "Мекеме сұраған мәнді өзгертіңіз.",
        "ru": "Измените значение, которое просило исправить ведомство.",
        "en": "Change the value the agency asked you to correct.",
    },
    # fix-visits: a date and time sent to the API without its offset, or one that cannot be
    "format.date_time": {
        "kk": "Күн мен уақытты ығысуымен енгізіңіз, мысалы 2027-02-16T10:00:00+05:00.",
        "ru": "Укажите дату и время со смещением, например 2027-02-16T10:00:00+05:00.",
        "en": "Enter a date and time with its offset, e.g. 2027-02-16T10:00:00+05:00.",
    },
    # Requests refused before they are read (qyzmet.request_size, qyzmet.request_text): too large,
    # without a length, or holding text no database stores
    # (the API's and GovStack's detail is "request.too_large", said above)
    "request.too_large.limit": {
        "kk": "{limit} МБ-тан үлкен сұраныс оқылмайды: кішірек файлдарды жіберіңіз немесе "
        "оларды бір-бірден жүктеңіз.",
        "ru": "Запрос больше {limit} МБ не читается: отправьте файлы поменьше или загрузите их "
        "по одному.",
        "en": "A request larger than {limit} MB is not read: send smaller files, or upload them "
        "one at a time.",
    },
    "request.too_large.title": {
        "kk": "Файлдар тым үлкен",
        "ru": "Файлы слишком большие",
        "en": "The files are too large",
    },
    "request.length_required": {
        "kk": "Сұраныстың ұзындығы (Content-Length) көрсетілмеген, сондықтан ол оқылмады. "
        "Оны ұзындығымен қайта жіберіңіз.",
        "ru": "У запроса не указана длина (Content-Length), поэтому он не прочитан. "
        "Отправьте его ещё раз с длиной.",
        "en": "The request does not say its length (Content-Length), so it was not read. "
        "Send it again with its length.",
    },
    "request.length_required.title": {
        "kk": "Сұраныстың ұзындығы белгісіз",
        "ru": "Длина запроса не указана",
        "en": "The request's length is missing",
    },
    "request.unstorable": {
        "kk": "Сұраныста оқылмайтын таңбалар бар (мысалы, нөлдік таңба): оны оларсыз қайта "
        "жіберіңіз.",
        "ru": "В запросе есть символы, которые нельзя прочитать (например, нулевой символ): "
        "отправьте его без них.",
        "en": "The request holds characters that cannot be read (such as a null character): "
        "send it again without them.",
    },
    "request.unstorable.title": {
        "kk": "Сұраныс оқылмады",
        "ru": "Запрос не прочитан",
        "en": "The request could not be read",
    },
    "request.form_unreadable": {
        "kk": "Форманың деректері оқылмады: олар толық жетпеген, бұзылған немесе бөліктері тым "
        "көп.",
        "ru": "Данные формы не прочитаны: они пришли не полностью, повреждены или в них "
        "слишком много частей.",
        "en": "The form's data could not be read: it came cut short, malformed or in too many "
        "parts.",
    },
    "request.form_unreadable.title": {
        "kk": "Форма оқылмады",
        "ru": "Форма не прочитана",
        "en": "The form could not be read",
    },
    "request.form_too_large": {
        "kk": "Форманың мәтіндік өрістері тым ұзын: оларды қысқартып, қайта жіберіңіз.",
        "ru": "Текстовые поля формы слишком длинные: сократите их и отправьте снова.",
        "en": "The form's text fields are too long: shorten them and send it again.",
    },
    "request.form_too_large.title": {
        "kk": "Форма тым үлкен",
        "ru": "Форма слишком большая",
        "en": "The form is too large",
    },
    "request.refused.back": {
        "kk": "Артқа оралыңыз: бұрын енгізген деректеріңіз сақталған, тек осы жіберу қабылданбады.",
        "ru": "Вернитесь назад: введённое раньше сохранено, не принята только эта отправка.",
        "en": "Go back: what you entered before is kept; only this sending was not taken.",
    },
    # Appeals and complaints about delays (casework.appeals)
    "not_found.appeal": {
        "kk": "Шағым табылмады.",
        "ru": "Жалоба не найдена.",
        "en": "Appeal not found.",
    },
    "appeal.invalid": {
        "kk": "Шағым толық емес: төмендегіні түзетіңіз.",
        "ru": "Жалоба заполнена не полностью: исправьте указанное ниже.",
        "en": "The appeal is incomplete: correct what is shown below.",
    },
    "appeal.reasons_required": {
        "kk": "Неге шағымданатыныңызды жазыңыз: шағымды қарайтын органның лауазымды адамы оны "
        "жазғаныңыздай оқиды.",
        "ru": "Напишите, почему вы обжалуете: должностное лицо органа, который рассматривает "
        "жалобу, прочтёт это так, как вы написали.",
        "en": "Write why you appeal: the officer who decides appeals reads it as you write it.",
    },
    "appeal.reason_required": {
        "kk": "Шешімнің себебін жазыңыз: азамат оны жазғаныңыздай оқиды.",
        "ru": "Напишите причину решения: гражданин прочтёт её так, как вы написали.",
        "en": "Write the reasons for the outcome: the citizen reads them as you write them.",
    },
    "appeal.outcome_required": {
        "kk": "Шағымды қанағаттандыру немесе қанағаттандырусыз қалдыру керегін таңдаңыз.",
        "ru": "Выберите: удовлетворить жалобу или оставить без удовлетворения.",
        "en": "Choose whether the appeal is upheld or dismissed.",
    },
    "appeal.already_open": {
        "kk": "Бұл іс бойынша шағым берілген және қаралуда.",
        "ru": "Жалоба по этому делу уже подана и рассматривается.",
        "en": "An appeal of this case is already filed and being decided.",
    },
    "appeal.term_passed": {
        "kk": "Шағымдану мерзімі өтіп кетті: шешімге {last_day} қоса алғанға дейін шағымдануға "
        "болатын еді.",
        "ru": "Срок обжалования истёк: решение можно было обжаловать до {last_day} включительно.",
        "en": "The term to appeal has passed: the decision could be appealed until {last_day} "
        "inclusive.",
    },
    "appeal.not_late": {
        "kk": "Мерзімнің бұзылуына шағымдануға әлі болмайды: шешім {due_date} қоса алғанға "
        "дейін қабылдануы тиіс.",
        "ru": "Жаловаться на нарушение срока пока нельзя: решение должно быть принято до "
        "{due_date} включительно.",
        "en": "You cannot complain about a delay yet: the decision is due by {due_date} inclusive.",
    },
    "appeal.nothing_to_appeal": {
        "kk": "Бұл іс бойынша шағымданатын шешім жоқ.",
        "ru": "По этому делу нет решения, которое можно обжаловать.",
        "en": "This case has no decision to appeal.",
    },
    "appeal.not_allowed": {
        "kk": "Бұл шағымды тек шағымдарды қарайтын органның «appeals» рөлі бар қызметкерлері "
        "шеше алады.",
        "ru": "Решать эту жалобу могут только сотрудники органа, рассматривающего жалобы, с "
        "ролью «appeals».",
        "en": "Only officers of the body that decides appeals, with the role “appeals”, may "
        "decide this appeal.",
    },
    "appeal.own_decision": {
        "kk": "Сіз шағымдалған шешімді қабылдауға (дайындауға не қол қоюға) қатыстыңыз, сондықтан "
        "бұл шағымды шеше алмайсыз: мүдделер қақтығысы. Оны органның басқа қызметкері шешеді.",
        "ru": "Вы участвовали в обжалованном решении (приняли, подготовили или подписали его), "
        "поэтому не можете решать эту жалобу: конфликт интересов. Её решит другой сотрудник "
        "органа.",
        "en": "You took part in the decision appealed (decided, prepared or signed it off), so "
        "you may not decide this appeal: a conflict of interest. Another officer of the body "
        "decides it.",
    },
    "appeal.own_delay": {
        "kk": "Шағым кешіктірілген іс сізге бекітілген немесе сіз онымен жұмыс істедіңіз, "
        "сондықтан бұл шағымды шеше алмайсыз: мүдделер қақтығысы. Оны органның басқа "
        "қызметкері шешеді.",
        "ru": "Дело, на задержку которого жалуются, назначено вам или вы работали с ним, поэтому "
        "не можете решать эту жалобу: конфликт интересов. Её решит другой сотрудник органа.",
        "en": "The case this complaint about a delay is about is assigned to you or you acted on "
        "it, so you may not decide the complaint: a conflict of interest. Another officer of "
        "the body decides it.",
    },
    "appeal.attachments_too_large": {
        "kk": "Шағымға қоса берілген файлдар бірге тым үлкен: ең көбі {limit} МБ.",
        "ru": "Файлы, приложенные к жалобе, вместе слишком большие: не более {limit} МБ.",
        "en": "The files attached to the appeal are too large together: at most {limit} MB.",
    },
    "appeal.already_decided": {
        "kk": "Бұл шағым шешілген.",
        "ru": "Эта жалоба уже рассмотрена.",
        "en": "This appeal is decided already.",
    },
    "appeal.decision_changed": {
        "kk": "Шағымдалған шешім содан бері өзгерді (күші жойылды немесе қайта шешілді): "
        "шағымды қанағаттандыру мүмкін емес, оны негіздемесімен қанағаттандырусыз қалдырыңыз.",
        "ru": "Обжалованное решение с тех пор изменилось (отменено или принято заново): "
        "удовлетворить жалобу нельзя, оставьте её без удовлетворения с обоснованием.",
        "en": "The decision appealed has changed since (reversed or decided again): the appeal "
        "cannot be upheld; dismiss it with the reasons.",
    },
}


def render(code: str, params: dict[str, Any] | None = None, language: str | None = None) -> str:
    """The message for ``code`` in ``language`` (the active language by default); a parameter
    given in three languages (a ``Text``) is said in that language too."""
    text = pick(MESSAGES.get(code, MESSAGES["invalid"]), language)
    if not params:
        return text
    return filled(
        text, {k: pick(v, language) if isinstance(v, dict) else v for k, v in params.items()}
    )
