"""The proactive birth journey: a birth registered → offers to both parents through the
channels they chose → one click in the portal → benefit applications submitted, filled in
with the child's data and the parent's account, without typing anything the state holds."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from qyzmet.applications.models import Application, ApplicationStatus
from qyzmet.audit.models import AuditRecord
from qyzmet.notifications.models import Notification, NotificationStatus
from qyzmet.offers.models import Offer, OfferStatus
from qyzmet.registries.fields import read_registry_data
from qyzmet.registries.models import Person, RegistryEvent
from tests.accounts.helpers import code_sent_to
from tests.jobs.helpers import run_jobs

pytestmark = pytest.mark.django_db
BENEFITS = {"birth-benefit-for-parents", "childcare-benefit-for-parents"}


@pytest.fixture
def sms_file(settings, tmp_path):
    settings.SMS_BACKEND = "file"
    settings.VAR_DIR = tmp_path
    return tmp_path / "outbox" / "sms.log"


def account_of(iin: str) -> str:
    return read_registry_data(iin=iin, fields=["labour.person.payment_account"])[
        "labour.person.payment_account"
    ]


def test_the_proactive_birth_journey_works_end_to_end(client, father, mother_iin, sms_file):
    father.phone, father.notification_channels = "+77011234567", ["sms"]
    father.save()

    call_command("registry", "event", "birth", "--mother", mother_iin, "--father", father.iin,
                 "--name", "Айсұлу", stdout=StringIO())  # fmt: skip
    [event] = [  # details are encrypted: read, not queried
        e
        for e in RegistryEvent.objects.filter(kind="birth")
        if e.details["mother_iin"] == mother_iin
    ]
    child = Person.objects.get(iin=event.subject_iin)
    assert (child.first_name_kk, child.mother.iin, child.father.iin) == (
        "Айсұлу", mother_iin, father.iin,
    )  # fmt: skip
    run_jobs()  # the worker makes the offers

    offers = Offer.objects.filter(event=event)
    assert {(o.citizen_iin, o.rule.slug) for o in offers} == {
        (iin, rule) for iin in (father.iin, mother_iin) for rule in BENEFITS
    }
    told = Notification.objects.filter(kind="offer.made", recipient=father)
    assert {(n.channel, n.status) for n in told} == {
        ("inbox", NotificationStatus.DELIVERED), ("sms", NotificationStatus.SENT)
    }  # fmt: skip
    texts = [json.loads(line)["text"] for line in sms_file.read_text().splitlines()]
    assert len(texts) == 2
    assert any(text.startswith("Congratulations! The birth of your child") for text in texts)
    # The mother has no account yet: her offers wait for her, and she is told at her IIN.
    assert Notification.objects.filter(kind="offer.made", address=mother_iin).count() == 2

    client.force_login(father)
    page = client.get("/offers/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "One-off benefit for the birth of your child" in page and "Childcare benefit" in page
    for offer in offers.filter(citizen_iin=father.iin):
        response = client.post(f"/offers/{offer.pk}/accept/")  # one click, nothing typed
        assert response.status_code == 302 and response.url.startswith("/applications/")

    applications = {a.service.slug: a for a in Application.objects.filter(citizen=father)}
    assert set(applications) == {"birth-benefit", "childcare-benefit"}
    assert applications["birth-benefit"].data == {
        "birth-benefit": {"child_iin": child.iin, "iban": account_of(father.iin)}
    }
    assert applications["childcare-benefit"].data["childcare-benefit"] == {
        "child_iin": child.iin, "employment_status": "employee_on_leave",
        "iban": account_of(father.iin),
    }  # fmt: skip
    for application in applications.values():
        assert application.status == ApplicationStatus.SUBMITTED
        assert application.cases.count() == 1
    assert not AuditRecord.objects.filter(actor=father, action="application.draft_saved").exists()

    # The mother signs in for the first time: her account is made from the registry, and her
    # offers were waiting for her.
    her = Client()
    her.post("/sign-in/", {"iin": mother_iin})
    her.post("/sign-in/code/", {"code": code_sent_to(mother_iin)})
    offer = offers.get(citizen_iin=mother_iin, rule__slug="birth-benefit-for-parents")
    assert f"offer-{offer.pk}" in her.get("/offers/").content.decode()
    assert her.post(f"/offers/{offer.pk}/accept/").status_code == 302
    offer.refresh_from_db()
    assert offer.status == OfferStatus.ACCEPTED and offer.decided_through == "portal"
    assert offer.application.citizen.iin == mother_iin
    assert offer.application.data["birth-benefit"]["iban"] == account_of(mother_iin)
    assert offer.application.status == ApplicationStatus.SUBMITTED
