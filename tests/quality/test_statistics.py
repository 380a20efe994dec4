"""Service-quality figures on a hand-built set of cases whose times are known."""

from __future__ import annotations

import datetime

import pytest

from qyzmet.catalog.models import Agency
from qyzmet.quality.percentiles import percentile
from qyzmet.quality.selectors import agency_dashboard, service_quality
from qyzmet.quality.services import rate_case
from tests.factories import ApplicationFactory
from tests.quality.conftest import NOW, moving, timed

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def passport(citizen, *, ago, hours=None, due_days=15, state="approved"):
    application = ApplicationFactory(citizen=citizen, **{state: True})
    return timed(application.cases.get(), submitted=NOW - ago, hours=hours, due_days=due_days)


@pytest.fixture
def passports(citizen):
    """Five passport cases: decided in 1, 3 and 20 days (the last one late), one open past
    its deadline, one open within it; two of the decided ones rated 5 and 2."""
    on_time = passport(citizen, ago=10 * DAY, hours=24)
    passport(citizen, ago=10 * DAY, hours=72)
    late = passport(citizen, ago=25 * DAY, hours=480, state="rejected")
    passport(citizen, ago=30 * DAY, state="submitted")
    passport(citizen, ago=1 * DAY, state="submitted")
    rate_case(citizen=citizen, case=on_time, score=5, comment="Fast.", channel="portal")
    rate_case(citizen=citizen, case=late, score=2, comment="Too slow.", channel="portal")


def row(rows, slug):
    [found] = [r for r in rows if r.slug == slug]
    return found


def test_percentiles_interpolate_between_ranks():
    assert percentile([1.0, 2.0, 3.0, 4.0], 0.5) == 2.5
    assert percentile([1.0, 2.0, 3.0, 4.0], 0.9) == pytest.approx(3.7)
    assert percentile([7.0], 0.9) == 7.0
    assert percentile([], 0.5) is None


def test_a_services_figures_count_processing_deadlines_and_ratings(passports):
    figures = row(service_quality(now=NOW).services, "passport").figures
    assert (figures.applications, figures.cases, figures.decided, figures.approved) == (5, 5, 3, 2)
    assert figures.median_hours == pytest.approx(72)
    assert figures.p90_hours == pytest.approx(72 + (480 - 72) * 0.8)
    assert figures.median_days == pytest.approx(3)
    assert (figures.decided_on_time, figures.overdue) == (2, 1)
    assert figures.on_time_share == pytest.approx(2 / 4), "an open case past due counts as missed"
    assert (figures.ratings, figures.mean_rating) == (2, pytest.approx(3.5))


def test_deadlines_are_kept_by_local_dates(citizen):
    # Submitted at 12:00 local time; decided at 02:00 local time the day after the due date,
    # which is still the due date in UTC: late all the same.
    case = passport(citizen, ago=10 * DAY, hours=24 * 5 + 14, due_days=5)
    assert case.decided_at.astimezone(datetime.UTC).date() == case.due_date
    figures = row(service_quality(now=NOW).services, "passport").figures
    assert (figures.decided, figures.decided_on_time, figures.on_time_share) == (1, 0, 0.0)


def test_the_period_counts_applications_submitted_in_it(passports):
    figures = row(service_quality(days=20, now=NOW).services, "passport").figures
    assert (figures.cases, figures.decided, figures.overdue) == (3, 2, 0)
    assert figures.median_hours == pytest.approx(48)


def test_agencies_sum_their_services(passports, citizen):
    certificate = ApplicationFactory(submitted=True, citizen=citizen, service="address-certificate")
    timed(certificate.cases.get(), submitted=NOW - DAY, hours=0.5, due_days=0)
    stats = service_quality(now=NOW)
    police = row(stats.agencies, "internal-affairs").figures
    digital = row(stats.agencies, "digital-development").figures
    assert (police.cases, police.decided, police.median_hours) == (5, 3, pytest.approx(72))
    assert (digital.cases, digital.decided, digital.on_time_share) == (1, 1, 1.0)
    assert row(stats.services, "address-certificate").agency_slug == "digital-development"


@pytest.fixture
def movings(parent):
    """Two fully decided 'moving' applications (last decisions after 49 and 25 hours) and
    one whose residence registration is still open."""
    moving(parent, ago=5 * DAY, certificate_hours=1, residence_hours=49)
    moving(parent, ago=3 * DAY, certificate_hours=2, residence_hours=25)
    moving(parent, ago=2 * DAY, certificate_hours=1)


def test_the_journey_runs_from_submission_to_the_last_decision(movings):
    situation = row(service_quality(now=NOW).life_situations, "moving")
    assert situation.title["en"] == "Moving house"
    assert (situation.figures.applications, situation.figures.cases) == (3, 6)
    assert situation.figures.decided == 5
    journey = situation.journey
    assert journey.applications == 2, "only applications whose every case is decided"
    assert journey.median_hours == pytest.approx(37)
    assert journey.p90_hours == pytest.approx(25 + 24 * 0.9)


def test_an_agency_sees_its_own_cases_and_the_whole_journey(movings):
    digital = Agency.objects.get(slug="digital-development")
    stats = service_quality(agency=digital, now=NOW)
    assert [r.slug for r in stats.services] == ["address-certificate"]
    assert [r.slug for r in stats.agencies] == ["digital-development"]
    situation = row(stats.life_situations, "moving")
    assert (situation.figures.cases, situation.figures.median_hours) == (3, pytest.approx(1))
    assert situation.journey.median_hours == pytest.approx(37), "the journey stays whole"


def test_nothing_submitted_means_empty_statistics(db):
    stats = service_quality(now=NOW)
    assert stats.services == stats.agencies == stats.life_situations == []


def test_an_agency_dashboard_has_totals_scores_and_comments(passports):
    police = Agency.objects.get(slug="internal-affairs")
    dashboard = agency_dashboard(police, now=NOW)
    assert (dashboard.totals.cases, dashboard.totals.overdue) == (5, 1)
    assert dashboard.scores == {1: 0, 2: 1, 3: 0, 4: 0, 5: 1}
    assert {c.comment for c in dashboard.comments} == {"Fast.", "Too slow."}
    assert [r.slug for r in dashboard.services] == ["passport"]
    empty = agency_dashboard(Agency.objects.get(slug="education"), now=NOW)
    assert (empty.totals.cases, empty.services, empty.comments) == (0, [], [])
