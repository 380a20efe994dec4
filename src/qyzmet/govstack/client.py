"""The ``Information-Mediator-Client`` header: which X-Road subsystem is calling.

GovStack's information mediator (X-Road) names the calling subsystem as
``INSTANCE/CLASS/MEMBER/SUBSYSTEM``, e.g. ``eGovStack/GOV/90000009/digitalregistries``. qyzmet
records it as the channel of every change made through this API (``govstack:<client>``), so
the audit trail and the status history say which subsystem acted."""

from __future__ import annotations

import re

from ninja import Header

from qyzmet.govstack.errors import GovStackError

HEADER = "Information-Mediator-Client"
CHANNEL = "govstack"
CHANNEL_MAX_LENGTH = 64  # the channel columns of the status history and the audit log
MAX_LENGTH = CHANNEL_MAX_LENGTH - len(CHANNEL) - 1
PART = r"[A-Za-z0-9._-]+"
FORMAT = re.compile(rf"{PART}/{PART}/{PART}/{PART}")

ClientHeader = Header(None, alias=HEADER, description="INSTANCE/CLASS/MEMBER/SUBSYSTEM")


def parse_client(value: str | None, *, required: bool = True) -> str | None:
    """The calling subsystem, checked; ``None`` when the header is absent and not required."""
    if value is None or value == "":
        if required:
            raise GovStackError(400, "govstack.client_missing")
        return None
    if len(value) > MAX_LENGTH or not FORMAT.fullmatch(value):
        raise GovStackError(400, "govstack.client_malformed", {"limit": MAX_LENGTH})
    return value


def channel_of(client: str | None) -> str:
    """The channel recorded with a change: ``govstack:<client>``, or ``govstack`` alone."""
    return f"{CHANNEL}:{client}" if client else CHANNEL
