"""Every field of every model prepares a value for an INSERT by ``core.values.preparer`` as
its own ``get_db_prep_save`` does: the same parameter, of the same type (PostgreSQL's typed
integers included), or the same error."""

from __future__ import annotations

import datetime
import decimal
import uuid
import warnings
from typing import Any

from django.apps import apps
from django.db import connection
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy

from qyzmet.core.values import preparer

ALMATY = datetime.timezone(datetime.timedelta(hours=5))


class NoOffset(datetime.tzinfo):
    """A zone that gives no offset: naive to Django."""

    def utcoffset(self, moment: Any) -> None:
        return None


SAMPLES = [
    None, "", "text", "7", "7e0", 0, 7, -3, 2**40, 2**70, True, False, 1.5,
    datetime.datetime(2026, 12, 7, 9, 0, tzinfo=datetime.UTC),
    datetime.datetime(2026, 12, 7, 9, 0, 0, 5, tzinfo=ALMATY),
    datetime.datetime(2026, 12, 7, 9, 0), datetime.date(2026, 12, 7),
    uuid.UUID("12345678-1234-5678-1234-567812345678"), decimal.Decimal("1.20"), b"bytes",
    datetime.datetime(2026, 12, 7, 9, 0, tzinfo=NoOffset()),
    {"answer": 1}, [1, 2], gettext_lazy("Application"), gettext_lazy(""), SafeString(""),
    SafeString("7"),
]  # fmt: skip


def outcome(prepare: Any, value: Any) -> tuple[Any, ...]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # a naive datetime's, both ways
            prepared = prepare(value, connection)
    except Exception as error:  # the same error is what is expected
        return ("raised", type(error))
    return ("prepared", type(prepared), prepared)


def every_field() -> list[Any]:
    fields = [f for model in apps.get_models(include_auto_created=True)
              for f in model._meta.concrete_fields]  # fmt: skip
    return fields + [field.target_field for field in fields if field.is_relation]


def test_each_value_of_each_field_is_prepared_as_django_prepares_it() -> None:
    differences, plain = [], set()
    for field in every_field():
        prepare = preparer(field)
        if prepare == field.get_db_prep_save:
            continue  # Django's own (an encrypted value differs each time it is sealed)
        plain.add(type(field).__name__)
        for value in SAMPLES:
            ours, django = outcome(prepare, value), outcome(field.get_db_prep_save, value)
            if ours != django:
                differences.append((str(field), value, ours, django))
    assert not differences, differences[:5]
    assert {"CharField", "TextField", "BooleanField", "PositiveIntegerField", "BigAutoField",
            "DateTimeField", "UUIDField", "ForeignKey"} <= plain, plain  # fmt: skip


def test_a_field_of_another_kind_is_left_to_django() -> None:
    encrypted = apps.get_model("registries", "Person")._meta.get_field("iin")
    assert preparer(encrypted) == encrypted.get_db_prep_save
