"""The inbox shows a citizen their own notifications, newest first, with the unread ones
marked; opening it marks them read."""

from __future__ import annotations

import pytest

from qyzmet.notifications.models import Notification
from qyzmet.notifications.services import notify
from tests.factories import ApplicationFactory, CitizenFactory

pytestmark = pytest.mark.django_db


def code_message(recipient, code):
    notify(recipient=recipient, kind="signin.code", context={"code": code, "minutes": 5})


def test_the_inbox_needs_a_signed_in_person(client):
    assert client.get("/inbox/").url == "/sign-in/?next=/inbox/"


def test_the_inbox_shows_only_my_notifications_newest_first(client, demo_people):
    me = CitizenFactory(iin=demo_people["parent"], language="en")
    someone_else = CitizenFactory(iin=demo_people["pensioner"])
    application = ApplicationFactory(citizen=me, approved=True)
    code_message(someone_else, "999111")
    client.force_login(me)

    html = client.get("/inbox/").content.decode()

    assert "999111" not in html
    assert html.index("Approved: ") < html.index("Application submitted: ")
    assert f'href="/applications/{application.pk}/"' in html


def test_opening_the_inbox_marks_the_notifications_read(client):
    me = CitizenFactory(language="ru")
    ApplicationFactory(citizen=me, submitted=True)
    client.force_login(me)
    assert Notification.objects.get(recipient=me).read_at is None

    first = client.get("/inbox/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    again = client.get("/inbox/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()

    assert "Заявка подана" in first
    assert Notification.objects.get(recipient=me).read_at is not None
    assert first.count('class="tag tag-submitted"') == 1
    assert again.count('class="tag tag-submitted"') == 0


def test_an_empty_inbox_says_so(client):
    client.force_login(CitizenFactory())
    assert "You have no notifications yet" in client.get("/inbox/").content.decode()


def test_a_long_inbox_is_paged(client):
    me = CitizenFactory()
    for number in range(25):
        code_message(me, f"{number:06d}")
    client.force_login(me)
    first = client.get("/inbox/").content.decode()
    second = client.get("/inbox/?page=2").content.decode()
    assert "000024" in first and "000000" not in first
    assert "000000" in second and "Page 2 of 2" in second
