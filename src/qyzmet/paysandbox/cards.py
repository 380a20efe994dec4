"""The sandbox's test cards and what each does. Any other number that passes the Luhn check is
declined as unknown; the challenge code of the 3-D Secure-like step is ``CHALLENGE_CODE``."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

SUCCEEDS = "4242424242424242"
DECLINES = "4000000000000002"
CHALLENGES = "4000000000003220"
CHALLENGE_CODE = "123456"
TEST_CARDS = {
    SUCCEEDS: "succeeds",
    DECLINES: "is declined (insufficient funds)",
    CHALLENGES: "asks for a confirmation code first (123456)",
}


class CardRefused(Exception):
    """The card details cannot be read; ``field`` and ``code`` say which and why."""

    def __init__(self, field: str, code: str) -> None:
        super().__init__(f"{field}: {code}")
        self.field = field
        self.code = code


@dataclass(frozen=True)
class Card:
    number: str
    expiry: datetime.date  # the last day it is valid

    @property
    def last4(self) -> str:
        return self.number[-4:]


def _luhn(number: str) -> bool:
    total = 0
    for i, digit in enumerate(reversed(number)):
        value = int(digit) * (2 if i % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def read_card(*, number: str, expiry: str, cvc: str, today: datetime.date) -> Card:
    """Card details as typed (spaces allowed), checked; ``CardRefused`` names what is wrong."""
    digits = re.sub(r"[\s-]", "", number or "")
    if not re.fullmatch(r"\d{12,19}", digits) or not _luhn(digits):
        raise CardRefused("number", "card.number_invalid")
    match = re.fullmatch(r"\s*(\d{2})\s*/\s*(\d{2})\s*", expiry or "")
    if not match or not 1 <= int(match[1]) <= 12:
        raise CardRefused("expiry", "card.expiry_invalid")
    month, year = int(match[1]), 2000 + int(match[2])
    last_day = (datetime.date(year + month // 12, month % 12 + 1, 1)) - datetime.timedelta(days=1)
    if last_day < today:
        raise CardRefused("expiry", "card.expired")
    if not re.fullmatch(r"\d{3}", (cvc or "").strip()):
        raise CardRefused("cvc", "card.cvc_invalid")
    return Card(number=digits, expiry=last_day)
