"""Sign-in takes the same time for a registered and an unknown IIN because it does the same
work: the same registry reads through the exchange, the same queries on the same tables.
Measured as work (queries, exchange calls), not as wall-clock time."""

from __future__ import annotations

import contextlib
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from qyzmet.accounts import signin
from qyzmet.accounts.signin import request_code, verify_code
from qyzmet.core.errors import Invalid
from tests.accounts.helpers import adult_without_phone, unregistered_iin

pytestmark = pytest.mark.django_db
TABLE = re.compile(r'(?:FROM|INTO|UPDATE|JOIN)\s+"?(\w+)"?', re.IGNORECASE)


@dataclass(frozen=True)
class Work:
    queries: int
    tables: Counter
    registry_reads: int


def work_of(call: Callable[[], Any]) -> Work:
    spy = mock.Mock(wraps=signin.request_registry_data)
    with (
        mock.patch.object(signin, "request_registry_data", spy),
        CaptureQueriesContext(connection) as captured,
        contextlib.suppress(Invalid),
    ):
        call()
    sql = [query["sql"] for query in captured.captured_queries]
    tables = Counter(table for statement in sql for table in TABLE.findall(statement))
    return Work(queries=len(sql), tables=tables, registry_reads=spy.call_count)


def asking(iin: str, who: str) -> Callable[[], Any]:
    return lambda: request_code(iin=iin, language="en", channel="portal", requester=who)


def answering(iin: str, who: str) -> Callable[[], Any]:
    return lambda: verify_code(
        iin=iin, code="000000", language="en", channel="portal", requester=who
    )


def test_asking_for_a_code_does_the_same_work_for_a_registered_and_an_unknown_iin(demo_people):
    work_of(asking(demo_people["parent"], "warm-up"))  # keys and caches read once
    registered = work_of(asking(demo_people["pensioner"], "one"))
    unknown = work_of(asking(unregistered_iin(), "two"))
    assert registered.registry_reads == unknown.registry_reads == 1
    assert registered == unknown


def test_a_wrong_code_does_the_same_work_for_a_registered_and_an_unknown_iin(demo_people):
    known, nobody = demo_people["pensioner"], unregistered_iin()
    asking(demo_people["parent"], "warm-up")()
    work_of(answering(demo_people["parent"], "warm-up"))
    asking(known, "one")()
    asking(nobody, "two")()
    registered = work_of(answering(known, "one"))
    unknown = work_of(answering(nobody, "two"))
    assert registered.registry_reads == unknown.registry_reads == 1
    assert registered == unknown


def asking_by_sms(iin: str, who: str) -> Callable[[], Any]:
    return lambda: request_code(
        iin=iin, language="en", channel="portal", requester=who, provider="sms",
        code_channel="sms",
    )  # fmt: skip


def test_a_code_by_sms_takes_the_same_work_with_a_number_without_one_and_for_nobody(
    demo_people,
):
    work_of(asking_by_sms(demo_people["parent"], "warm-up"))
    with_number = work_of(asking_by_sms(demo_people["pensioner"], "one"))
    without = work_of(asking_by_sms(adult_without_phone(), "two"))
    unknown = work_of(asking_by_sms(unregistered_iin(), "three"))
    assert with_number.registry_reads == 1
    assert with_number == without == unknown
