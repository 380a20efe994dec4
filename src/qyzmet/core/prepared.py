"""PostgreSQL plans a hot path's statements once per connection (decision 0080).

Planning a submission's statements cost PostgreSQL more than running them. A statement sent
with its parameters apart (server-side binding, ``settings._database``) can be *prepared*: its
plan kept on the connection and used again. A kept plan is generic, made without the values
(PostgreSQL switches to it after five executions when it looks no worse): for a lookup by key
or an INSERT that is the plan any value gets, but for a condition whose rows depend on the
value (``sequence > %s`` with a LIMIT, a status most rows do not have) a generic plan can scan
a whole table where the value's own plan reads one page. So statements are prepared only
inside ``prepared_statements()``, around the hot paths whose statements are all of the first
kind (a submission, a token's lookup, an idempotency key's claim); everywhere else each
statement is planned for its values, as before. ``QYZMET_POSTGRES_PREPARED=false`` turns both
off (for a pooler that hands a client's statements to other server connections).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from django.conf import settings
from django.db import connection

SECOND_TIME = 1  # psycopg's threshold: executions before a statement is prepared

F = TypeVar("F", bound=Callable[..., Any])


@contextmanager
def prepared_statements() -> Iterator[None]:
    """Statements sent in this block on PostgreSQL are prepared on their connection the second
    time it sends them (and a prepared one is used again); nothing changes elsewhere."""
    if connection.vendor != "postgresql" or not settings.POSTGRES_PREPARED:
        yield
        return
    connection.ensure_connection()
    raw = connection.connection
    earlier = raw.prepare_threshold
    raw.prepare_threshold = SECOND_TIME
    try:
        yield
    finally:
        raw.prepare_threshold = earlier  # this connection's; a new one starts without


def prepared(function: F) -> F:
    """``function`` called inside ``prepared_statements()``: for a hot path whose every
    statement is a lookup by key or a write (see the module's docstring)."""

    @functools.wraps(function)
    def within(*args: Any, **kwargs: Any) -> Any:
        with prepared_statements():
            return function(*args, **kwargs)

    return within  # type: ignore[return-value]
