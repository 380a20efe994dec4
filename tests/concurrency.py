"""Calls made at the same moment from threads, each thread with its own database connection, as
a double click, a retry, or several workers make them. What each call returned, or the error it
raised, is in the list (in the order they ended), for the test to judge."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.db import connection

AT_ONCE = 4


def together(*calls: Callable[[], Any]) -> list[Any]:
    """Start every call at the same moment, one thread each."""
    results: list[Any] = []
    barrier = threading.Barrier(len(calls))

    def one(call: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=10)
            results.append(call())
        except BaseException as error:  # the test reports what went wrong
            results.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=one, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def at_once(call: Callable[[], Any], *, times: int = AT_ONCE) -> list[Any]:
    """The same call made ``times`` times at the same moment."""
    return together(*[call] * times)


def errors_of(results: list[Any]) -> list[BaseException]:
    return [r for r in results if isinstance(r, BaseException)]
