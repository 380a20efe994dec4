"""Every answer of the assistant is on the record, with the catalogue and model that made it,
and without the citizen's personal data in clear; the record learns which life situation or
service the citizen then applied for, and is deleted after the retention period."""

from __future__ import annotations

import datetime
import hashlib

import pytest
from django.core.management import call_command
from django.utils import timezone

from qyzmet.assistant.catalogue import current_corpus
from qyzmet.assistant.models import Record
from qyzmet.assistant.routing import route_request
from qyzmet.jobs.schedule import schedule
from tests.jobs.helpers import run_jobs
from tests.messenger.helpers import MYSELF

pytestmark = pytest.mark.django_db

WORDS = (
    "Меня зовут Айгерим Нурланова, ИИН 900101400123, телефон +7 701 234 56 78, "
    "e-mail aigerim@example.kz. Переезжаю в Алматы 01.03.2026"
)


def test_an_answer_is_recorded_with_what_made_it_and_without_personal_data():
    routing = route_request(text=WORDS, channel="portal", language_hint="ru")
    record = Record.objects.get(pk=routing.id)
    assert (record.kind, record.channel, record.language) == ("routing", "portal", "ru")
    assert record.catalog_digest == current_corpus().digest
    assert record.backend == routing.backend and record.backend_version == routing.backend_version
    assert record.output[0] == {
        "kind": "life_situation",
        "id": "moving",
        "score": routing.confidence,
    }
    assert record.status == routing.status and record.confidence == routing.confidence
    for personal in ("Айгерим", "Нурланова", "900101400123", "701", "aigerim", "01.03.2026"):
        assert personal not in record.redacted_text
    assert "Алматы" in record.redacted_text  # a city is not personal, and tells auditors much
    assert "[IIN]" in record.redacted_text and "[NAME]" in record.redacted_text
    assert record.text_digest != hashlib.sha256(WORDS.encode()).hexdigest()  # keyed
    assert len(record.text_digest) == 64


def test_the_same_words_have_the_same_keyed_hash_so_repeats_can_be_counted():
    first = route_request(text="I lost my ID card", channel="api")
    again = route_request(text="i lost my  ID card", channel="cli")
    digests = Record.objects.filter(pk__in=[first.id, again.id]).values_list("text_digest")
    assert len(set(digests)) == 1


def test_an_application_started_after_an_answer_in_the_portal_is_linked_to_it(client, citizen):
    client.get("/search/", {"q": "переезжаю в Алматы"})
    client.force_login(citizen)  # signing in keeps the session's data
    assert client.post("/apply/", {"kind": "life_situation", "slug": "moving"}).status_code == 302
    record = Record.objects.get(kind="routing")
    assert (record.applied_kind, record.applied_id, record.applied_rank) == (
        "life_situation", "moving", 1,
    )  # fmt: skip
    assert record.application_id == citizen.applications.get().pk


def test_applying_for_something_else_than_suggested_is_recorded_as_such(client, citizen):
    client.get("/search/", {"q": "переезжаю в Алматы"})
    client.force_login(citizen)
    client.post("/apply/", {"kind": "service", "slug": "passport"})
    record = Record.objects.get(kind="routing")
    assert (record.applied_id, record.applied_rank) == ("passport", 0)


def test_an_application_started_in_the_chat_after_an_answer_is_linked_to_it(linked_chat):
    linked_chat.write("we moved to a new flat")
    linked_chat.press("Moving house")
    linked_chat.press(MYSELF)  # a parent may apply for their children too: asked for whom
    record = Record.objects.get(channel="messenger", kind="routing")
    assert (record.applied_id, record.applied_rank) == ("moving", 1)


def test_records_are_deleted_after_the_retention_period_by_the_daily_job(settings):
    settings.ASSISTANT_RETENTION_DAYS = 30
    old = route_request(text="I lost my ID card", channel="api")
    Record.objects.filter(pk=old.id).update(created_at=timezone.now() - datetime.timedelta(days=31))
    recent = route_request(text="I lost my ID card", channel="api")
    assert "assistant.purge" in dict(schedule)
    dict(schedule)["assistant.purge"].enqueue()
    run_jobs()
    assert list(Record.objects.values_list("pk", flat=True)) == [recent.id]


def test_the_auditors_report_shows_accuracy_in_real_use_per_language_and_service(
    client, citizen, capsys
):
    client.get("/search/", {"q": "переезжаю в Алматы"})
    client.force_login(citizen)
    client.post("/apply/", {"kind": "life_situation", "slug": "moving"})
    route_request(text="I lost my ID card", channel="api")
    call_command("assistant", "report", "--json")
    import json

    report = json.loads(capsys.readouterr().out)
    assert (report["answers"], report["followed"]) == (2, 1)
    assert report["by_language"] == [
        {"group": "ru", "answers": 1, "first": 1, "top3": 1, "top1_share": 1.0, "top3_share": 1.0}
    ]
    assert report["by_target"][0]["group"] == "life_situation:moving"
    call_command("assistant", "report")
    assert "life_situation:moving" in capsys.readouterr().out


@pytest.fixture
def linked_chat(client, citizen):
    from tests.accounts.helpers import code_sent_to
    from tests.messenger.helpers import Messenger

    chat = Messenger(client)
    chat.write("/start")
    chat.write(citizen.iin)
    chat.write(code_sent_to(citizen.iin))
    return chat
