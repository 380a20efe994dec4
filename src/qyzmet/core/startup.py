"""What every server process checks before it answers anyone: gunicorn imports the WSGI
applications, which run no management command's checks, so they call this."""

from __future__ import annotations

from django.core.checks import Tags, run_checks
from django.core.exceptions import ImproperlyConfigured


def refuse_unsafe_start() -> None:
    """Raise ``ImproperlyConfigured`` (the process does not start) when a security check finds
    an error, e.g. a demo-only feature turned on outside a demo; each error on its own line."""
    errors = [message for message in run_checks(tags=[Tags.security]) if message.is_serious()]
    if errors:
        lines = "\n".join(f"{message.id}: {message.msg}" for message in errors)
        raise ImproperlyConfigured(f"qyzmet refuses to start:\n{lines}")
