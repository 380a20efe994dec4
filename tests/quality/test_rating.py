"""A citizen rates the service a decided case received: once, changeable for 30 days."""

from __future__ import annotations

import datetime

import pytest

from qyzmet.audit.models import AuditRecord
from qyzmet.core.errors import Conflict, Forbidden, Invalid, NotFound
from qyzmet.core.messages import render
from qyzmet.quality.models import Rating
from qyzmet.quality.services import rate_case
from tests.factories import ApplicationFactory, CitizenFactory, officer_of

pytestmark = pytest.mark.django_db


def test_a_citizen_rates_a_decided_case_and_it_is_audited(citizen, decided_case):
    rating = rate_case(
        citizen=citizen, case=decided_case, score=4, comment="  Quick and clear.  ",
        channel="portal",
    )  # fmt: skip
    assert (rating.score, rating.comment, rating.citizen) == (4, "Quick and clear.", citizen)
    record = AuditRecord.objects.get(action="case.rated", object_id=str(decided_case.pk))
    assert record.details == {"score": 4, "comment_length": len("Quick and clear.")}
    assert "Quick" not in str(record.details), "the audit log never keeps the comment itself"


def test_a_rejected_case_can_be_rated_too(citizen):
    case = ApplicationFactory(rejected=True, citizen=citizen).cases.get()
    assert rate_case(citizen=citizen, case=case, score=1, channel="portal").score == 1


def test_a_case_not_yet_decided_cannot_be_rated(citizen):
    case = ApplicationFactory(in_review=True, citizen=citizen).cases.get()
    with pytest.raises(Conflict) as refused:
        rate_case(citizen=citizen, case=case, score=5, channel="portal")
    assert refused.value.code == "rating.not_decided"
    assert not Rating.objects.exists()


def test_another_citizens_case_is_not_found(decided_case, demo_people):
    stranger = CitizenFactory(iin=demo_people["young_adult"])
    with pytest.raises(NotFound):
        rate_case(citizen=stranger, case=decided_case, score=5, channel="portal")
    assert not Rating.objects.exists()


def test_an_officer_cannot_rate(decided_case):
    with pytest.raises(Forbidden):
        rate_case(citizen=officer_of(decided_case.agency), case=decided_case, score=5,
                  channel="portal")  # fmt: skip


@pytest.mark.parametrize("score", [0, 6, -1, None, "5", True, 4.5])
def test_a_score_outside_1_to_5_is_refused_with_a_clear_message(citizen, decided_case, score):
    with pytest.raises(Invalid) as refused:
        rate_case(citizen=citizen, case=decided_case, score=score, channel="portal")
    [problem] = refused.value.problems
    assert (problem.field, problem.code) == ("score", "rating.score_range")
    assert render(problem.code, language="en") == (
        "Choose a score from 1 (very poor) to 5 (excellent)."
    )
    assert render(problem.code, language="ru").startswith("Выберите оценку от 1")
    assert render(problem.code, language="kk").startswith("1-ден (өте нашар)")
    assert not Rating.objects.exists()


def test_a_comment_longer_than_2000_characters_is_refused(citizen, decided_case):
    with pytest.raises(Invalid) as refused:
        rate_case(citizen=citizen, case=decided_case, score=3, comment="a" * 2001,
                  channel="portal")  # fmt: skip
    [problem] = refused.value.problems
    assert (problem.field, problem.code, problem.params) == ("comment", "max_length",
                                                             {"limit": 2000})  # fmt: skip
    assert rate_case(citizen=citizen, case=decided_case, score=3, comment="a" * 2000,
                     channel="portal").comment == "a" * 2000  # fmt: skip


def test_rating_again_within_30_days_changes_the_one_rating(citizen, decided_case):
    first = rate_case(citizen=citizen, case=decided_case, score=2, comment="Slow.",
                      channel="portal")  # fmt: skip
    second = rate_case(citizen=citizen, case=decided_case, score=4, comment="It came after all.",
                       channel="portal")  # fmt: skip
    assert second.pk == first.pk and Rating.objects.count() == 1
    assert (second.score, second.comment) == (4, "It came after all.")
    assert AuditRecord.objects.filter(action="case.rating_changed").count() == 1


def test_after_30_days_a_rating_stands(citizen, decided_case):
    rating = rate_case(citizen=citizen, case=decided_case, score=2, channel="portal")
    Rating.objects.filter(pk=rating.pk).update(
        created_at=rating.created_at - datetime.timedelta(days=30, minutes=1)
    )
    with pytest.raises(Conflict) as refused:
        rate_case(citizen=citizen, case=decided_case, score=5, channel="portal")
    assert refused.value.code == "rating.closed" and refused.value.params == {"days": 30}
    assert Rating.objects.get().score == 2
