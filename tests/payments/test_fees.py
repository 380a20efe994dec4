"""Fees: each service's fee in MCI at the year's MCI value, exemptions decided from the
registries and the form, and the total an applicant sees before submitting."""

from __future__ import annotations

import copy
import datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.conf import settings

from qyzmet.applications.fees import fees_of
from qyzmet.applications.services import applicable_services, start_application
from qyzmet.catalog.fees import assess_fee
from qyzmet.catalog.selectors import service_version
from qyzmet.catalog.validation import read_and_validate
from qyzmet.core.money import format_tenge, mci_tenge, mci_to_tiyn
from qyzmet.exchange.models import DataAccess
from tests.factories import CitizenFactory

CATALOG = Path(settings.CATALOG_DIR)
LICENCE = "driving-licence-replacement"
DAY_2026 = datetime.date(2026, 3, 1)
BORN, CHILDREN = "population.person.birth_date", "population.person.children"
YOUNG = {BORN: "2001-04-12", CHILDREN: []}  # what the exchange answers about a young adult
PENSIONER = {BORN: "1961-09-30", CHILDREN: [{"iin": "850101300123"}]}


def test_the_mci_value_is_the_years_and_a_later_year_keeps_the_last_known(settings):
    settings.MCI_TENGE = {2025: 3932, 2026: 4325}
    assert mci_tenge(datetime.date(2025, 12, 31)) == 3932
    assert mci_tenge(datetime.date(2026, 1, 1)) == 4325
    assert mci_tenge(datetime.date(2031, 6, 1)) == 4325
    assert mci_tenge(datetime.date(2020, 6, 1)) == 3932


def test_a_fee_is_counted_in_whole_tiyn(settings):
    settings.MCI_TENGE = {2026: 4325}
    assert mci_to_tiyn(1.25, DAY_2026) == 540_625  # 5 406,25 ₸
    assert mci_to_tiyn(0.2, DAY_2026) == 86_500
    assert format_tenge(540_625).replace("\xa0", " ") in {"5 406.25 ₸", "5,406.25 ₸"}


@pytest.mark.django_db
def test_the_driving_licence_costs_125_mci_unless_an_exemption_holds(settings):
    settings.MCI_TENGE = {2025: 3932, 2026: 4325}
    licence = service_version(LICENCE).definition
    fee = assess_fee(licence, registry=YOUNG, data={}, day=DAY_2026)
    assert (fee.tiyn, fee.online, fee.exemption) == (540_625, True, "")
    assert (
        assess_fee(licence, registry=YOUNG, data={}, day=datetime.date(2025, 5, 1)).tiyn == 491_500
    )
    exempt = assess_fee(licence, registry=PENSIONER, data={}, day=DAY_2026)
    assert (exempt.tiyn, exempt.exemption) == (0, "pensioners")
    assert not exempt.payable_online
    four = {**YOUNG, CHILDREN: [{"iin": str(n)} for n in range(4)]}
    assert assess_fee(licence, registry=four, data={}, day=DAY_2026).exemption == "large-families"


@pytest.mark.django_db
def test_a_person_the_registries_do_not_know_pays_the_fee():
    licence = service_version(LICENCE).definition
    assert assess_fee(licence, registry={}, data={}, day=DAY_2026).tiyn > 0


@pytest.mark.django_db
def test_the_exemptions_registry_facts_are_asked_through_the_exchange(demo_people):
    pensioner = CitizenFactory(iin=demo_people["pensioner"])
    draft = start_application(citizen=pensioner, channel="portal", service=LICENCE)
    fees = fees_of(draft, applicable_services(draft), day=DAY_2026)
    assert fees.lines[0].fee.exemption == "pensioners"
    asked = DataAccess.objects.get(client_system="fees", purpose_ref=str(draft.pk))
    assert asked.outcome == "granted" and set(asked.fields) == {BORN, CHILDREN}


@pytest.mark.django_db
def test_an_exemption_may_depend_on_the_forms_values():
    licence = copy.deepcopy(service_version(LICENCE).definition)
    licence["fee_exemptions"] = [
        {"category": "damaged-by-the-state", "title": {"kk": "x", "ru": "x", "en": "x"},
         "when": [{"fact": "form", "field": "reason", "in": ["damaged"]}]},
    ]  # fmt: skip
    assert assess_fee(licence, registry=YOUNG, data={"reason": "damaged"}, day=DAY_2026).tiyn == 0
    assert assess_fee(licence, registry=YOUNG, data={"reason": "lost"}, day=DAY_2026).tiyn > 0


@pytest.mark.django_db
def test_the_total_is_known_before_submission_and_in_the_api(client, demo_people):
    citizen = CitizenFactory(iin=demo_people["young_adult"])
    draft = start_application(citizen=citizen, channel="portal", life_situation="lost-documents",
                              answers={"lost_id_card": True, "lost_passport": True,
                                       "lost_driving_licence": True})  # fmt: skip
    fees = fees_of(draft, applicable_services(draft), day=DAY_2026)
    amounts = {line.service.slug: line.fee.tiyn for line in fees.lines}
    assert amounts[LICENCE] == 540_625
    assert fees.online_tiyn == 540_625  # the ID card and passport are paid in person
    assert fees.total_tiyn == sum(amounts.values()) > fees.online_tiyn
    client.force_login(citizen)
    body = client.get(f"/api/v1/applications/{draft.pk}").json()
    assert body["fees"]["online_tiyn"] == mci_to_tiyn(1.25)
    assert {line["service"] for line in body["fees"]["services"]} >= {LICENCE}


@pytest.mark.django_db
def test_the_review_page_shows_the_fee_and_how_it_is_paid(client, demo_people):
    citizen = CitizenFactory(iin=demo_people["young_adult"])
    client.force_login(citizen)
    draft = start_application(citizen=citizen, channel="portal", service=LICENCE)
    page = client.get(f"/applications/{draft.pk}/review/", HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    assert "Fees" in text and "online, after you submit" in text
    assert "to pay online once you submit" in text


def _problems(tmp_path: Path, **changes: Any) -> list[str]:
    data = yaml.safe_load((CATALOG / "services" / f"{LICENCE}.yaml").read_text())
    data.update(changes)
    path = tmp_path / "services" / f"{LICENCE}.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    return [f"{p.path}: {p.message}" for p in read_and_validate([path], catalog_dir=CATALOG)[1]]


TITLE = {"kk": "т", "ru": "т", "en": "t"}


def exempt(category: str, **condition: Any) -> dict[str, Any]:
    return {"category": category, "title": TITLE, "when": [condition]}


def test_exemptions_must_name_known_facts_and_form_fields(tmp_path):
    found = _problems(tmp_path, fee_exemptions=[
        exempt("a", fact="form", field="colour", equals="red"),
        exempt("b", fact="marital_status", at_least=2),
        exempt("c", fact="form", field="reason", equals="stolen"),
        exempt("d", fact="employment_status", equals="retired"),
    ])  # fmt: skip
    assert "fee_exemptions[0].when[0].field: names 'colour', which is not a field of the form" in (
        found
    )
    assert "fee_exemptions[1].when[0].at_least: 'marital_status' is not a number" in found
    assert "fee_exemptions[2].when[0]: 'stolen' is not a possible value of 'reason'" in found
    assert "fee_exemptions[3].when[0]: 'retired' is never the 'employment_status' of anyone" in (
        found
    )
    unknown = _problems(tmp_path, fee_exemptions=[exempt("e", fact="height", at_least=2)])
    assert unknown and unknown[0].startswith("fee_exemptions[0].when[0].fact: 'height'"), unknown


def test_a_free_service_has_nothing_to_pay_online_or_refund(tmp_path):
    found = _problems(tmp_path, fee_mci=0, fee_exemptions=[])
    assert "fee_paid: a free service (fee_mci 0) has nothing to pay" in found
    assert "refund_on_rejection: a free service (fee_mci 0) has nothing to refund" in found
    found = _problems(tmp_path, fee_paid="in_person")
    assert "refund_on_rejection: only a fee paid online (fee_paid: online) is refunded" in found


@pytest.mark.django_db
def test_the_service_page_and_the_api_say_how_the_fee_is_paid_and_who_is_exempt(client):
    page = client.get(f"/services/{LICENCE}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "paid online when you apply" in page and "Pensioners (aged 63 and over)" in page
    detail = client.get(f"/api/v1/services/{LICENCE}").json()
    assert detail["fee_paid"] == "online" and detail["refund_on_rejection"] is True
    assert [e["category"] for e in detail["fee_exemptions"]] == ["pensioners", "large-families"]
