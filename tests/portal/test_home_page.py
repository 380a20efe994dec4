"""The home page a process keeps for visitors not signed in (``portal/home_page.py``): what each
visitor reads is what a fresh rendering shows them, with their own CSRF token."""

from __future__ import annotations

import re

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.cookie import CookieStorage
from django.test import Client

from qyzmet.catalog.current import forget_now
from qyzmet.catalog.models import LifeSituation, LifeSituationVersion
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def tokens(page: str) -> set[str]:
    return set(TOKEN.findall(page))


def test_each_visitor_gets_a_token_of_their_own_that_the_language_switch_accepts():
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.get("/", HTTP_ACCEPT_LANGUAGE="en")
    page = second.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()  # the kept page

    assert "Moving house" in page
    (token,) = tokens(page)
    assert not token.startswith("csrf-")  # the marker never reaches a visitor
    assert token not in tokens(first.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode())
    switched = second.post(
        "/i18n/setlang/", {"language": "kk", "next": "/", "csrfmiddlewaretoken": token}
    )
    assert switched.status_code == 302
    assert "Өміріңізге қатысты мемлекеттік қызметтер" in second.get("/").content.decode()


def test_a_kept_page_is_in_each_visitors_language():
    for language, heading in (
        ("ru", "Государственные услуги по жизненным ситуациям"),
        ("en", "Public services around your life"),
        ("kk", "Өміріңізге қатысты мемлекеттік қызметтер"),
    ):
        for _ in range(2):
            page = Client().get("/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
            assert f'<html lang="{language}">' in page and heading in page


def test_a_signed_in_citizen_never_reads_the_page_kept_for_visitors(client, demo_people):
    Client().get("/", HTTP_ACCEPT_LANGUAGE="en")
    Client().get("/", HTTP_ACCEPT_LANGUAGE="en")
    citizen = CitizenFactory(iin=demo_people["parent"], first_name="Айгүл")
    client.force_login(citizen)

    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "You are signed in as" in page and "Айгүл" in page
    assert "Sign in</a>" not in page


def test_a_message_waiting_for_a_visitor_is_shown_not_the_kept_page(client, rf):
    Client().get("/", HTTP_ACCEPT_LANGUAGE="en")
    Client().get("/", HTTP_ACCEPT_LANGUAGE="en")
    request = rf.get("/")
    storage = CookieStorage(request)
    storage.add(constants.SUCCESS, "You have signed out.")
    response = client.get("/")  # any response to carry the cookie the storage writes
    storage.update(response)
    client.cookies.update(response.cookies)

    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "You have signed out." in page


def test_a_new_catalogue_is_shown_once_the_process_reads_it(client):
    client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    situation = LifeSituation.objects.get(slug="moving")
    version = LifeSituationVersion.objects.get(pk=situation.current_id)
    version.definition["title"]["en"] = "Moving to another town"
    version.save(update_fields=["definition"])  # as an edit in the admin
    forget_now()

    assert "Moving to another town" in client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
