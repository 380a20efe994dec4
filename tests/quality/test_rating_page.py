"""Rating in the portal: signed-in citizens only, back to where they were, errors in their
language with nothing typed lost."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from qyzmet.quality.models import Rating
from tests.factories import ApplicationFactory, CitizenFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, citizen):
    client.force_login(citizen)
    return client


def url(case):
    return reverse("portal:rate-case", args=[case.pk])


def test_signing_in_is_needed_to_rate(client, decided_case):
    response = client.post(url(decided_case), {"score": "5"})
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/")
    assert not Rating.objects.exists()


def test_a_citizen_rates_and_returns_to_their_application_with_thanks(signed_in, decided_case):
    back = f"/applications/{decided_case.application_id}/"
    response = signed_in.post(url(decided_case), {"score": "4", "comment": "Good.", "next": back})
    assert response.status_code == 302 and response["Location"] == back
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Thank you for rating the service."
    ]
    assert Rating.objects.get(case=decided_case).score == 4


def test_a_foreign_next_is_ignored(signed_in, decided_case):
    response = signed_in.post(url(decided_case), {"score": "4", "next": "https://evil.example/"})
    assert response["Location"] == url(decided_case)


def test_a_missing_score_is_explained_in_russian_and_the_comment_is_kept(signed_in, decided_case):
    response = signed_in.post(
        url(decided_case), {"comment": "Долго, но вежливо."}, HTTP_ACCEPT_LANGUAGE="ru"
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Выберите оценку от 1 (очень плохо) до 5 (отлично)." in page
    assert f'href="#rating-{decided_case.pk}-score-1"' in page, "the summary links the field"
    assert "Долго, но вежливо.</textarea>" in page
    assert not Rating.objects.exists()


def test_an_undecided_case_cannot_be_rated_in_kazakh_either(signed_in, citizen):
    case = ApplicationFactory(in_review=True, citizen=citizen).cases.get()
    response = signed_in.post(url(case), {"score": "5"}, HTTP_ACCEPT_LANGUAGE="kk")
    assert response.status_code == 409
    assert "Қызметті оған шешім шыққаннан кейін ғана бағалауға болады." in response.content.decode()


def test_another_citizens_case_is_not_found(client, decided_case, demo_people):
    client.force_login(CitizenFactory(iin=demo_people["young_adult"]))
    assert client.get(url(decided_case)).status_code == 404
    assert client.post(url(decided_case), {"score": "1"}).status_code == 404


def test_the_rating_page_shows_the_form_then_the_rating_to_change(signed_in, decided_case):
    page = signed_in.get(url(decided_case)).content.decode()
    assert 'name="score"' in page and "Send my rating" in page
    signed_in.post(url(decided_case), {"score": "3", "comment": "Fine."})
    page = signed_in.get(url(decided_case)).content.decode()
    assert "You rated it 3 out of 5." in page and "Change my rating" in page
    assert 'value="3" checked' in page


def test_rating_needs_the_csrf_token(citizen, decided_case):
    client = Client(enforce_csrf_checks=True)
    client.force_login(citizen)
    assert client.post(url(decided_case), {"score": "5"}).status_code == 403
    assert not Rating.objects.exists()
