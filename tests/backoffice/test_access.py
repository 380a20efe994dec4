"""Every back-office page needs an officer signed in with both factors."""

from __future__ import annotations

import re
import uuid

import pytest
from django.urls import reverse

from qyzmet.backoffice.urls import urlpatterns
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db

PUBLIC = {"sign-in", "sign-in-redirect", "sign-in-callback", "sign-in-signature", "demo-totp"}
SOME_CASE = uuid.uuid4()


def page(name):
    pattern = str(next(p.pattern for p in urlpatterns if p.name == name))
    kwargs: dict[str, object] = {key: SOME_CASE for key in re.findall(r"<uuid:(\w+)>", pattern)}
    kwargs.update({key: "astana-yesil" for key in re.findall(r"<slug:(\w+)>", pattern)})
    kwargs.update({key: 1 for key in re.findall(r"<int:(\w+)>", pattern)})
    return reverse(f"backoffice:{name}", kwargs=kwargs)


GUARDED = [p.name for p in urlpatterns if p.name not in PUBLIC and p.name != "sign-out"]


@pytest.mark.parametrize("name", GUARDED)
def test_without_signing_in_every_page_sends_to_the_sign_in(client, name):
    for response in (client.get(page(name)), client.post(page(name))):
        assert response.status_code == 302
        assert response["Location"].startswith("/back-office/sign-in/?next=")


@pytest.mark.parametrize("name", GUARDED)
def test_a_password_without_the_second_factor_is_not_enough(client, officer, name):
    client.force_login(officer)  # signed in, but not verified with a code
    for response in (client.get(page(name)), client.post(page(name))):
        assert response.status_code == 302
        assert response["Location"].startswith("/back-office/sign-in/")


def test_a_signed_in_citizen_cannot_open_the_back_office(client, db):
    client.force_login(CitizenFactory())
    response = client.get("/back-office/")
    assert response.status_code == 302
    assert response["Location"].startswith("/back-office/sign-in/")


def test_a_verified_user_without_an_agency_is_refused(client, officer):
    from tests.backoffice.conftest import sign_in_as

    sign_in_as(client, officer)
    officer.agency = None
    officer.save()
    response = client.get("/back-office/")
    assert response.status_code == 403
    assert "Only agency officers can do this." in response.content.decode()


def test_the_demo_codes_page_is_there_only_with_demo_pages(client, officer, settings):
    settings.DEMO_PAGES = True
    shown = client.get("/back-office/demo/totp/")
    assert shown.status_code == 200 and officer.username in shown.content.decode()
    settings.DEMO_PAGES = False
    assert client.get("/back-office/demo/totp/").status_code == 404
