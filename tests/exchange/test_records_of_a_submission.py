"""The registry reads of a submission answered in this process are recorded in the
submission's own transaction (decision 63), and exactly once whatever happens to the
submission: it stands, it is refused after its reads, or its transaction rolls back."""

from __future__ import annotations

from typing import Any

import pytest

from qyzmet.applications import services
from qyzmet.applications.models import Application
from qyzmet.applications.services import submit_application
from qyzmet.audit.models import AuditRecord
from qyzmet.catalog.selectors import service_version
from qyzmet.core.errors import Invalid
from qyzmet.demo.sample_forms import sample_values
from qyzmet.exchange.models import DataAccess
from qyzmet.registries.fields import find_person
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db
SERVICE = "criminal-record-certificate"


@pytest.fixture
def citizen(demo_people):
    return CitizenFactory(iin=demo_people["parent"])


def _values(citizen: Any) -> dict[str, Any]:
    return {SERVICE: sample_values(service_version(SERVICE), find_person(citizen.iin))}


def _each_recorded_once(accesses: list[DataAccess]) -> None:
    for access in accesses:
        audits = AuditRecord.objects.filter(
            object_type="exchange.dataaccess", object_id=str(access.pk)
        )
        assert [a.action for a in audits] == [f"exchange.{access.outcome}"]
        assert access.audit_record == audits.get().pk
        assert audits.get().details["message_id"] == access.message_id


def test_a_submission_records_each_read_once_with_its_audit_record(citizen):
    before = DataAccess.objects.count()

    application = submit_application(
        citizen=citizen, channel="api", service=SERVICE, data=_values(citizen)
    )

    accesses = list(DataAccess.objects.order_by("pk")[before:])
    # the extract; its answer confirms the applicant too (decision 76)
    assert [a.client_system for a in accesses] == ["submission"]
    assert {a.purpose_ref for a in accesses} == {str(application.pk)}
    _each_recorded_once(accesses)


def test_reads_of_a_refused_submission_are_recorded_all_the_same(citizen):
    values = _values(citizen)
    values[SERVICE] = {}  # nothing filled in: refused after the registries were read
    before = DataAccess.objects.count()

    with pytest.raises(Invalid):
        submit_application(citizen=citizen, channel="api", service=SERVICE, data=values)

    accesses = list(DataAccess.objects.order_by("pk")[before:])
    assert [a.client_system for a in accesses] == ["submission"]
    assert not Application.objects.filter(citizen=citizen).exists()
    _each_recorded_once(accesses)


def test_reads_of_a_submission_rolled_back_are_recorded_once_on_their_own(citizen, monkeypatch):
    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the database went away mid-submission")

    monkeypatch.setattr(services, "write_submission", broken)
    before = DataAccess.objects.count()

    with pytest.raises(RuntimeError):
        submit_application(citizen=citizen, channel="api", service=SERVICE, data=_values(citizen))

    accesses = list(DataAccess.objects.order_by("pk")[before:])
    assert [a.client_system for a in accesses] == ["submission"]
    assert not Application.objects.filter(citizen=citizen).exists()
    _each_recorded_once(accesses)
