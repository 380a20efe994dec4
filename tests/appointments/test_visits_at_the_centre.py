"""An officer of the centre's agency records that a visit happened (what was done shows in
the case's history) or that nobody came; officers of other agencies cannot."""

from __future__ import annotations

import pytest

from qyzmet.applications.models import StatusChange
from qyzmet.appointments.models import VisitStatus
from qyzmet.appointments.selectors import centre_named, visits_of_day
from qyzmet.appointments.services import book_visit, record_visit
from qyzmet.catalog.models import Agency
from qyzmet.core.errors import Conflict, Forbidden, Invalid
from tests.appointments.helpers import MONDAY, another_citizen, at, id_card_case
from tests.factories import officer_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def visit():
    case = id_card_case()
    return book_visit(
        case=case, centre=centre_named("astana-yesil"), starts_at=at(16, 10),
        actor=case.application.citizen, channel="portal", now=MONDAY,
    )  # fmt: skip


@pytest.fixture
def centre_officer():
    return officer_of(Agency.objects.get(slug="digital-development"))


def test_the_day_list_shows_the_visits_of_that_day_in_order(visit):
    later = id_card_case(another_citizen())
    book_visit(
        case=later, centre=visit.centre, starts_at=at(16, 9), actor=later.application.citizen,
        channel="portal", now=MONDAY,
    )  # fmt: skip
    day = list(visits_of_day(visit.centre, at(16, 0).date()))
    assert [v.starts_at for v in day] == [at(16, 9), at(16, 10)]
    assert list(visits_of_day(visit.centre, at(17, 0).date())) == []


def test_the_officer_records_the_photo_taken_and_the_case_history_shows_it(visit, centre_officer):
    recorded = record_visit(
        visit=visit, officer=centre_officer, happened=True, outcome="Photo and fingerprints taken",
        channel="backoffice", now=at(16, 10, 5),
    )  # fmt: skip
    assert recorded.status == VisitStatus.HAPPENED
    line = StatusChange.objects.get(case=visit.case, status="visit_happened")
    assert line.note == "Photo and fingerprints taken"
    assert line.actor == centre_officer
    assert visit.case.status == "submitted"  # the case waits for its decision still


def test_a_no_show_is_recorded(visit, centre_officer):
    recorded = record_visit(
        visit=visit, officer=centre_officer, happened=False, channel="backoffice",
        now=at(16, 12),
    )  # fmt: skip
    assert recorded.status == VisitStatus.MISSED
    assert StatusChange.objects.filter(case=visit.case, status="visit_missed").exists()


def test_what_was_done_must_be_said(visit, centre_officer):
    with pytest.raises(Invalid) as refused:
        record_visit(visit=visit, officer=centre_officer, happened=True, outcome=" ",
                     channel="backoffice", now=at(16, 10))  # fmt: skip
    assert refused.value.code == "visit.outcome_required"


def test_a_visit_is_recorded_from_its_day_on_and_once(visit, centre_officer):
    with pytest.raises(Conflict) as early:
        record_visit(visit=visit, officer=centre_officer, happened=False, channel="backoffice",
                     now=at(15, 17))  # fmt: skip
    assert early.value.code == "visit.not_yet"
    record_visit(visit=visit, officer=centre_officer, happened=False, channel="backoffice",
                 now=at(16, 17))  # fmt: skip
    with pytest.raises(Conflict) as again:
        record_visit(visit=visit, officer=centre_officer, happened=True, outcome="Photo taken",
                     channel="backoffice", now=at(16, 17))  # fmt: skip
    assert again.value.code == "visit.not_booked"


def test_an_officer_of_another_agency_cannot_record_it(visit):
    other = officer_of(Agency.objects.get(slug="internal-affairs"))
    with pytest.raises(Forbidden):
        record_visit(visit=visit, officer=other, happened=False, channel="backoffice",
                     now=at(16, 12))  # fmt: skip
