"""The guided application in the portal, with Django's test client (no browser)."""

from __future__ import annotations

import pytest

from qyzmet.applications.models import Application, ApplicationStatus
from qyzmet.catalog.selectors import service_version
from qyzmet.demo.sample_forms import sample_values
from qyzmet.registries.fields import find_person
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def citizen(demo_people):
    return CitizenFactory(iin=demo_people["parent"])


@pytest.fixture
def signed_in(client, citizen):
    client.force_login(citizen)
    return client


def start(client, kind, slug):
    response = client.post("/apply/", {"kind": kind, "slug": slug})
    assert response.status_code == 302
    return response["Location"]


def test_public_pages_show_the_catalogue(client):
    assert "Moving house" in client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    page = client.get("/life-situations/moving/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Registration at a permanent place of residence" in page
    assert "What you will need" in page and "Date of the move" in page
    assert client.get("/life-situations/no-such-thing/").status_code == 404
    found = client.get("/search/", {"q": "прописка"}).content.decode()
    assert "/services/residence-registration/" in found or "/life-situations/moving/" in found


def test_starting_an_application_needs_a_signed_in_citizen(client):
    response = client.post("/apply/", {"kind": "life_situation", "slug": "moving"})
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


def test_the_moving_journey_saves_each_step_and_submits_once(signed_in, citizen):
    url = start(signed_in, "life_situation", "moving")
    assert url.endswith("/questions/")
    answers = {"q__has_preschool_children": "no", "q__has_school_age_children": "no",
               "q__change_polyclinic": "no"}  # fmt: skip
    assert signed_in.post(url, answers)["Location"].endswith("/services/")
    application = Application.objects.get(citizen=citizen)
    assert application.answers["change_polyclinic"] is False
    base = url.removesuffix("questions/")
    assert signed_in.post(base + "services/")["Location"].endswith("/check/")
    check = signed_in.get(base + "check/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Population registry" in check
    assert signed_in.post(base + "check/")["Location"].endswith("/details/")

    person = find_person(citizen.iin)
    values = sample_values(service_version("residence-registration"), person)
    wrong = signed_in.post(
        base + "details/", {"residence-registration__apartment": "12",
                            "residence-registration__move_date__day": "20",
                            "residence-registration__move_date__year": "2026"},
        HTTP_ACCEPT_LANGUAGE="ru",
    )  # fmt: skip
    page = wrong.content.decode()
    assert wrong.status_code == 200
    assert "В поле «Дата переезда» нужно указать месяц" in page
    assert 'href="#f-residence-registration-move_date"' in page
    assert 'value="12"' in page  # nothing typed is lost
    application.refresh_from_db()
    assert application.data["residence-registration"]["apartment"] == "12"

    posted = {f"residence-registration__{k}": ("on" if v is True else v) for k, v in values.items()}
    posted.update(
        {f"address-certificate__{k}": ("on" if v is True else v)
         for k, v in sample_values(service_version("address-certificate"), person).items()}
    )  # fmt: skip
    assert signed_in.post(base + "details/", posted)["Location"].endswith("/review/")
    review = signed_in.get(base + "review/")
    token = review.context["submission"]
    first = signed_in.post(base + "review/", {"submission": token})
    again = signed_in.post(base + "review/", {"submission": token})
    assert first["Location"] == again["Location"] == f"/applications/{application.pk}/submitted/"
    application.refresh_from_db()
    assert application.status != ApplicationStatus.DRAFT
    assert application.cases.count() == 2
    detail = signed_in.get(first["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Registration at a permanent place of residence" in detail


def test_a_form_posted_after_the_session_expired_is_kept(client, citizen):
    client.force_login(citizen)
    url = start(client, "service", "passport")
    client.logout()
    base = url.removesuffix("check/")
    expired = client.post(base + "details/", {"passport__reason": "lost"})
    assert expired["Location"].startswith("/sign-in/")
    session = client.session
    client.force_login(citizen)  # signing in keeps the session's data
    session_data = {k: v for k, v in session.items() if k == "pending_post"}
    s = client.session
    s.update(session_data)
    s.save()
    page = client.get(base + "details/")
    assert page.status_code == 200
    application = Application.objects.get(citizen=citizen)
    assert application.data["passport"].get("reason") == "lost" or "lost" in page.content.decode()


def test_another_citizens_application_is_not_found(client, signed_in, demo_people):
    other = CitizenFactory(iin=demo_people["pensioner"])
    client.force_login(other)
    url = start(client, "service", "passport")
    client.force_login(CitizenFactory(iin=demo_people["parent"]))
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("language", "heading", "deadline"),
    [
        ("kk", "Өміріңізге қатысты мемлекеттік қызметтер", "жұмыс күні"),
        ("ru", "Государственные услуги по жизненным ситуациям", "рабочий день"),
        ("en", "Public services around your life", "working day"),
    ],
)
def test_pages_speak_the_chosen_language(client, language, heading, deadline):
    client.post("/i18n/setlang/", {"language": language, "next": "/"})
    home = client.get("/").content.decode()
    assert f'<html lang="{language}">' in home
    assert heading in home
    assert deadline in client.get("/life-situations/moving/").content.decode()


def test_the_demo_offers_values_that_pass_the_form(signed_in, settings):
    url = start(signed_in, "service", "vehicle-registration")
    details = url.replace("/check/", "/details/")
    settings.DEMO_PAGES = True
    page = signed_in.get(details, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Demo only: values from the synthetic registries" in page
    settings.DEMO_PAGES = False
    assert "Demo only" not in signed_in.get(details).content.decode()


def test_the_life_situation_page_does_not_query_per_service(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        assert client.get("/life-situations/moving/").status_code == 200
