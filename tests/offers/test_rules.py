"""Offer rules are catalogue data: a service designer adds one as a YAML file, without Python;
a broken one is refused with the file, the field and the reason."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.conf import settings

from qyzmet.applications.models import ApplicationStatus
from qyzmet.catalog.documents import read_catalog
from qyzmet.catalog.services import load_catalog
from qyzmet.catalog.validation import read_and_validate
from qyzmet.offers.models import Offer
from qyzmet.offers.services import accept_offer
from qyzmet.registries.events import register_death
from tests.factories import CitizenFactory
from tests.jobs.helpers import run_jobs

pytestmark = pytest.mark.django_db
CATALOG = Path(settings.CATALOG_DIR)
BIRTH = yaml.safe_load((CATALOG / "offers" / "childcare-benefit-for-parents.yaml").read_text())
TEXT = {"kk": "Ұсыныс", "ru": "Предложение", "en": "An offer"}


def write_rule(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / "offers" / f"{data['id']}.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    return path


def problems_of(tmp_path: Path, **changes: Any) -> list[str]:
    data = {**copy.deepcopy(BIRTH), **changes}
    _, problems = read_and_validate([write_rule(tmp_path, data)], catalog_dir=CATALOG)
    return [f"{p.file.rsplit('/', 1)[-1]}: {p.path}: {p.message}" for p in problems]


def test_the_catalogues_rules_are_valid(tmp_path):
    assert problems_of(tmp_path) == []


def test_a_rule_for_an_unknown_event_or_service_is_refused(tmp_path):
    assert problems_of(tmp_path, event="wedding") == [
        "childcare-benefit-for-parents.yaml: event: 'wedding' is not one of "
        "['birth', 'retirement', 'death', 'employment-ended']"
    ]
    assert problems_of(tmp_path, service="childcare-allowance", values={}) == [
        "childcare-benefit-for-parents.yaml: service: unknown service 'childcare-allowance'"
    ]


def test_a_rule_must_offer_to_whom_the_event_concerns(tmp_path):
    assert problems_of(tmp_path, to="heirs") == [
        "childcare-benefit-for-parents.yaml: to: a 'birth' event concerns the 'parents'"
    ]


def test_values_must_name_real_fields_and_sources_the_event_has(tmp_path):
    values = {
        "childcare-benefit": {
            "child_name": "event.subject.iin",
            "child_iin": "event.reason",
            "iban": "population.person.bank",
            "employment_status": {"from": "labour.person.employment_status",
                                  "map": {"employed": "on_leave"}},
        },
        "birth-benefit": {"iban": "labour.person.payment_account"},
    }  # fmt: skip
    prefix = "childcare-benefit-for-parents.yaml: values"
    assert problems_of(tmp_path, values=values) == [  # in the file's order (keys sorted)
        f"{prefix}.birth-benefit: 'birth-benefit' is not a service this rule offers",
        f"{prefix}.childcare-benefit.child_iin: 'event.reason' is not known for a 'birth' event",
        f"{prefix}.childcare-benefit.child_name: 'child_name' is not a field of the form of "
        "'childcare-benefit'",
        f"{prefix}.childcare-benefit.employment_status.map.employed: 'on_leave' does not fit "
        "the field",
        f"{prefix}.childcare-benefit.iban: unknown source 'population.person.bank' (event.*, "
        "recipient.relationship or a registry field)",
    ]


def test_a_rule_offers_a_service_or_a_life_situation(tmp_path):
    assert problems_of(tmp_path, life_situation="birth-of-child") == [
        "childcare-benefit-for-parents.yaml: (top level): offers either a 'service' or a "
        "'life_situation'"
    ]


def test_a_new_rule_needs_no_python(tmp_path, demo_people):
    """A designer offers the whole 'death of a relative' situation to the heirs, with the
    question the registry settles answered; loaded, it works at the next death."""
    rule = {
        "id": "death-of-relative-for-heirs", "version": 1, "event": "death", "to": "heirs",
        "life_situation": "death-of-relative", "answers": {"death_registered": True},
        "title": TEXT, "description": TEXT, "open_days": 30,
        "values": {"funeral-benefit": {"deceased_iin": "event.subject.iin",
                                       "relationship": "recipient.relationship"}},
    }  # fmt: skip
    catalog, problems = read_and_validate([write_rule(tmp_path, rule)], catalog_dir=CATALOG)
    assert problems == []
    assert load_catalog(catalog=catalog).loaded == ["offer rule death-of-relative-for-heirs v1"]
    assert load_catalog(catalog=read_catalog([tmp_path])).loaded == []  # loaded once

    pensioner = demo_people["pensioner"]
    event = register_death(iin=pensioner, channel="test")
    run_jobs()
    offer = Offer.objects.filter(event=event, rule__slug="death-of-relative-for-heirs").first()
    assert offer is not None
    heir = CitizenFactory(iin=offer.citizen_iin)
    accepted = accept_offer(offer=offer, citizen=heir, channel="portal")
    assert accepted.application.status == ApplicationStatus.DRAFT
    assert accepted.application.answers == {"death_registered": True}
    assert accepted.missing == "answers.deceased_received_pension_or_benefit"
