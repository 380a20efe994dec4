"""The data tracker's words in Kazakh, Russian and English: the systems that ask, the purposes
and the reasons for a refusal. Each is a ``{kk, ru, en}`` text with ``{placeholders}``."""

from __future__ import annotations

from qyzmet.core.texts import Text

SYSTEMS: dict[str, Text] = {  # keys lower-case without spaces, hyphens or underscores
    "prefill": {
        "kk": "Өтінім нысанын алдын ала толтыру",
        "ru": "Предзаполнение формы заявки",
        "en": "Pre-filling an application form",
    },
    "checks": {
        "kk": "Өтінімді автоматты тексеру",
        "ru": "Автоматическая проверка заявки",
        "en": "An automatic check of an application",
    },
    "backoffice": {
        "kk": "Қызметкердің істі қарауы",
        "ru": "Просмотр дела сотрудником",
        "en": "An officer's view of a case",
    },
    "offers": {
        "kk": "Проактивті ұсыныс",
        "ru": "Проактивное предложение",
        "en": "A proactive offer",
    },
    "portal": {"kk": "Портал", "ru": "Портал", "en": "The portal"},
    "messenger": {"kk": "Мессенджер", "ru": "Мессенджер", "en": "The messenger"},
    "api": {"kk": "API", "ru": "API", "en": "The API"},
    "documents": {
        "kk": "Нәтиже құжатын шығару",
        "ru": "Выпуск документа-результата",
        "en": "Issuing a result document",
    },
    "submission": {
        "kk": "Өтінімді тапсыру: тіркелімдерден үзінді",
        "ru": "Подача заявки: выписка из регистров",
        "en": "Submitting an application: the registry extract",
    },
    "applications": {
        "kk": "Өтінім кім үшін берілетінін анықтау",
        "ru": "Определение, за кого подаётся заявка",
        "en": "Establishing whom an application is for",
    },
    "representation": {
        "kk": "Кім кімнің атынан әрекет ете алатынын анықтау",
        "ru": "Определение, кто может действовать от чьего имени",
        "en": "Establishing who may act for whom",
    },
    "fees": {
        "kk": "Мемлекеттік баж бен жеңілдіктерді есептеу",
        "ru": "Расчёт пошлины и льгот",
        "en": "Working out the fee and its exemptions",
    },
    "payments": {
        "kk": "Төлем түбіртегі",
        "ru": "Квитанция об оплате",
        "en": "A payment receipt",
    },
    "signin": {
        "kk": "Порталға кіру",
        "ru": "Вход на портал",
        "en": "Signing in to the portal",
    },
    "tracker": {
        "kk": "Деректер трекері: балаларыңыздың деректеріне сұрауларды сізге көрсету",
        "ru": "Трекер данных: показ вам запросов данных ваших детей",
        "en": "The data tracker: showing you your children's data requests",
    },
}
SYSTEM_ALIASES = {
    "check": "checks",
    "proactive": "offers",
    "offer": "offers",
    "officer": "backoffice",
    "officers": "backoffice",
}
PARTNER: Text = {"kk": "Серіктес: {name}", "ru": "Партнёр: {name}", "en": "Partner: {name}"}

YOUR_APPLICATION: Text = {
    "kk": "Сіздің № {number} өтініміңіз: {title}",
    "ru": "Ваша заявка № {number}: {title}",
    "en": "Your application no. {number}: {title}",
}
REPRESENTATIVES_APPLICATION: Text = {
    "kk": "Өкіліңіз сіздің атыңыздан берген № {number} өтінім: {title}",
    "ru": "Заявка № {number}, поданная от вашего имени представителем: {title}",
    "en": "Application no. {number} your representative made in your name: {title}",
}
OTHERS_APPLICATION: Text = {
    "kk": "Басқа адамның өтінімі: {title}",
    "ru": "Заявка другого человека: {title}",
    "en": "Another person's application: {title}",
}
AN_APPLICATION: Text = {"kk": "Өтінім", "ru": "Заявка", "en": "An application"}
YOUR_OFFER: Text = {
    "kk": "Сізге ұсыныс: {title}",
    "ru": "Предложение вам: {title}",
    "en": "An offer to you: {title}",
}
OTHERS_OFFER: Text = {
    "kk": "Басқа адамға ұсыныс: {title}",
    "ru": "Предложение другому человеку: {title}",
    "en": "An offer to another person: {title}",
}
AN_OFFER: Text = {"kk": "Ұсыныс", "ru": "Предложение", "en": "An offer"}
LEGAL_BASIS: Text = {
    "kk": "Заң негізі: {basis}",
    "ru": "Правовое основание: {basis}",
    "en": "Legal basis: {basis}",
}

REFUSALS: dict[str, Text] = {  # the exchange's refusal codes
    "fields": {
        "kk": "Сұралған деректер осы қызметке рұқсат етілмеген",
        "ru": "Запрошенные данные не разрешены для этой услуги",
        "en": "The data asked for is not allowed for this service",
    },
    "purpose": {
        "kk": "Сұраудың мақсаты расталмады",
        "ru": "Цель запроса не подтверждена",
        "en": "The purpose of the request could not be confirmed",
    },
    "signature": {
        "kk": "Сұраудың қолтаңбасы жарамсыз",
        "ru": "Подпись запроса недействительна",
        "en": "The request's signature was not valid",
    },
    "replay": {
        "kk": "Сұрау қайталанды",
        "ru": "Запрос был повторён",
        "en": "The request was a replay",
    },
    "client": {
        "kk": "Сұраушы жүйеге рұқсат жоқ",
        "ru": "У запрашивающей системы нет доступа",
        "en": "The asking system has no access",
    },
    "stale": {
        "kk": "Сұрау тым ескі болды",
        "ru": "Запрос устарел",
        "en": "The request was too old",
    },
    "provider": {
        "kk": "Сұрау бұл деректерді ұстамайтын мекемеге жіберілді",
        "ru": "Запрос направлен ведомству, которое не ведёт эти данные",
        "en": "The request went to an agency that does not hold this data",
    },
    "subject": {
        "kk": "Сұраудың мақсаты сізге қатысты емес",
        "ru": "Цель запроса вас не касается",
        "en": "The purpose of the request does not concern you",
    },
}
REFUSAL_ALIASES = {  # the exchange's codes (exchange.policy.Refusal), and spellings of them
    "field.not_allowed": "fields",
    "field.unknown": "fields",
    "purpose.unknown": "purpose",
    "purpose.services": "purpose",
    "purpose.client": "client",
    "subject.not_allowed": "subject",
    "field_not_allowed": "fields",
    "fields_not_allowed": "fields",
    "field_not_in_policy": "fields",
    "policy": "fields",
    "purpose_mismatch": "purpose",
    "unknown_purpose": "purpose",
    "bad_signature": "signature",
    "signature_invalid": "signature",
    "replayed": "replay",
    "unknown_client": "client",
    "client_not_allowed": "client",
}


def filled(text: Text, **params: Text | str) -> Text:
    """``text`` with each ``{name}`` replaced, a text parameter in the same language."""
    return {
        language: phrase.format(
            **{k: v.get(language, "") if isinstance(v, dict) else v for k, v in params.items()}
        )
        for language, phrase in text.items()
    }


def same(words: str) -> Text:
    """Words that read the same in every language (a name, a code)."""
    return {"kk": words, "ru": words, "en": words}


# Consultations (issue 16): an officer of another agency consulted on a case reads it
CONSULTATIONS = "consultations"  # the "registry" of those accesses (casework.consultation_reads)
CONSULTED_CASES: Text = {
    "kk": "Басқа органмен келісу",
    "ru": "Согласование с другим органом",
    "en": "Consultation of another agency",
}
CONSULTED_CASE: Text = {
    "kk": "Өтінішіңіздің жауаптары мен дайындалған шешім",
    "ru": "Ответы вашего заявления и подготовленное решение",
    "en": "Your application's answers and the decision prepared on it",
}
# Attachments (issue 16): an officer opening a document the citizen attached
ATTACHMENTS = "attachments"  # the "registry" of those accesses (attachments.services)
# A centre's list of a day read by an officer (appointments.day_list)
VISITS = "appointments"
VISIT_LISTS: Text = {
    "kk": "ХҚКО-ға жазылуыңыз",
    "ru": "Ваша запись в ЦОН",
    "en": "Your visits to a service centre",
}
VISIT_ON_DAY_LIST: Text = {
    "kk": "Келу күнінің тізіміндегі аты-жөніңіз, уақыты мен қызметі",
    "ru": "Ваше имя, время и услуга в списке дня приёма",
    "en": "Your name, time and service on the centre's list of the day",
}
ATTACHED_DOCUMENTS: Text = {
    "kk": "Сіз тіркеген құжаттар",
    "ru": "Приложенные вами документы",
    "en": "Documents you attached",
}
