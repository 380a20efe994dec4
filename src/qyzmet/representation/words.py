"""What representation says to people, in Kazakh, Russian and English: the grounds on which
someone acts for another, and why a refusal was made (the ``why`` of
``representation.not_allowed``, ``core.messages``)."""

from __future__ import annotations

import datetime

from qyzmet.core.texts import Text
from qyzmet.formats import date_text

GROUNDS: dict[str, Text] = {
    "self": {"kk": "Өзім үшін", "ru": "За себя", "en": "Myself"},
    "minor-child": {
        "kk": "18 жасқа толмаған баланың ата-анасы",
        "ru": "Родитель ребёнка младше 18 лет",
        "en": "Parent of a child under 18",
    },
    "granted": {"kk": "Сенімхат", "ru": "Доверенность", "en": "Mandate"},
    "notarised": {
        "kk": "Нотариаттық сенімхат",
        "ru": "Нотариальная доверенность",
        "en": "Notarised power of attorney",
    },
    "guardianship": {
        "kk": "Қорғаншылық немесе қамқоршылық",
        "ru": "Опека или попечительство",
        "en": "Guardianship or care",
    },
    "company-head": {
        "kk": "Компания басшысы",
        "ru": "Руководитель компании",
        "en": "Head of the company",
    },
    "company-certificate": {
        "kk": "Компанияның ЭЦҚ-сы",
        "ru": "ЭЦП компании",
        "en": "The company's signing certificate",
    },
}

KINDS: dict[str, Text] = {
    "granted": {"kk": "Сенімхат", "ru": "Доверенность", "en": "Mandate"},
    "notarised": {
        "kk": "Нотариаттық сенімхат",
        "ru": "Нотариальная доверенность",
        "en": "Notarised power of attorney",
    },
    "guardianship": {
        "kk": "Қорғаншылық немесе қамқоршылық",
        "ru": "Опека или попечительство",
        "en": "Guardianship or care",
    },
}

STATES: dict[str, Text] = {
    "offered": {
        "kk": "қабылдауды күтуде",
        "ru": "ожидает принятия",
        "en": "waiting to be accepted",
    },
    "active": {"kk": "күшінде", "ru": "действует", "en": "in force"},
    "expired": {"kk": "мерзімі өтті", "ru": "срок истёк", "en": "expired"},
    "declined": {"kk": "қабылданбады", "ru": "отклонена", "en": "declined"},
    "ended": {"kk": "тоқтатылды", "ru": "прекращена", "en": "ended"},
}

ALL_SERVICES: Text = {"kk": "Барлық қызметтер", "ru": "Все услуги", "en": "All services"}

# Why someone may not act for a subject: the end of "You may not apply for them: ..."
WHY: dict[str, Text] = {
    "no_ground": {
        "kk": "ол сіздің 18 жасқа толмаған балаңыз емес және сізге осы қызметке қолданыстағы "
        "сенімхат бермеген",
        "ru": "это не ваш ребёнок младше 18 лет, и действующей доверенности на эту услугу он "
        "вам не выдавал",
        "en": "they are not your child under 18, and no mandate of theirs in force names you "
        "for this service",
    },
    "not_accepted": {
        "kk": "сіз оның сенімхатын әлі қабылдаған жоқсыз (Аккаунт → Өкілдер)",
        "ru": "вы ещё не приняли его доверенность (Аккаунт → Представители)",
        "en": "you have not accepted their mandate yet (Account → Representatives)",
    },
    "ended": {
        "kk": "оның сенімхаты тоқтатылды",
        "ru": "его доверенность прекращена",
        "en": "their mandate was ended",
    },
    "outside_services": {
        "kk": "оның сенімхаты бұл қызметті қамтымайды",
        "ru": "его доверенность не распространяется на эту услугу",
        "en": "their mandate does not cover this service",
    },
    "principal_gone": {
        "kk": "тіркелім бойынша сенімхат енді күшінде емес",
        "ru": "по данным регистра доверенность больше не действует",
        "en": "the registry shows the mandate is no longer in force",
    },
    "not_minor": {
        "kk": "ата-ана тек 18 жасқа толмаған бала үшін өтініш бере алады; ересек бала сізге "
        "сенімхат бере алады",
        "ru": "родитель может подать заявку только за ребёнка младше 18 лет; взрослый ребёнок "
        "может выдать вам доверенность",
        "en": "a parent can only apply for a child under 18; an adult child can give you a mandate",
    },
    "company_needed": {
        "kk": "бұл қызметке компания атынан өтініш беріледі: өзіңіз басқаратын компанияны таңдаңыз",
        "ru": "эта услуга оформляется от имени компании: выберите компанию, которую вы "
        "представляете",
        "en": "this service is applied for in a company's name: choose a company you act for",
    },
    "not_head": {
        "kk": "бизнес тіркелімі сізді осы БСН-і бар жұмыс істеп тұрған компанияның басшысы "
        "ретінде көрсетпейді",
        "ru": "по данным бизнес-регистра вы не руководитель действующей компании с этим БИН",
        "en": "the business registry does not name you as the head of an active company with "
        "this BIN",
    },
    "person_service": {
        "kk": "бұл қызмет адамдарға арналған, компанияларға емес",
        "ru": "эта услуга оформляется на человека, а не на компанию",
        "en": "this service is for people, not companies",
    },
    "mixed": {
        "kk": "бұл өмірлік жағдайда адамға және компанияға арналған қызметтер бар",
        "ru": "эта жизненная ситуация объединяет услуги для людей и для компаний",
        "en": "this life situation mixes services for people and for companies",
    },
}


def expired_on(day: datetime.date) -> Text:
    """Why: the mandate expired on ``day``."""
    date = date_text(day)
    return {
        "kk": f"оның сенімхатының мерзімі {date['kk']} аяқталды",
        "ru": f"срок его доверенности истёк {date['ru']}",
        "en": f"their mandate expired on {date['en']}",
    }
