"""The data tracker's words in Kazakh, Russian and English: the systems that ask, the purposes
and the reasons for a refusal. Each is a ``{kk, ru, en}`` text with ``{placeholders}``."""

from __future__ import annotations

from qyzmet.core.texts import Text

SYSTEMS: dict[str, Text] = {  # keys lower-case without spaces, hyphens or underscores
    "prefill": {
        "kk": "өтінім нысанын алдын ала толтыру",
        "ru": "предзаполнение формы заявки",
        "en": "pre-filling an application form",
    },
    "checks": {
        "kk": "өтінімді автоматты тексеру",
        "ru": "автоматическая проверка заявки",
        "en": "an automatic check of an application",
    },
    "backoffice": {
        "kk": "қызметкердің істі қарауы",
        "ru": "просмотр дела сотрудником",
        "en": "an officer's view of a case",
    },
    "offers": {
        "kk": "проактивті ұсыныс",
        "ru": "проактивное предложение",
        "en": "a proactive offer",
    },
    "portal": {"kk": "портал", "ru": "портал", "en": "the portal"},
    "messenger": {"kk": "мессенджер", "ru": "мессенджер", "en": "the messenger"},
    "api": {"kk": "API", "ru": "API", "en": "the API"},
    "documents": {
        "kk": "нәтиже құжатын шығару",
        "ru": "выпуск документа-результата",
        "en": "issuing a result document",
    },
}
SYSTEM_ALIASES = {
    "check": "checks",
    "proactive": "offers",
    "offer": "offers",
    "officer": "backoffice",
    "officers": "backoffice",
}
PARTNER: Text = {"kk": "серіктес: {name}", "ru": "партнёр: {name}", "en": "partner: {name}"}

YOUR_APPLICATION: Text = {
    "kk": "сіздің № {number} өтініміңіз: {title}",
    "ru": "ваша заявка № {number}: {title}",
    "en": "your application no. {number}: {title}",
}
OTHERS_APPLICATION: Text = {
    "kk": "басқа адамның өтінімі: {title}",
    "ru": "заявка другого человека: {title}",
    "en": "another person's application: {title}",
}
AN_APPLICATION: Text = {"kk": "өтінім", "ru": "заявка", "en": "an application"}
YOUR_OFFER: Text = {
    "kk": "сізге ұсыныс: {title}",
    "ru": "предложение вам: {title}",
    "en": "an offer to you: {title}",
}
OTHERS_OFFER: Text = {
    "kk": "басқа адамға ұсыныс: {title}",
    "ru": "предложение другому человеку: {title}",
    "en": "an offer to another person: {title}",
}
AN_OFFER: Text = {"kk": "ұсыныс", "ru": "предложение", "en": "an offer"}
LEGAL_BASIS: Text = {
    "kk": "заң негізі: {basis}",
    "ru": "правовое основание: {basis}",
    "en": "legal basis: {basis}",
}

REFUSALS: dict[str, Text] = {  # the exchange's refusal codes
    "fields": {
        "kk": "сұралған деректер осы қызметке рұқсат етілмеген",
        "ru": "запрошенные данные не разрешены для этой услуги",
        "en": "the data asked for is not allowed for this service",
    },
    "purpose": {
        "kk": "сұраудың мақсаты расталмады",
        "ru": "цель запроса не подтверждена",
        "en": "the purpose of the request could not be confirmed",
    },
    "signature": {
        "kk": "сұраудың қолтаңбасы жарамсыз",
        "ru": "подпись запроса недействительна",
        "en": "the request's signature was not valid",
    },
    "replay": {
        "kk": "сұрау қайталанды",
        "ru": "запрос был повторён",
        "en": "the request was a replay",
    },
    "client": {
        "kk": "сұраушы жүйеге рұқсат жоқ",
        "ru": "у запрашивающей системы нет доступа",
        "en": "the asking system has no access",
    },
}
REFUSAL_ALIASES = {
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
REFUSED: Text = {"kk": "бас тартылды", "ru": "отказано", "en": "refused"}


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
