"""The reference names the application on every channel: the API, the messenger's
confirmation (with what happens next), notifications and the result document."""

from __future__ import annotations

import pytest

from qyzmet.documents.services import issue_result_document
from qyzmet.messenger.applying import submitted_reply
from qyzmet.messenger.models import Chat
from qyzmet.notifications.models import Notification
from tests.callers import bearer
from tests.factories import ApplicationFactory, CitizenFactory

pytestmark = pytest.mark.django_db


def test_the_api_gives_each_application_and_case_its_reference(client, demo_people):
    citizen = CitizenFactory(iin=demo_people["parent"])
    application = ApplicationFactory(citizen=citizen, submitted=True)
    one = client.get(f"/api/v1/applications/{application.pk}", **bearer(citizen)).json()
    assert one["reference"] == application.reference
    assert [case["application_reference"] for case in one["cases"]] == [application.reference]
    listed = client.get("/api/v1/applications", **bearer(citizen)).json()
    items = listed["items"] if isinstance(listed, dict) else listed
    assert [item["reference"] for item in items] == [application.reference]


def test_the_messengers_confirmation_gives_the_reference_and_the_next_steps():
    application = ApplicationFactory(service="passport", submitted=True)
    reply = submitted_reply(Chat(language="ru"), application)
    assert f"№ {application.reference}" in reply.text
    assert "Придите в выбранный ЦОН с удостоверением личности" in reply.text
    assert str(application.pk)[:8] not in reply.text.replace(str(application.pk), "")


def test_the_submission_notice_names_the_reference():
    application = ApplicationFactory(submitted=True)
    notice = Notification.objects.filter(application=application).first()
    assert notice is not None and application.reference in notice.body


@pytest.mark.parametrize(
    ("language", "label"), [("en", "Application reference"), ("kk", "Өтінім нөмірі")]
)
def test_the_result_document_names_the_application_by_its_reference(language, label):
    citizen = CitizenFactory(language=language)
    application = ApplicationFactory(citizen=citizen, service="passport", approved=True)
    document = issue_result_document(case=application.cases.get())
    assert document.content["application_reference"] == application.reference
    # printed first among the details of the PDF (pdf.py prints the rows in order)
    assert document.content["rows"][0] == {"label": label, "value": application.reference}
