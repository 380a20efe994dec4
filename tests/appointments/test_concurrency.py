"""Citizens racing for the last place of a slot: one gets it, the others are told it was
just taken; run on PostgreSQL too (make test-postgres)."""

from __future__ import annotations

from qyzmet.appointments.models import Visit
from qyzmet.appointments.selectors import centre_named
from qyzmet.appointments.services import book_visit
from qyzmet.core.errors import Conflict
from tests.appointments.helpers import MONDAY, another_citizen, at, id_card_case
from tests.concurrency import together


def test_the_last_place_is_booked_once_however_many_ask_at_once(committed_platform):
    cases = [id_card_case(another_citizen(n)) for n in range(4)]
    centre = centre_named("astana-saryarka")  # one place per slot

    def booking(case):
        return lambda: book_visit(
            case=case, centre=centre, starts_at=at(16, 11), actor=case.application.citizen,
            channel="api", now=MONDAY,
        )  # fmt: skip

    results = together(*[booking(case) for case in cases])
    booked = [r for r in results if isinstance(r, Visit)]
    refused = [r for r in results if isinstance(r, Conflict)]
    assert len(booked) == 1 and len(refused) == 3, results
    assert {r.code for r in refused} == {"visit.slot_full"}
    assert Visit.objects.filter(centre=centre, starts_at=at(16, 11)).count() == 1
