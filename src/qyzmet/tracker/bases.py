"""Legal bases in words: those on which an investigation may hide an access from the citizen
for a while, and those an exchange request may name as its purpose."""

from __future__ import annotations

from qyzmet.core.texts import Text
from qyzmet.exchange.legal_bases import legal_bases
from qyzmet.tracker import words

CONCEALMENT_BASES: dict[str, Text] = {
    "criminal-investigation": {
        "kk": "қылмыстық іс бойынша сотқа дейінгі тергеп-тексеру (ҚР ҚПК)",
        "ru": "досудебное расследование уголовного дела (УПК РК)",
        "en": "a pre-trial criminal investigation (Criminal Procedure Code)",
    },
    "operational-search": {
        "kk": "жедел-іздестіру қызметі (Жедел-іздестіру қызметі туралы заң)",
        "ru": "оперативно-розыскная деятельность (Закон об ОРД)",
        "en": "operational-search activity (Law on Operational-Search Activity)",
    },
    "counter-intelligence": {
        "kk": "қарсы барлау қызметі (Қарсы барлау қызметі туралы заң)",
        "ru": "контрразведывательная деятельность (Закон о контрразведывательной деятельности)",
        "en": "counter-intelligence (Law on Counter-Intelligence Activity)",
    },
    "financial-monitoring": {
        "kk": "қылмыстық кірістерді заңдастыруға қарсы іс-қимыл (ҚМ туралы заң)",
        "ru": "противодействие легализации преступных доходов (Закон о ПОД/ФТ)",
        "en": "countering money laundering (Law on AML/CFT)",
    },
    "court-order": {
        "kk": "сот шешімі",
        "ru": "решение суда",
        "en": "a court order",
    },
}

PURPOSE_BASES: dict[str, Text] = {
    **CONCEALMENT_BASES,
    "registry-maintenance": {
        "kk": "тіркелімді жүргізу",
        "ru": "ведение регистра",
        "en": "keeping the registry up to date",
    },
    "proactive-service": {
        "kk": "проактивті қызмет ұсыну",
        "ru": "проактивное предложение услуги",
        "en": "offering a proactive service",
    },
    "statistics": {
        "kk": "ресми статистика",
        "ru": "официальная статистика",
        "en": "official statistics",
    },
}


def basis_text(code: str) -> Text:
    """A legal basis in words: the exchange's own title of the basis (``legal-bases.yaml``),
    else qyzmet's words for it, else its code."""
    basis = legal_bases().get(code)
    return (basis.title if basis else None) or PURPOSE_BASES.get(code) or words.same(code)
