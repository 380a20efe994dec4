"""Background jobs of payments, each calling one domain function."""

from __future__ import annotations

from django_tasks import task

from qyzmet.payments.refunds import make_refund


@task()
def refund(refund_id: str) -> str:
    """Make one requested refund at the provider (enqueued with the change that asked for it)."""
    made = make_refund(refund_id=refund_id)
    return made.status if made is not None else "done already"
