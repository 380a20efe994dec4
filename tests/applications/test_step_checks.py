"""What the registries refuse is refused on the step where it is typed, with the error at the
field and what was typed kept: in the portal, the chat and the API (issue 15, item 2)."""

from __future__ import annotations

import pytest

from qyzmet.applications import step_checks
from qyzmet.applications.models import Application
from qyzmet.catalog.models import Service
from qyzmet.exchange.client import RegistryUnavailable
from qyzmet.registries.fields import find_person
from qyzmet.registries.models import Building
from tests.callers import bearer
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db

MADE_UP_RCA = "9" * 16  # sixteen digits, as the form asks, but no address has it
ANSWERS = {"q__has_preschool_children": "no", "q__has_school_age_children": "no",
           "q__change_polyclinic": "no"}  # fmt: skip


@pytest.fixture
def citizen(demo_people):
    return CitizenFactory(iin=demo_people["young_adult"])


def other_building(citizen) -> Building:
    return Building.objects.exclude(pk=find_person(citizen.iin).building_id).order_by("id")[0]


def details_of_moving(client, citizen) -> str:
    client.force_login(citizen)
    url = client.post("/apply/", {"kind": "life_situation", "slug": "moving"})["Location"]
    client.post(url, ANSWERS)
    return url.removesuffix("questions/") + "details/"


def post_details(client, url, rca, *, apartment="", language="en"):
    posted = {
        "residence-registration__new_address_rca": rca,
        "residence-registration__apartment": apartment,
        "residence-registration__move_date": "2026-11-20",
        "residence-registration__owner_consent": "on",
    }
    return client.post(url, posted, HTTP_ACCEPT_LANGUAGE=language)


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en", "The address is not in the address registry. Check what you typed."),
        ("ru", "Такого адреса нет в адресном регистре. Проверьте, что вы ввели."),
        ("kk", "Мұндай мекенжай тіркелімде жоқ. Енгізгеніңізді тексеріңіз."),
    ],
)
def test_a_made_up_address_code_is_refused_on_the_details_step(client, citizen, language, said):
    url = details_of_moving(client, citizen)
    page = post_details(client, url, MADE_UP_RCA, apartment="7", language=language)
    assert page.status_code == 200  # the same step again, not the review
    html = page.content.decode()
    assert said in html
    assert 'href="#f-residence-registration-new_address_rca"' in html  # in the error summary
    assert f'value="{MADE_UP_RCA}"' in html and 'value="7"' in html  # what was typed is kept
    draft = Application.objects.get(citizen=citizen)
    assert draft.data["residence-registration"]["new_address_rca"] == MADE_UP_RCA


def test_moving_to_the_address_one_is_registered_at_is_refused_on_the_step(client, citizen):
    url = details_of_moving(client, citizen)
    person = find_person(citizen.iin)
    page = post_details(client, url, person.building.rca, apartment=person.apartment)
    assert "You are already registered at this address." in page.content.decode()
    elsewhere = post_details(client, url, other_building(citizen).rca)
    assert elsewhere.status_code == 302 and elsewhere["Location"].endswith("/review/")


def test_the_chat_asks_again_for_a_made_up_address_code(client, citizen):
    from tests.accounts.helpers import code_sent_to
    from tests.messenger.helpers import MYSELF, Messenger

    chat = Messenger(client)
    chat.write("/start")
    chat.write(citizen.iin)
    chat.write(code_sent_to(citizen.iin))
    chat.press("Moving house")
    if MYSELF in chat.buttons():
        chat.press(MYSELF)
    for _ in range(3):
        chat.press("No")
    chat.press("✓ Correct, continue")
    answer = chat.write(MADE_UP_RCA)
    assert "Registration code of the new address (RCA)" in answer  # the same field again
    assert "⚠" in answer
    assert "The address is not in the address registry. Check what you typed." in answer
    draft = Application.objects.get(citizen=citizen)
    assert draft.data["residence-registration"]["new_address_rca"] == MADE_UP_RCA
    assert "Date of the move" in chat.write(other_building(citizen).rca)


def test_the_api_refuses_a_made_up_address_code_in_a_draft_update(client, citizen):
    as_citizen = bearer(citizen)
    draft = client.post(
        "/api/v1/applications", {"life_situation": "moving"}, content_type="application/json",
        **as_citizen,
    ).json()  # fmt: skip
    answers = {"has_preschool_children": False, "has_school_age_children": False,
               "change_polyclinic": False}  # fmt: skip
    data = {"residence-registration": {"new_address_rca": MADE_UP_RCA, "apartment": "3"}}
    refused = client.patch(
        f"/api/v1/applications/{draft['id']}", {"answers": answers, "data": data},
        content_type="application/json", HTTP_ACCEPT_LANGUAGE="ru", **as_citizen,
    )  # fmt: skip
    assert refused.status_code == 422
    [error] = refused.json()["errors"]
    assert error["field"] == "data.residence-registration.new_address_rca"
    assert error["code"] == "registry.check_failed"
    assert error["message"].startswith("Такого адреса нет в адресном регистре.")
    kept = Application.objects.get(pk=draft["id"]).data["residence-registration"]
    assert kept["new_address_rca"] == MADE_UP_RCA and kept["apartment"] == "3"

    data["residence-registration"]["new_address_rca"] = other_building(citizen).rca
    saved = client.patch(
        f"/api/v1/applications/{draft['id']}", {"answers": answers, "data": data},
        content_type="application/json", **as_citizen,
    )  # fmt: skip
    assert saved.status_code == 200, saved.content


def test_a_registry_that_does_not_answer_leaves_the_check_to_submission(
    client, citizen, monkeypatch
):
    def unavailable(**kwargs):
        raise RegistryUnavailable("addresses")

    monkeypatch.setattr(step_checks, "run_checks", unavailable)
    url = details_of_moving(client, citizen)
    page = post_details(client, url, MADE_UP_RCA, apartment="7")
    assert page.status_code == 302 and page["Location"].endswith("/review/")


def test_checks_about_another_person_wait_for_submission():
    """A draft is not a way to ask the population registry who is alive, as often as one
    likes: whether a typed IIN is a living person is checked when the application is sent."""
    marriage = Service.objects.get(slug="marriage-registration").current
    at_submission = [step["check"] for step in marriage.steps if step["kind"] == "check"]
    on_the_step = [step["check"] for step in step_checks.checks_of_typed_values(marriage)]
    assert "person-is-registered" in at_submission
    assert "person-is-registered" not in on_the_step
