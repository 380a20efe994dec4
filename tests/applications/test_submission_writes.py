"""What a submission leaves behind, whatever it costs: the history lines, audit records,
notifications and jobs of an automatically decided case, of a case waiting for its fee, and of
a life situation's cases; and a unique reference even when the first one drawn is taken."""

from __future__ import annotations

from typing import Any

import pytest
from django_tasks_db.models import DBTaskResult

from qyzmet.applications import references
from qyzmet.applications.models import Application, StatusChange
from qyzmet.applications.services import submit_application
from qyzmet.audit.models import AuditRecord
from qyzmet.catalog.selectors import service_version
from qyzmet.demo.sample_forms import sample_values
from qyzmet.exchange.models import DataAccess
from qyzmet.notifications.models import Notification
from qyzmet.registries.fields import find_person
from tests.applications.test_moving import ANSWERS, moving_data
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db

CERTIFICATE = "criminal-record-certificate"  # decided automatically, no fee
MOVING = ["residence-registration", "address-certificate", "first-grade-enrolment"]


@pytest.fixture
def citizen(demo_people, settings):
    settings.TRUST_LIST_SECONDS = 3600
    return CitizenFactory(iin=demo_people["parent"])


def written(application: Application) -> dict[str, list[Any]]:
    """Everything the submission of ``application`` wrote beside it, in the order written."""
    cases = {case.pk: case.service.slug for case in application.cases.all()}
    history = [
        (cases.get(line.case_id, ""), line.status, line.actor_label, line.channel)
        for line in StatusChange.objects.filter(application=application).order_by("pk")
    ]
    objects = [str(application.pk), *(str(pk) for pk in cases)]
    audits = [
        (record.action, record.channel, record.actor_label)
        for record in AuditRecord.objects.filter(object_id__in=objects).order_by("sequence")
    ]
    notifications = list(
        Notification.objects.filter(application=application)
        .order_by("pk")
        .values_list("kind", "channel", "case__service__service__slug", "status")
    )
    ids = {
        str(pk)
        for pk in Notification.objects.filter(application=application).values_list("pk", flat=True)
    }
    jobs = [
        (job.task_path.rsplit(".", 1)[-1], job.status)
        for job in DBTaskResult.objects.order_by("enqueued_at", "id")
        if {str(arg) for arg in job.args_kwargs["args"]} & (ids | set(objects))
    ]
    return {"history": history, "audits": audits, "notifications": notifications, "jobs": jobs}


def test_an_automatically_approved_case_writes_its_history_audit_notifications_and_jobs(citizen):
    values = {CERTIFICATE: sample_values(service_version(CERTIFICATE), find_person(citizen.iin))}

    application = submit_application(
        citizen=citizen, channel="api", service=CERTIFICATE, data=values, idempotency_key="k"
    )

    user = citizen.username
    assert written(application) == {
        "history": [
            ("", "draft", user, "api"),
            ("", "submitted", user, "api"),
            (CERTIFICATE, "submitted", user, "api"),
            (CERTIFICATE, "approved", "system", "system"),
            ("", "approved", "system", "system"),
        ],
        "audits": [
            ("application.started", "api", user),
            ("case.approved", "system", "system"),  # as the case is opened
            ("application.submitted", "api", user),
        ],
        "notifications": [
            # the inbox's row is the message: written delivered, with no job to deliver it
            ("application.submitted", "inbox", None, "delivered"),
            ("case.decided", "inbox", CERTIFICATE, "delivered"),
        ],
        "jobs": [("issue", "READY")],
    }
    stored = Application.objects.get(pk=application.pk)
    assert (stored.status, stored.idempotency_key, stored.ground) == ("approved", "k", "self")
    case = stored.cases.get()
    assert case.status == "approved" and case.decided_at is not None


def test_a_life_situation_writes_each_case_as_it_is_opened(citizen):
    data = moving_data(citizen, MOVING)

    application = submit_application(
        citizen=citizen, channel="portal", life_situation="moving", answers=ANSWERS, data=data
    )

    user = citizen.username
    found = written(application)
    assert found["history"][:2] == [
        ("", "draft", user, "portal"),
        ("", "submitted", user, "portal"),
    ]
    assert found["history"][-1] == ("", application.status, "system", "system")
    by_case = {slug: [line[1:] for line in found["history"] if line[0] == slug] for slug in MOVING}
    decided = [slug for slug, lines in by_case.items() if len(lines) == 2]
    assert decided, "one of the moving services is decided automatically"
    for slug, lines in by_case.items():
        assert lines[0] == ("submitted", user, "portal")
        if slug in decided:
            assert lines[1][1:] == ("system", "system")
    assert found["audits"][0] == ("application.started", "portal", user)
    assert found["audits"][-1] == ("application.submitted", "portal", user)
    assert len(found["audits"]) == 2 + len(decided)
    assert [kind for kind, *_ in found["notifications"]] == [
        "application.submitted",
        *["case.decided"] * len(decided),
    ]
    assert {status for *_, status in found["notifications"]} == {"delivered"}  # inbox: no job
    assert "deliver" not in [name for name, _ in found["jobs"]]
    stored = Application.objects.get(pk=application.pk)
    assert stored.status == application.status
    assert {c.service.slug: c.status for c in stored.cases.all()} == {
        c.service.slug: c.status for c in application.cases.all()
    }


def test_a_taken_reference_is_drawn_again(citizen, monkeypatch):
    values = {CERTIFICATE: sample_values(service_version(CERTIFICATE), find_person(citizen.iin))}
    submit_application(citizen=citizen, channel="api", service=CERTIFICATE, data=values)
    reads = DataAccess.objects.count()
    first = submit_application(citizen=citizen, channel="api", service=CERTIFICATE, data=values)
    reads = DataAccess.objects.count() - reads  # the registry reads of one submission
    drawn = iter([first.reference, "QZ-2222-3333"])
    monkeypatch.setattr(references, "new_reference", lambda: next(drawn))
    before = DataAccess.objects.count()

    second = submit_application(
        citizen=citizen, channel="api", service=CERTIFICATE, data=values, answer_held=True
    )

    # the answer holds the history written, not also the lines of the try rolled back
    held = [(line.pk, line.status) for line in second.history.all()]
    stored = StatusChange.objects.filter(application=second).order_by("pk")
    assert held == [(line.pk, line.status) for line in stored]
    # its registry reads are recorded once, though the transaction writing them was tried twice
    assert DataAccess.objects.count() - before == reads
    recorded = DataAccess.objects.order_by("-pk")[:reads]
    assert all(access.audit_record for access in recorded)
    assert second.reference == "QZ-2222-3333"
    assert Application.objects.get(pk=second.pk).reference == "QZ-2222-3333"
    assert Application.objects.filter(citizen=citizen).count() == 3
    assert [line[1] for line in written(second)["history"]].count("draft") == 1
