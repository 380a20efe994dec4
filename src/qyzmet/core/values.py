"""A value of a new row prepared for its INSERT as Django prepares it, by fewer calls where the
field and the value are plain (decision 83).

Django prepares each value of a saved row through its field's ``get_db_prep_save``, then
``get_db_prep_value``, ``get_prep_value`` and ``to_python``: four calls and as many checks for
a text that is sent as it is. A submission sends about two hundred values. ``preparer(field)``
gives what those calls come to for a value of the field's plain Python type: a text of a text
column, a whole number (not a ``bool``) of an integer column or a key, a ``bool``, an aware
``datetime``, a ``UUID``, and ``None`` where Django sends ``None`` for it. Any other value, and
every field of a class not named here (an encrypted field, JSON, a date, a decimal, a subclass
of the classes named), is prepared by Django's ``get_db_prep_save``. What the backend adapts
(an integer's type on PostgreSQL, a datetime on SQLite) it still adapts, at each call."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable
from typing import Any

from django.db import models

Prepare = Callable[[Any, Any], Any]  # (value, connection) -> the statement's parameter

TEXTS = {models.CharField, models.TextField, models.SlugField, models.EmailField, models.URLField}
INTEGERS = {
    models.IntegerField, models.BigIntegerField, models.SmallIntegerField,
    models.PositiveIntegerField, models.PositiveSmallIntegerField, models.PositiveBigIntegerField,
}  # fmt: skip
KEYS = {models.AutoField, models.BigAutoField, models.SmallAutoField}
RELATIONS = {models.ForeignKey, models.OneToOneField}


def preparer(field: Any) -> Prepare:
    """How ``field`` prepares a value for an INSERT: as its ``get_db_prep_save`` does."""
    kind, django = type(field), field.get_db_prep_save
    if kind in TEXTS:
        return lambda value, connection: (
            value if value is None or type(value) is str else django(value, connection)
        )
    if kind is models.BooleanField:
        return lambda value, connection: (
            value if value is None or type(value) is bool else django(value, connection)
        )
    if kind in INTEGERS:
        internal = field.get_internal_type()
        return lambda value, connection: (
            connection.ops.adapt_integerfield_value(value, internal)
            if value is None or type(value) is int
            else django(value, connection)
        )
    if kind in KEYS:  # Django checks a key's value, and does not adapt it as an integer
        return lambda value, connection: (
            connection.ops.validate_autopk_value(value)
            if value is None or type(value) is int
            else django(value, connection)
        )
    if kind is models.DateTimeField:
        return lambda value, connection: (
            connection.ops.adapt_datetimefield_value(value)
            if type(value) is datetime.datetime and value.utcoffset() is not None
            else django(value, connection)
        )
    if kind is models.UUIDField:
        return lambda value, connection: (
            (value if connection.features.has_native_uuid_field else value.hex)
            if type(value) is uuid.UUID
            else django(value, connection)
        )
    if kind in RELATIONS:  # None is NULL; anything equal to "" may be a NULL too (Django's)
        target = preparer(field.target_field)

        def related(value: Any, connection: Any) -> Any:
            if value is None:
                return None
            plain = type(value) is int or type(value) is uuid.UUID
            return target(value, connection) if plain else django(value, connection)

        return related
    return django
