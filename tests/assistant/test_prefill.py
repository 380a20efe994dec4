"""What the citizen wrote fills in what it can of the draft, each value marked as suggested
for the citizen to check; the assistant never submits anything."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from qyzmet.applications.models import ApplicationStatus
from qyzmet.assistant.models import Record
from qyzmet.assistant.prefill import extract_prefill
from qyzmet.core.identifiers import make_iin

pytestmark = pytest.mark.django_db

SELLER = make_iin(datetime.date(1980, 1, 2), "F", 55)
BOUGHT = (
    f"Купил Toyota Camry 2015 года за 5 млн тенге 12.03.2026 у продавца с ИИН {SELLER}, "
    "VIN JTNBF3EK503012345"
)


def test_a_purchase_told_in_words_suggests_the_vehicle_forms_values():
    prefill = extract_prefill(text=BOUGHT, channel="test", service="vehicle-registration")
    values = {v.field: v for v in prefill.values}
    assert values["vin"].value == "JTNBF3EK503012345"
    assert values["seller_iin"].value == SELLER
    assert values["purchase_date"].value == "2026-03-12"
    assert all(v.suggested for v in prefill.values)
    hints = {h["kind"]: h["value"] for h in prefill.hints}
    assert hints["vehicle"] == "Toyota Camry" and hints["vehicle_year"] == 2015
    assert hints["amount"] == 5_000_000


def test_the_record_of_a_prefill_names_the_fields_but_keeps_no_value():
    prefill = extract_prefill(text=BOUGHT, channel="test", service="vehicle-registration")
    record = Record.objects.get(pk=prefill.id)
    assert {"service": "vehicle-registration", "field": "seller_iin", "kind": "iin"} in (
        record.output
    )
    assert SELLER not in str(record.output) + record.redacted_text
    assert "JTNBF3EK503012345" not in str(record.output) + record.redacted_text


def test_a_move_in_kazakh_suggests_the_date_of_the_move_for_the_situation():
    prefill = extract_prefill(
        text="1 наурызда Астанаға көшемін", channel="test", life_situation="moving"
    )
    today = timezone.localdate()
    assert prefill.data() == {"residence-registration": {"move_date": f"{today.year}-03-01"}}
    assert {"kind": "city", "value": "Астана"} in prefill.hints


def test_partners_get_the_suggestions_through_the_api(client, api_token):
    response = client.post(
        "/api/v1/assistant/prefill", {"text": BOUGHT, "service": "vehicle-registration"},
        content_type="application/json", **api_token,
    )  # fmt: skip
    assert response.status_code == 200, response.content
    values = response.json()["values"]
    assert {"service": "vehicle-registration", "field": "vin", "value": "JTNBF3EK503012345",
            "kind": "vin", "suggested": True} in values  # fmt: skip


def test_the_portal_puts_the_suggestions_into_the_draft_marked_and_does_not_submit(client, citizen):
    client.get("/search/", {"q": BOUGHT}, HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(citizen)
    details = client.post("/apply/", {"kind": "service", "slug": "vehicle-registration"})
    application = citizen.applications.get()
    assert application.status == ApplicationStatus.DRAFT
    assert application.data["vehicle-registration"]["vin"] == "JTNBF3EK503012345"
    page = client.get(details["Location"].replace("/check/", "/details/")).content.decode()
    assert page.count("suggested from your words: check it") == 3  # VIN, seller, date
