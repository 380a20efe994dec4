"""The citizen books, moves and cancels the visit from the portal; the confirmation page offers
it; an officer of the centre's agency sees the day's visits and records one."""

from __future__ import annotations

import pytest
from django.utils import formats, timezone, translation

from qyzmet.applications.models import StatusChange
from qyzmet.appointments.models import Visit, VisitStatus
from qyzmet.appointments.selectors import centre_named
from qyzmet.appointments.slots import days_of_slots
from tests.appointments.helpers import another_citizen, id_card_case
from tests.backoffice.conftest import officer_with_second_factor, sign_in_as
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def free_times(centre="astana-yesil", n=2):
    days = days_of_slots(centre=centre_named(centre), service="id-card")
    return [slot.starts_at for day in days for slot in day.free][:n]


def page(client, url, language="en", status=200):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == status
    return response.content.decode()


@pytest.fixture
def case(client):
    case = id_card_case()
    client.force_login(case.application.citizen)
    return case


def urls(case):
    base = f"/applications/{case.application_id}"
    return f"{base}/submitted/", f"{base}/cases/{case.pk}/visit/", f"{base}/"


def test_the_confirmation_page_offers_booking_a_visit(client, case):
    confirmation, booking, _ = urls(case)
    assert booking in page(client, confirmation)
    for language, words in [("ru", "Записаться"), ("kk", "Келуді брондау"), ("en", "Book a visit")]:
        assert words in page(client, confirmation, language)


def test_a_service_without_a_visit_offers_none(client):
    application = ApplicationFactory(service="passport", submitted=True)
    client.force_login(application.citizen)
    assert "/visit/" not in page(client, f"/applications/{application.pk}/submitted/")


def test_the_booking_page_lists_centres_days_and_free_times(client, case):
    _, booking, _ = urls(case)
    html = page(client, booking + "?centre=almaty-almaly")
    assert "Almaly district public service centre" in html and "Saryarka" in html
    first = free_times("almaty-almaly", 1)[0]
    assert timezone.localtime(first).isoformat() in html
    assert "Photo and fingerprints for the identity card" in html


def test_booking_moving_and_cancelling_from_the_portal(client, case):
    _, booking, detail = urls(case)
    first, second = free_times()
    response = client.post(booking, {"centre": "astana-yesil", "starts_at": first.isoformat()})
    assert response.status_code == 302 and response.url == detail
    visit = Visit.objects.get(case=case)
    assert visit.starts_at == first
    shown = page(client, detail)
    assert "Move the visit" in shown and "Yesil district public service centre" in shown
    client.post(booking, {"centre": "astana-yesil", "starts_at": second.isoformat()})
    visit.refresh_from_db()
    assert visit.starts_at == second
    client.post(f"{booking}cancel/")
    visit.refresh_from_db()
    assert visit.status == VisitStatus.CANCELLED
    assert "Book a visit" in page(client, detail)


def test_a_time_not_offered_is_refused_in_the_citizens_language(client, case):
    _, booking, _ = urls(case)
    response = client.post(
        booking,
        {"centre": "astana-yesil", "starts_at": "2020-01-01T10:00:00+05:00"},
        HTTP_ACCEPT_LANGUAGE="ru",
    )
    assert response.status_code == 400
    assert "Это время уже прошло" in response.content.decode()
    assert not Visit.objects.filter(case=case).exists()
    response = client.post(booking, {"centre": "astana-yesil", "starts_at": "soon"})
    assert response.status_code == 400


def test_someone_elses_application_has_no_booking_page(client, case):
    other = id_card_case(another_citizen())
    _, booking, _ = urls(other)
    assert client.get(booking).status_code == 404
    response = client.post(booking, {"centre": "astana-yesil", "starts_at": "x"})
    assert response.status_code == 404


def test_the_officer_sees_the_day_and_records_the_visit(client, case):
    start = free_times()[0]
    client.post(urls(case)[1], {"centre": "astana-yesil", "starts_at": start.isoformat()})
    visit = Visit.objects.get(case=case)
    Visit.objects.filter(pk=visit.pk).update(
        starts_at=timezone.now().replace(second=0, microsecond=0)
    )  # it is today
    officer = sign_in_as(client, officer_with_second_factor("digital-development"))
    assert officer
    day = page(client, "/back-office/centres/astana-yesil/")
    assert case.application.reference in day and "Visit happened" in day
    response = client.post(
        f"/back-office/visits/{visit.pk}/record/",
        {"happened": "yes", "outcome": "Photo and fingerprints taken"},
    )
    assert response.status_code == 302
    assert StatusChange.objects.get(case=case, status="visit_happened").note == (
        "Photo and fingerprints taken"
    )
    assert "Photo and fingerprints taken" in page(client, "/back-office/centres/astana-yesil/")


def test_an_officer_of_another_agency_sees_no_centre(client, case):
    sign_in_as(client, officer_with_second_factor("health"))
    assert client.get("/back-office/centres/astana-yesil/").status_code == 404


@pytest.mark.parametrize(
    "impossible",
    ["2027-02-30T10:00:00+05:00", "2027-02-15T25:00:00+05:00", "2027-02-15T10:00:00+99:00"],
)
def test_an_impossible_time_is_asked_again_with_the_centre_kept(client, case, impossible):
    _, booking, _ = urls(case)
    response = client.post(
        booking, {"centre": "almaty-almaly", "starts_at": impossible}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose a time." in html
    assert response.context["centre"].slug == "almaty-almaly"  # what was chosen is kept
    assert not Visit.objects.filter(case=case).exists()


@pytest.mark.parametrize("far", ["0001-01-01", "9999-12-31", "1900-01-01", "2999-06-01"])
def test_a_day_out_of_range_shows_the_officer_today(client, far):
    sign_in_as(client, officer_with_second_factor("digital-development"))
    response = client.get(f"/back-office/centres/astana-yesil/?day={far}")
    assert response.status_code == 200
    assert response.context["day"] == timezone.localdate()


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_todays_list_names_the_weekday_as_running_text_does_in_each_language(client, language):
    sign_in_as(client, officer_with_second_factor("digital-development"))
    with translation.override(language):
        weekday = formats.date_format(timezone.localdate(), "l")
    said = page(client, "/back-office/centres/astana-yesil/", language)
    expected = weekday if language == "en" else weekday.lower()  # "Сегодня, воскресенье"
    assert f", {expected}, " in said
