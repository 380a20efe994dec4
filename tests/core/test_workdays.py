import datetime

from qyzmet.core.workdays import add_working_days, is_working_day

D = datetime.date


def test_weekends_are_not_working_days():
    assert not is_working_day(D(2026, 11, 21))  # Saturday
    assert is_working_day(D(2026, 11, 23))


def test_deadline_skips_the_weekend():
    assert add_working_days(D(2026, 11, 20), 1) == D(2026, 11, 23)  # Friday -> Monday


def test_deadline_skips_nauryz_and_its_moved_days_off():
    # 21-23 March 2026 are Nauryz, 24-25 its days off moved from the weekend.
    assert add_working_days(D(2026, 3, 20), 1) == D(2026, 3, 26)


def test_deadline_over_new_year_and_orthodox_christmas():
    # 1-2 January 2027 are days off; the 2nd falls on Saturday, so Monday the 4th is off too.
    assert add_working_days(D(2026, 12, 31), 1) == D(2027, 1, 5)
    assert add_working_days(D(2027, 1, 6), 1) == D(2027, 1, 8)


def test_a_same_day_service_filed_on_a_holiday_is_due_the_next_working_day():
    assert add_working_days(D(2026, 12, 16), 0) == D(2026, 12, 17)  # Independence Day
