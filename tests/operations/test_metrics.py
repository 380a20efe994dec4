"""Operators scrape metrics on an address of their own: the public site has no /metrics, the
metrics address shows the requests per route and what the database holds now (jobs waiting
and failed, webhooks failed per partner, registry refusals, overdue cases)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from qyzmet.applications.models import Case
from qyzmet.exchange.models import DataAccess
from qyzmet.partners.onboarding import onboard_partner
from qyzmet.partners.webhook_models import DeliveryStatus, WebhookDelivery
from tests.factories import ApplicationFactory
from tests.operations.jobs import remember_request_id

METRICS_PORT = 9100
pytestmark = pytest.mark.django_db


@pytest.fixture
def metrics_on(settings):
    settings.METRICS_ADDRESS = ("127.0.0.1", METRICS_PORT)


def scrape(client) -> str:
    response = client.get("/metrics", SERVER_PORT=str(METRICS_PORT))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=0.0.4")
    return response.content.decode()


def value(text: str, name: str, **labels: str) -> float:
    """The sample ``name`` with exactly these ``labels``; 0 when there is none."""
    for line in text.splitlines():
        match = re.fullmatch(r"([a-z_]+)(?:\{(.*)\})? (\S+)", line)
        if not match or match[1] != name:
            continue
        found = dict(re.findall(r'(\w+)="([^"]*)"', match[2] or ""))
        if found == labels:
            return float(match[3])
    return 0.0


def test_the_public_site_has_no_metrics_by_default(client):
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", SERVER_PORT=str(METRICS_PORT)).status_code == 404


def test_switched_on_metrics_are_served_on_their_port_alone(client, metrics_on):
    assert client.get("/metrics").status_code == 404  # the site's port
    assert client.get("/", SERVER_PORT=str(METRICS_PORT)).status_code == 404  # nothing else
    assert "qyzmet_database_up 1.0" in scrape(client)


def test_metrics_answer_whatever_host_prometheus_names(client, metrics_on, settings):
    settings.ALLOWED_HOSTS = ["qyzmet.example.kz"]
    response = client.get("/metrics", SERVER_PORT=str(METRICS_PORT), HTTP_HOST="10.0.0.7:9100")
    assert response.status_code == 200


def test_requests_are_counted_per_route_with_their_latency(client, metrics_on):
    route = dict(route="/api/v1/services", method="GET", status="200")
    before = scrape(client)
    for _ in range(3):
        assert client.get("/api/v1/services").status_code == 200
    client.get("/api/v1/services/no-such-service")
    after = scrape(client)
    assert value(after, "qyzmet_http_requests_total", **route) == (
        value(before, "qyzmet_http_requests_total", **route) + 3
    )
    timed = dict(route="/api/v1/services", method="GET")
    assert value(after, "qyzmet_http_request_duration_seconds_count", **timed) >= 3
    assert value(after, "qyzmet_http_request_duration_seconds_sum", **timed) > 0
    assert "/api/v1/services/no-such-service" not in after  # routes, not paths


def test_a_made_up_method_is_counted_as_other_not_as_a_new_series(client, metrics_on):
    # gunicorn passes any upper-case token as a method: each would be a series of its own
    client.generic("EXFILTRATEALOT", "/api/v1/services")
    after = scrape(client)
    assert "EXFILTRATEALOT" not in after
    assert value(after, "qyzmet_http_requests_total", route="/api/v1/services", method="other",
                 status="405") >= 1  # fmt: skip


def test_jobs_waiting_and_failed_are_shown_per_task(client, metrics_on):
    task = "tests.operations.jobs.remember_request_id"
    remember_request_id.enqueue()
    remember_request_id.enqueue()
    old = remember_request_id.enqueue()
    DBTaskResult.objects.filter(pk=old.id).update(
        enqueued_at=timezone.now() - datetime.timedelta(minutes=10)
    )
    failed = remember_request_id.enqueue()
    DBTaskResult.objects.filter(pk=failed.id).update(status="FAILED")
    text = scrape(client)
    assert value(text, "qyzmet_jobs_queued", task=task) == 3
    assert value(text, "qyzmet_jobs_oldest_queued_seconds", task=task) >= 600
    assert value(text, "qyzmet_jobs_failed", task=task) == 1


def test_webhook_failures_are_shown_per_partner(client, metrics_on):
    partner = onboard_partner(
        name="Bank", scopes=["applications:read"], webhook_url="https://bank.example/hook"
    ).partner
    for status in (DeliveryStatus.FAILED, DeliveryStatus.FAILED, DeliveryStatus.PENDING):
        WebhookDelivery.objects.create(
            partner=partner, event_type="case.status_changed", body="{}", status=status,
            attempts=3,
        )  # fmt: skip
    text = scrape(client)
    assert value(text, "qyzmet_webhook_deliveries_failed", partner=partner.slug) == 2
    assert value(text, "qyzmet_jobs_retrying", kind="webhook") == 1


def test_registry_refusals_of_the_last_hour_are_shown(client, metrics_on):
    for number, at in enumerate((timezone.now(), timezone.now() - datetime.timedelta(hours=2))):
        DataAccess.objects.create(
            message_id=f"m-{number}", at=at, client_agency="tax", client_system="checks",
            subject="s", registry="population", provider_agency="interior",
            purpose_kind="application", purpose_ref="x", outcome="refused", refusal="purpose",
        )  # fmt: skip
    text = scrape(client)
    labels = dict(registry="population", client_agency="tax")
    assert value(text, "qyzmet_exchange_refusals_last_hour", **labels) == 1


def test_cases_past_their_legal_deadline_are_shown_per_agency(client, metrics_on):
    application = ApplicationFactory(submitted=True)
    case = application.cases.get()
    before = value(scrape(client), "qyzmet_cases_overdue", agency=case.agency.slug)
    Case.objects.filter(pk=case.pk).update(due_date=timezone.localdate() - datetime.timedelta(1))
    after = value(scrape(client), "qyzmet_cases_overdue", agency=case.agency.slug)
    assert after == before + 1
