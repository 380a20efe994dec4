"""IIN and BIN: Kazakhstan's 12-digit identification numbers for individuals and businesses.

IIN: ``YYMMDD`` birth date, a century/sex digit (1-6), a 4-digit serial, a check digit.
BIN: ``YYMM`` registration year and month, a legal-entity type digit (4-6), a division digit
(0-3), a 5-digit serial, a check digit. Both use the same two-pass weighted check digit.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from enum import StrEnum

_WEIGHTS_1 = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
_WEIGHTS_2 = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
_CENTURY = {1: 1800, 2: 1800, 3: 1900, 4: 1900, 5: 2000, 6: 2000}


class IdentifierProblem(StrEnum):
    NOT_12_DIGITS = "not_12_digits"
    BAD_DATE = "bad_date"
    BAD_CENTURY = "bad_century"
    BAD_TYPE = "bad_type"
    BAD_CHECK_DIGIT = "bad_check_digit"


class InvalidIdentifier(ValueError):
    def __init__(self, value: str, problem: IdentifierProblem) -> None:
        super().__init__(f"{value!r}: {problem.value}")
        self.value = value
        self.problem = problem


@dataclass(frozen=True)
class IIN:
    value: str
    birth_date: datetime.date
    sex: str  # "M" or "F"


def check_digit(first_eleven: str) -> int | None:
    """The 12th digit for these 11 digits, or ``None`` when no check digit is possible."""
    digits = [int(c) for c in first_eleven]
    for weights in (_WEIGHTS_1, _WEIGHTS_2):
        control = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
        if control != 10:
            return control
    return None


def _require_digits(value: str) -> None:
    if len(value) != 12 or not value.isascii() or not value.isdigit():
        raise InvalidIdentifier(value, IdentifierProblem.NOT_12_DIGITS)


def _require_check_digit(value: str) -> None:
    if check_digit(value[:11]) != int(value[11]):
        raise InvalidIdentifier(value, IdentifierProblem.BAD_CHECK_DIGIT)


def parse_iin(value: str) -> IIN:
    """Validate an IIN (structure, birth date, century/sex digit, check digit)."""
    _require_digits(value)
    century_sex = int(value[6])
    if century_sex not in _CENTURY:
        raise InvalidIdentifier(value, IdentifierProblem.BAD_CENTURY)
    year = _CENTURY[century_sex] + int(value[0:2])
    try:
        born = datetime.date(year, int(value[2:4]), int(value[4:6]))
    except ValueError:
        raise InvalidIdentifier(value, IdentifierProblem.BAD_DATE) from None
    _require_check_digit(value)
    return IIN(value=value, birth_date=born, sex="M" if century_sex % 2 else "F")


def validate_bin(value: str) -> str:
    """Validate a BIN (structure, registration month, entity type, check digit)."""
    _require_digits(value)
    if not 1 <= int(value[2:4]) <= 12:
        raise InvalidIdentifier(value, IdentifierProblem.BAD_DATE)
    if value[4] not in "456" or value[5] not in "0123":
        raise InvalidIdentifier(value, IdentifierProblem.BAD_TYPE)
    _require_check_digit(value)
    return value


def is_valid_iin(value: str) -> bool:
    try:
        parse_iin(value)
    except InvalidIdentifier:
        return False
    return True


def make_iin(born: datetime.date, sex: str, serial: int) -> str | None:
    """The IIN for this birth date, sex and serial; ``None`` when the serial has no check digit."""
    century_sex = (born.year - 1800) // 100 * 2 + (1 if sex == "M" else 2)
    head = f"{born:%y%m%d}{century_sex}{serial:04d}"
    digit = check_digit(head)
    return None if digit is None else head + str(digit)


def make_bin(registered: datetime.date, entity_type: int, serial: int) -> str | None:
    """The BIN for this registration month, entity type (4-6) and serial, or ``None``."""
    head = f"{registered:%y%m}{entity_type}0{serial:05d}"
    digit = check_digit(head)
    return None if digit is None else head + str(digit)


def masked_iin(iin: str) -> str:
    """An IIN as the public may see it (a QR code, the verify page): the year and month of
    birth and the last two digits, enough to compare with the paper (``9001******34``)."""
    iin = iin.strip()
    return f"{iin[:4]}{'*' * 6}{iin[-2:]}" if len(iin) == 12 else "*" * 12
