import datetime

import pytest

from qyzmet.core.identifiers import (
    IdentifierProblem,
    InvalidIdentifier,
    check_digit,
    make_bin,
    make_iin,
    parse_iin,
    validate_bin,
)


def test_an_iin_tells_birth_date_and_sex():
    iin = make_iin(datetime.date(1990, 5, 17), "F", 123)
    assert iin is not None
    parsed = parse_iin(iin)
    assert parsed.birth_date == datetime.date(1990, 5, 17)
    assert parsed.sex == "F"
    assert iin[6] == "4"  # 20th century, female


def test_a_child_born_this_century_gets_digit_5_or_6():
    iin = make_iin(datetime.date(2021, 1, 2), "M", 7) or make_iin(datetime.date(2021, 1, 2), "M", 8)
    assert iin is not None and iin[6] == "5"


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("12345", IdentifierProblem.NOT_12_DIGITS),
        ("90051740012a", IdentifierProblem.NOT_12_DIGITS),
        ("٩٠٠٥١٧٤٠٠١٢٣", IdentifierProblem.NOT_12_DIGITS),
        ("901317400123", IdentifierProblem.BAD_DATE),
        ("900230400123", IdentifierProblem.BAD_DATE),
        ("900517900123", IdentifierProblem.BAD_CENTURY),
    ],
)
def test_malformed_iins_are_refused_with_the_reason(value, problem):
    with pytest.raises(InvalidIdentifier) as refused:
        parse_iin(value)
    assert refused.value.problem == problem


def test_a_typo_in_an_iin_breaks_its_check_digit():
    iin = make_iin(datetime.date(1985, 11, 3), "M", 42)
    assert iin is not None
    wrong = iin[:11] + str((int(iin[11]) + 1) % 10)
    with pytest.raises(InvalidIdentifier) as refused:
        parse_iin(wrong)
    assert refused.value.problem == IdentifierProblem.BAD_CHECK_DIGIT


def test_the_check_digit_uses_the_second_weights_when_the_first_give_ten():
    # 11 digits whose first weighted sum is 10 (mod 11): 0000000001 + 9 -> 9*10=90 = 2 mod 11.
    head = "00000000019"
    first = sum(int(d) * w for d, w in zip(head, range(1, 12), strict=True)) % 11
    digit = check_digit(head)
    if first == 10:
        assert digit != 10
    else:
        assert digit == first


def test_a_bin_is_validated_by_type_and_check_digit():
    bin_ = make_bin(datetime.date(2015, 3, 1), 4, 1234) or make_bin(
        datetime.date(2015, 3, 1), 4, 1235
    )
    assert bin_ is not None
    assert validate_bin(bin_) == bin_
    with pytest.raises(InvalidIdentifier) as refused:
        validate_bin(bin_[:4] + "9" + bin_[5:])
    assert refused.value.problem == IdentifierProblem.BAD_TYPE
    with pytest.raises(InvalidIdentifier) as refused:
        validate_bin(bin_[:11] + str((int(bin_[11]) + 1) % 10))
    assert refused.value.problem == IdentifierProblem.BAD_CHECK_DIGIT
