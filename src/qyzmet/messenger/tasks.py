"""Background jobs of the messenger, each calling one function."""

from __future__ import annotations

from django_tasks import task

from qyzmet.jobs.schedule import schedule
from qyzmet.messenger.processing import process_updates
from qyzmet.messenger.purging import purge_updates


@task()
def answer(chat_id: int) -> int:
    """Answer a chat's waiting updates; the webhook enqueues this with each update. When
    another worker holds the chat, look again when its lease ends, in case that worker died."""
    processed = process_updates(chat_id=chat_id)
    if processed.again_at is not None:
        answer.using(run_after=processed.again_at).enqueue(chat_id)
    return processed.answered


@schedule.daily("messenger.purge")
@task(priority=-10)
def purge() -> int:
    """Forget answered updates older than a week."""
    return purge_updates()
