"""A citizen sets their language, mobile number, e-mail and channels; mistakes are shown in
their language next to the field, and nothing typed is lost."""

from __future__ import annotations

import pytest

from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db


def test_the_citizen_chooses_text_messages_and_e_mail(client):
    citizen = CitizenFactory(language="en")
    client.force_login(citizen)
    response = client.post(
        "/account/",
        {"language": "kk", "phone": "8 701 123 45 67", "email": "a@example.kz",
         "channels": ["sms", "email"]},
        follow=True,
    )  # fmt: skip
    citizen.refresh_from_db()
    assert (citizen.language, citizen.phone, citizen.email) == (
        "kk",
        "+77011234567",
        "a@example.kz",
    )
    assert citizen.notification_channels == ["sms", "email"]
    assert "Сақталды." in response.content.decode()  # now in Kazakh


def test_a_wrong_number_is_shown_in_russian_and_what_was_typed_stays(client):
    citizen = CitizenFactory(language="ru")
    client.force_login(citizen)
    response = client.post(
        "/account/",
        {"language": "ru", "phone": "12345", "email": "a@example.kz", "channels": ["sms"]},
        HTTP_ACCEPT_LANGUAGE="ru",
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert "Введите номер мобильного телефона" in html
    assert 'value="12345"' in html and 'value="a@example.kz"' in html
    citizen.refresh_from_db()
    assert citizen.phone == "" and citizen.notification_channels == []


def test_text_messages_need_a_number(client):
    client.force_login(CitizenFactory(language="en"))
    response = client.post("/account/", {"language": "en", "phone": "", "channels": ["sms"]})
    assert response.status_code == 422
    assert "Enter a phone number to get text messages." in response.content.decode()


def test_the_account_page_needs_a_signed_in_citizen(client):
    assert client.get("/account/").status_code == 302
