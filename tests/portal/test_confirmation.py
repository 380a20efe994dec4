"""After submitting, the citizen sees a confirmation page: the reference, what happens next per
service, when the agency must decide and how they will be told; never a rating form before a
decision. 'My applications' tells applications apart and shows each case's outcome."""

from __future__ import annotations

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format

from qyzmet.applications.decisions import decide_case
from qyzmet.applications.models import ApplicationStatus
from qyzmet.catalog.selectors import service_version
from qyzmet.demo.sample_forms import sample_values
from qyzmet.registries.fields import find_person
from tests.factories import ApplicationFactory, CitizenFactory, officer_of

pytestmark = pytest.mark.django_db
RATING_FORM = "How was the service?"


@pytest.fixture
def citizen(client, demo_people):
    citizen = CitizenFactory(iin=demo_people["parent"], language="en")
    client.force_login(citizen)
    return citizen


def html(client, url, language="en"):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, response
    return response.content.decode()


def submit_in_portal(client, citizen, slug="passport"):
    """Start a draft for ``slug``, fill it and submit it on the review page, as in the portal."""
    draft = ApplicationFactory(citizen=citizen, service=slug)
    values = sample_values(service_version(slug), find_person(citizen.iin))
    draft.data = {slug: values}
    draft.save(update_fields=["data"])
    review = f"/applications/{draft.pk}/review/"
    token = client.get(review).context["submission"]
    return draft, client.post(review, {"submission": token})


def test_submitting_leads_to_a_confirmation_page_with_the_reference(client, citizen):
    draft, answer = submit_in_portal(client, citizen)
    assert answer.status_code == 302
    assert answer["Location"] == f"/applications/{draft.pk}/submitted/"
    page = html(client, answer["Location"])
    assert "<h1>Application submitted</h1>" in page
    assert draft.reference in page
    assert str(draft.pk) not in page.replace(f"/applications/{draft.pk}/", "")  # links only
    assert f'href="/applications/{draft.pk}/"' in page  # the way to the application
    assert "Your application has been submitted." not in page  # no flash above it


def test_the_confirmation_shows_the_next_steps_the_service_declares_and_its_deadline(
    client, citizen
):
    draft, answer = submit_in_portal(client, citizen, "passport")
    page = html(client, answer["Location"])
    case = draft.cases.get()
    for step in service_version("passport").next_steps:
        assert step["en"] in page
    assert "Go to the public service centre you chose" in page
    assert f'datetime="{case.due_date:%Y-%m-%d}"' in page
    assert "15 working days" in page
    assert "We will tell you about every decision in your inbox on this portal" in page


def test_the_confirmation_speaks_the_citizens_language(client, citizen):
    _, answer = submit_in_portal(client, citizen, "passport")
    ru = html(client, answer["Location"], "ru")
    assert "Заявка подана" in ru and "Придите в выбранный ЦОН" in ru
    kk = html(client, answer["Location"], "kk")
    assert "Өтінім берілді" in kk and "таңдаған ХҚКО-ға келіңіз" in kk


def test_a_service_without_next_steps_shows_its_deadline_only(client, citizen):
    assert service_version("criminal-record-certificate").next_steps == []
    _, answer = submit_in_portal(client, citizen, "criminal-record-certificate")
    page = html(client, answer["Location"])
    assert "What happens next" in page
    assert 'class="next-steps"' not in page


def test_no_rating_form_before_a_decision(client, citizen):
    draft, answer = submit_in_portal(client, citizen, "passport")
    assert RATING_FORM not in html(client, answer["Location"])
    assert RATING_FORM not in html(client, f"/applications/{draft.pk}/")
    case = draft.cases.get()
    decide_case(case=case, officer=officer_of(case.agency), approve=True, channel="backoffice")
    assert RATING_FORM in html(client, f"/applications/{draft.pk}/")
    assert RATING_FORM not in html(client, answer["Location"])  # rated on its own page


def test_a_draft_has_no_confirmation_yet_and_anothers_is_not_found(client, citizen):
    draft = ApplicationFactory(citizen=citizen)
    answer = client.get(f"/applications/{draft.pk}/submitted/")
    assert answer["Location"] == f"/applications/{draft.pk}/review/"
    theirs = ApplicationFactory(submitted=True)
    assert client.get(f"/applications/{theirs.pk}/submitted/").status_code == 404


def test_the_application_page_names_it_by_its_reference(client, citizen):
    application = ApplicationFactory(citizen=citizen, submitted=True)
    page = html(client, f"/applications/{application.pk}/")
    assert f'<span class="reference" translate="no">{application.reference}</span>' in page
    assert f"<code>{application.pk}</code>" not in page


def test_my_applications_tells_two_of_the_same_kind_apart_and_shows_a_refusal(client, citizen):
    waiting = ApplicationFactory(citizen=citizen, submitted=True)
    refused = ApplicationFactory(citizen=citizen, rejected=True)
    page = html(client, "/applications/")
    rows = page.split('<li class="panel application-row">')[1:]
    assert len(rows) == 2
    row_of = {r: next(row for row in rows if r.reference in row) for r in (waiting, refused)}
    assert 'class="tag tag-rejected">Rejected<' in row_of[refused]
    assert "tag-rejected" not in row_of[waiting]
    assert "Nothing is needed from you now: the agencies decide by" in row_of[waiting]
    assert "Nothing is needed" not in row_of[refused]
    with translation.override("en"):
        submitted_on = date_format(timezone.localtime(waiting.submitted_at), "DATE_FORMAT")
    assert f"<dt>Submitted</dt><dd>{submitted_on}</dd>" in row_of[waiting]


def test_my_applications_says_what_is_needed_a_fee_or_finishing_a_draft(client, citizen):
    draft = ApplicationFactory(citizen=citizen)
    unpaid = ApplicationFactory(
        citizen=citizen, service="driving-licence-replacement", submitted=True
    )
    assert unpaid.status == ApplicationStatus.AWAITING_PAYMENT
    page = html(client, "/applications/")
    rows = {
        row.split("</h2>")[0]: row for row in page.split('<li class="panel application-row">')[1:]
    }
    draft_row = next(row for row in rows.values() if draft.reference in row)
    unpaid_row = next(row for row in rows.values() if unpaid.reference in row)
    assert "check and submit the application" in draft_row
    assert "pay the fee of" in unpaid_row and "tag-awaiting_payment" in unpaid_row


def test_a_reference_typed_in_the_search_opens_ones_own_application(client, citizen):
    application = ApplicationFactory(citizen=citizen, submitted=True)
    typed = application.reference.lower().replace("-", " ")
    answer = client.get("/search/", {"q": typed})
    assert answer.status_code == 302 and answer["Location"] == f"/applications/{application.pk}/"
    theirs = ApplicationFactory(submitted=True)
    assert client.get("/search/", {"q": theirs.reference}).status_code == 200  # not a key
