"""A citizen's journey leaves no IIN, name or birth date in clear in the logs, the audit
records, the status history or the database's personal-data columns."""

from __future__ import annotations

import json
import logging

import pytest

from qyzmet.accounts.models import User
from qyzmet.applications.models import StatusChange
from qyzmet.audit.models import AuditRecord
from qyzmet.catalog.selectors import service_version
from qyzmet.demo.sample_forms import sample_values
from qyzmet.registries.fields import find_person
from tests.accounts.helpers import code_sent_to
from tests.callers import bearer
from tests.factories import OfficerFactory
from tests.jobs.helpers import run_jobs

pytestmark = pytest.mark.django_db


def test_a_citizen_journey_logs_no_personal_data_in_clear(client, demo_people, caplog, settings):
    settings.SMS_BACKEND = "console"
    caplog.set_level(logging.DEBUG)
    person = find_person(demo_people["parent"])
    secrets = {person.iin, person.last_name_ru, person.first_name_ru, person.last_name_kk,
               person.first_name_kk, person.birth_date.isoformat()}  # fmt: skip

    client.post("/sign-in/", {"iin": person.iin})  # the portal's sign-in, with a code
    client.post("/sign-in/code/", {"code": code_sent_to(person.iin)})
    citizen = User.objects.get(iin=person.iin)
    citizen.phone, citizen.notification_channels = "+77011234567", ["sms"]
    citizen.save()
    secrets.add(citizen.phone)

    as_citizen = bearer(citizen)
    draft = client.post(
        "/api/v1/applications", {"life_situation": "moving"}, content_type="application/json",
        **as_citizen,
    ).json()  # fmt: skip
    answers = {"has_preschool_children": True, "has_school_age_children": False,
               "change_polyclinic": False}  # fmt: skip
    chosen = client.patch(
        f"/api/v1/applications/{draft['id']}", {"answers": answers},
        content_type="application/json", **as_citizen,
    ).json()["services"]  # fmt: skip
    data = {slug: sample_values(service_version(slug), person) for slug in chosen}
    submitted = client.post(
        f"/api/v1/applications/{draft['id']}/submit", {"data": data},
        content_type="application/json", **as_citizen,
    )  # fmt: skip
    assert submitted.status_code == 200, submitted.content
    case = {c["service"]: c for c in submitted.json()["cases"]}["residence-registration"]
    decided = client.post(
        f"/api/v1/cases/{case['id']}/decision", {"decision": "approve"},
        content_type="application/json", **bearer(OfficerFactory()),
    )  # fmt: skip
    assert decided.status_code == 200, decided.content
    run_jobs()  # notifications (SMS to the console), the result document

    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "SMS to" in logged and "Notification" in logged  # the journey was logged
    audit = json.dumps(
        list(AuditRecord.objects.values("actor_label", "object_id", "details")),
        ensure_ascii=False,
    )
    history = json.dumps(
        list(StatusChange.objects.values("actor_label", "note")), ensure_ascii=False
    )
    for secret in secrets:
        assert secret not in logged
        assert secret not in audit
        assert secret not in history
