"""Offers after every kind of registry event: made once per rule, event and citizen, accepted
into pre-filled applications, declined, expired, each change audited."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from qyzmet.applications.models import Application, ApplicationStatus
from qyzmet.audit.models import AuditRecord
from qyzmet.core.errors import Conflict, NotFound
from qyzmet.jobs.schedule import DailyJobs
from qyzmet.notifications.models import Notification
from qyzmet.offers.making import make_offers
from qyzmet.offers.models import Offer, OfferStatus
from qyzmet.offers.services import accept_offer
from qyzmet.registries.events import end_employment, record_retirement, register_death
from qyzmet.registries.fields import find_person, read_registry_data
from qyzmet.registries.models import Employment, Person, RegistryEvent
from tests.factories import CitizenFactory
from tests.jobs.helpers import run_jobs
from tests.offers.conftest import birth, offer_of

pytestmark = pytest.mark.django_db


def test_the_same_event_processed_twice_makes_one_offer_per_citizen(father, mother_iin):
    event = birth(mother_iin, father.iin)
    assert make_offers(event_id=event.pk) == []  # the worker ran it already: nothing new
    assert Offer.objects.filter(event=event).count() == 4
    assert Notification.objects.filter(kind="offer.made", channel="inbox").count() == 2
    assert AuditRecord.objects.filter(action="offer.made").count() == 4


def test_a_double_accept_makes_one_application(father, mother_iin):
    offer = offer_of(birth(mother_iin, father.iin), father.iin, "birth-benefit-for-parents")
    first = accept_offer(offer=offer, citizen=father, channel="portal")
    again = accept_offer(offer=offer, citizen=father, channel="portal")  # a double click
    assert again.application == first.application and again.submitted
    assert Application.objects.filter(citizen=father).count() == 1
    assert AuditRecord.objects.filter(action="offer.accepted", object_id=str(offer.pk)).count() == 1


def test_a_declined_offer_is_recorded_and_stays_declined(client, father, mother_iin):
    offer = offer_of(birth(mother_iin, father.iin), father.iin, "childcare-benefit-for-parents")
    client.force_login(father)
    response = client.post(f"/offers/{offer.pk}/decline/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.url == "/offers/"
    offer.refresh_from_db()
    assert (offer.status, offer.decided_through) == (OfferStatus.DECLINED, "portal")
    record = AuditRecord.objects.get(action="offer.declined", object_id=str(offer.pk))
    assert record.actor == father and record.channel == "portal"
    with pytest.raises(Conflict) as refused:
        accept_offer(offer=offer, citizen=father, channel="portal")
    assert refused.value.code == "offer.declined"
    assert not Application.objects.filter(citizen=father).exists()
    page = client.get("/offers/").content.decode()
    assert f'action="/offers/{offer.pk}/accept/"' not in page


def test_offers_expire_by_the_daily_job(father, mother_iin):
    event = birth(mother_iin, father.iin)
    Offer.objects.filter(event=event).update(expires_at=timezone.now() - datetime.timedelta(1))
    offer = offer_of(event, father.iin, "birth-benefit-for-parents")
    with pytest.raises(Conflict) as refused:  # past its time, even before the job ran
        accept_offer(offer=offer, citizen=father, channel="portal")
    assert refused.value.code == "offer.expired"

    assert "offers.expire" in DailyJobs(hour=0).enqueue_due()
    run_jobs()

    assert set(Offer.objects.filter(event=event).values_list("status", flat=True)) == {"expired"}
    assert AuditRecord.objects.filter(action="offer.expired").count() == 4


def test_nobody_else_can_answer_an_offer(father, mother_iin):
    offer = offer_of(birth(mother_iin, father.iin), mother_iin, "birth-benefit-for-parents")
    with pytest.raises(NotFound):
        accept_offer(offer=offer, citizen=father, channel="portal")


def test_a_single_mother_gets_the_offers_alone(mother):
    event = birth(mother.iin, None, sex="M")
    assert set(Offer.objects.filter(event=event).values_list("citizen_iin", flat=True)) == {
        mother.iin
    }
    child = Person.objects.get(iin=event.subject_iin)
    assert child.father is None and child.sex == "M" and child.last_name_ru
    assert child.documents.get().kind == "birth-certificate"


def test_the_heirs_are_offered_the_funeral_payment(father, mother_iin):
    """The father dies: his wife and his parents are offered the payment, his small children
    are not; the draft opens where only the heir can answer (who arranged the funeral)."""
    person = find_person(father.iin)
    event = register_death(iin=father.iin, channel="test")
    run_jobs()
    assert Person.objects.get(iin=father.iin).death_date == timezone.localdate()
    offers = {o.citizen_iin: o for o in Offer.objects.filter(event=event)}
    parents = {person.mother.iin: "parent", person.father.iin: "parent"}  # type: ignore[union-attr]
    assert {iin: o.relationship for iin, o in offers.items()} == {mother_iin: "spouse", **parents}

    widow = CitizenFactory(iin=mother_iin)
    acceptance = accept_offer(offer=offers[mother_iin], citizen=widow, channel="portal")
    assert acceptance.missing == "data.funeral-benefit.arranged_funeral"
    assert acceptance.application.status == ApplicationStatus.DRAFT
    assert acceptance.application.data["funeral-benefit"] == {
        "deceased_iin": father.iin, "relationship": "spouse",
        "iban": read_registry_data(iin=mother_iin, fields=["labour.person.payment_account"])[
            "labour.person.payment_account"],
    }  # fmt: skip


def test_the_retirement_daily_job_offers_the_pension_once(client):
    man = Person.objects.filter(
        sex="M", death_date__isnull=True,
        birth_date__gte=datetime.date(1975, 1, 1), birth_date__lt=datetime.date(1976, 1, 1),
    ).first()  # fmt: skip
    today = timezone.localdate()
    man.birth_date = today.replace(year=today.year - 63)
    man.save()  # not update(): saving keeps the birth date's month and keyed hash in step
    pensioner = CitizenFactory(iin=man.iin)

    assert "registries.retirements" in DailyJobs(hour=0).enqueue_due()
    run_jobs()  # the daily job records the event, whose job makes the offer
    event = RegistryEvent.objects.get(kind="retirement", subject_iin=man.iin)
    offer = Offer.objects.get(event=event)
    assert offer.rule.slug == "pension-at-pension-age" and offer.citizen_iin == man.iin
    assert record_retirement(iin=man.iin, channel="cli") == event  # recorded once
    run_jobs()
    assert Offer.objects.filter(citizen_iin=man.iin).count() == 1

    client.force_login(pensioner)
    response = client.post(f"/offers/{offer.pk}/accept/")
    application = Application.objects.get(citizen=pensioner)
    assert application.status == ApplicationStatus.DRAFT  # the years before 1998 are his to say
    assert response.url == (
        f"/applications/{application.pk}/details/#f-pension-assignment-pre_1998_work_years"
    )


def test_someone_not_of_pension_age_is_refused(father):
    with pytest.raises(Conflict):
        record_retirement(iin=father.iin, channel="cli")
    assert not RegistryEvent.objects.exists()


def test_an_ended_employment_offers_the_job_loss_payment_filled_in(father):
    event = end_employment(iin=father.iin, reason="staff_reduction", channel="test")
    run_jobs()
    assert not Employment.objects.filter(person__iin=father.iin, ended_on__isnull=True).exists()
    status = read_registry_data(iin=father.iin, fields=["labour.person.employment_status"])
    assert status == {"labour.person.employment_status": "not_working"}

    payment = offer_of(event, father.iin, "unemployment-benefit-after-job-loss")
    accepted = accept_offer(offer=payment, citizen=father, channel="portal")
    assert accepted.submitted
    assert accepted.application.data["unemployment-benefit"]["job_end_date"] == str(
        timezone.localdate()
    )
    assert accepted.application.data["unemployment-benefit"]["dismissal_reason"] == (
        "staff_reduction"
    )
    registration = offer_of(event, father.iin, "job-seeker-registration-after-job-loss")
    draft = accept_offer(offer=registration, citizen=father, channel="portal")
    assert draft.missing == "data.unemployed-status-registration.education_level"


def test_the_inbox_leads_to_the_offer(client, father, mother_iin):
    event = birth(mother_iin, father.iin)
    offer = offer_of(event, father.iin, "birth-benefit-for-parents")
    client.force_login(father)
    home = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'href="/offers/"' in home and ">2<" in home.split('href="/offers/"')[1][:200]
    inbox = client.get("/inbox/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'href="/offers/#offer-{offer.pk}"' in inbox
