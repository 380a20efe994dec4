"""What the bot says about a citizen's cases after submission, in Kazakh, Russian and English:
the list of their applications, appealing a decision (or complaining about a delay) and
booking, moving or cancelling a visit to a service centre. Part of ``texts.TEXTS``."""

from __future__ import annotations

from qyzmet.core.texts import Text

CASE_STATUSES: dict[str, Text] = {
    "awaiting_payment": {
        "kk": "алым төленуін күтуде",
        "ru": "ждёт оплаты",
        "en": "awaiting payment",
    },
    "submitted": {"kk": "берілді", "ru": "подано", "en": "submitted"},
    "in_review": {"kk": "қаралуда", "ru": "на рассмотрении", "en": "in review"},
    "approved": {"kk": "мақұлданды", "ru": "одобрено", "en": "approved"},
    "rejected": {"kk": "бас тартылды", "ru": "отказано", "en": "rejected"},
    "withdrawn": {"kk": "кері қайтарылды", "ru": "отозвано", "en": "withdrawn"},
    "reversed": {
        "kk": "шешім жойылды, жаңа шешім күтілуде",
        "ru": "решение отменено, ждёт нового",
        "en": "decision reversed, awaiting a new one",
    },
    "sent_back": {
        "kk": "түзетуге қайтарылды",
        "ru": "возвращено на исправление",
        "en": "sent back for correction",
    },
    "corrected": {
        "kk": "түзетілді, қаралуда",
        "ru": "исправлено, на рассмотрении",
        "en": "corrected, in review",
    },
}

CASEWORK_TEXTS: dict[str, Text] = {
    "cases_button": {"kk": "▤ Өтінімдерім", "ru": "▤ Мои заявления", "en": "▤ My applications"},
    "cases": {
        "kk": "Сіздің өтінімдеріңіз (соңғылары):\n{cases}",
        "ru": "Ваши заявления (последние):\n{cases}",
        "en": "Your applications (the latest):\n{cases}",
    },
    "no_cases": {
        "kk": "Сізде әзірге берілген өтінім жоқ.",
        "ru": "У вас пока нет поданных заявлений.",
        "en": "You have no submitted applications yet.",
    },
    "case_status_line": {
        "kk": "• № {number} {service} — {status}",
        "ru": "• № {number} {service} — {status}",
        "en": "• no. {number} {service} — {status}",
    },
    # appealing
    "appeal_button": {
        "kk": "⚖ Шешімге шағым беру",
        "ru": "⚖ Обжаловать решение",
        "en": "⚖ Appeal the decision",
    },
    "complain_button": {
        "kk": "⚠ Кешіктіруге шағым",
        "ru": "⚠ Жалоба на задержку",
        "en": "⚠ Complain about the delay",
    },
    "ask_reasons": {
        "kk": "{what}: {service}, № {number} өтінім. Шағымның себептерін бір хабарламамен "
        "жазыңыз. Құжаттарды мұнда жіберу мүмкін емес: оларды порталда, сол істің бетінде "
        "қосыңыз: {url}",
        "ru": "{what}: {service}, заявление № {number}. Напишите причины одним сообщением. "
        "Документы здесь отправить нельзя: приложите их на портале, на странице того же дела: "
        "{url}",
        "en": "{what}: {service}, application no. {number}. Write your reasons in one message. "
        "Documents cannot be sent here: attach them in the portal, on the same case's page: "
        "{url}",
    },
    "appeal_of_decision": {
        "kk": "Шешімге шағым",
        "ru": "Обжалование решения",
        "en": "Appeal of the decision",
    },
    "complaint_of_delay": {
        "kk": "Кешіктіру туралы шағым",
        "ru": "Жалоба на задержку",
        "en": "Complaint about the delay",
    },
    "confirm_appeal": {
        "kk": "{what}: {service}.\n\n«{reasons}»\n\nОны {body} қарайды. Жіберейік пе? "
        "Өзгерту үшін мәтінді қайта жазыңыз.",
        "ru": "{what}: {service}.\n\n«{reasons}»\n\nЕё рассмотрит {body}. Отправить? Чтобы "
        "изменить, напишите текст заново.",
        "en": "{what}: {service}.\n\n“{reasons}”\n\n{body} decides it. Send it? To change it, "
        "write it again.",
    },
    "send_appeal": {"kk": "✓ Жіберу", "ru": "✓ Отправить", "en": "✓ Send"},
    "appeal_filed": {
        "kk": "Шағым жіберілді. {body} оны {due} дейін қарайды. Нәтижесін осында жазамыз. "
        "Порталда: {url}",
        "ru": "Жалоба подана. {body} рассмотрит её до {due}. О результате напишем сюда. "
        "На портале: {url}",
        "en": "Your appeal is filed. {body} decides it by {due}. We will write here when it is "
        "decided. In the portal: {url}",
    },
    # visits to a service centre
    "visit_button": {
        "kk": "◷ Қабылдауға жазылу",
        "ru": "◷ Записаться на приём",
        "en": "◷ Book a visit",
    },
    "visit_choose_centre": {
        "kk": "{service}: {purpose}\nХалыққа қызмет көрсету орталығын таңдаңыз:",
        "ru": "{service}: {purpose}\nВыберите ЦОН:",
        "en": "{service}: {purpose}\nChoose a service centre:",
    },
    "visit_choose_day": {
        "kk": "{centre}, {address}.\nКүнді таңдаңыз:",
        "ru": "{centre}, {address}.\nВыберите день:",
        "en": "{centre}, {address}.\nChoose a day:",
    },
    "visit_no_days": {
        "kk": "{centre}: жақын күндері бос уақыт жоқ. Басқа орталықты таңдаңыз:",
        "ru": "В {centre} в ближайшие дни нет свободного времени. Выберите другой ЦОН:",
        "en": "{centre} has no free times in the coming days. Choose another centre:",
    },
    "visit_choose_time": {
        "kk": "{centre}, {day}.\nУақытты таңдаңыз:",
        "ru": "{centre}, {day}.\nВыберите время:",
        "en": "{centre}, {day}.\nChoose a time:",
    },
    "visit_booked": {
        "kk": "Жазылдыңыз: {when}, {centre}, {address}. Бір күн бұрын осында еске саламыз.",
        "ru": "Вы записаны: {when}, {centre}, {address}. Накануне напомним здесь.",
        "en": "Booked: {when}, {centre}, {address}. We will remind you here the day before.",
    },
    "visit_current": {
        "kk": "Сіз жазылғансыз: {when}, {centre}, {address}.",
        "ru": "Вы записаны: {when}, {centre}, {address}.",
        "en": "Your visit: {when}, {centre}, {address}.",
    },
    "visit_move": {"kk": "↔ Ауыстыру", "ru": "↔ Перенести", "en": "↔ Move"},
    "visit_cancel": {"kk": "✕ Бас тарту", "ru": "✕ Отменить", "en": "✕ Cancel"},
    "visit_cancel_ask": {
        "kk": "{when}, {centre} жазылуыңыздан бас тартасыз ба?",
        "ru": "Отменить запись на {when}, {centre}?",
        "en": "Cancel your visit on {when}, {centre}?",
    },
    "visit_cancel_yes": {
        "kk": "Иә, бас тарту",
        "ru": "Да, отменить",
        "en": "Yes, cancel it",
    },
    "visit_cancelled": {
        "kk": "Жазылуыңыз жойылды. Басқа уақытқа жазылуға болады.",
        "ru": "Запись отменена. Можно записаться на другое время.",
        "en": "Your visit is cancelled. You can book another time.",
    },
    "visit_no_centre": {
        "kk": "Бұл қызмет бойынша жазылатын орталық жоқ.",
        "ru": "Для этой услуги нет ЦОН, куда можно записаться.",
        "en": "No service centre books visits for this service.",
    },
}
