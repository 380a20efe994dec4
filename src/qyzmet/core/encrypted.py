"""Model fields that keep personal data encrypted at rest, and the keyed hashes that find it.

- ``EncryptedCharField``, ``EncryptedTextField``, ``EncryptedDateField``,
  ``EncryptedJSONField``, ``EncryptedBinaryField``: the column holds ``core.encryption``
  ciphertext; Python code sees the clear value. Nothing can be compared in the database but
  what an index allows.
- ``KeyedHashField(of=..., purpose=...)``: the keyed hash (``core.pseudonyms``) of another
  field, filled when the row is saved. An encrypted field naming it as its ``index`` answers
  ``field=value`` and ``field__in=[...]`` through it, so ``Person.objects.filter(iin=...)``
  keeps working and uses the index.
- ``MonthField(of=...)``: the year and month of a date (``202611``), in clear. An encrypted
  date with a ``month`` and an ``index`` answers ``<``, ``<=``, ``>``, ``>=`` exactly: the
  months strictly inside the range by the month column, the boundary month by the keyed
  hashes of its days (see decision "Personal data encrypted field by field").

Derived columns are filled by ``pre_save`` (``save``, ``create``, ``bulk_create``,
``core.inserts.insert_rows``) and by ``encrypted_rows.protect_rows`` for the bulk loader; a
queryset ``update()`` of the source field does not refresh them, so identifiers and birth dates
are never changed that way, and ``save(update_fields=[...])`` must name the derived columns
beside their source.
"""

from __future__ import annotations

import base64
import calendar
import datetime
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import EmptyResultSet, FieldError
from django.db import models
from django.db.models.expressions import Col
from django.db.models.lookups import IsNull, Lookup

from qyzmet.core.encryption import decrypt_text, encrypt_text, sealer
from qyzmet.core.keyring import KeyRing
from qyzmet.core.pseudonyms import SUBJECT, keyed_digest, subject_digest


class KeyedHashField(models.CharField):  # type: ignore[type-arg]
    """The keyed hash (hex) of the field ``of``; IINs and BINs use ``purpose="subject"``."""

    def __init__(self, *args: Any, of: str, purpose: str, **kwargs: Any) -> None:
        self.of, self.purpose = of, purpose
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs.update(of=self.of, purpose=self.purpose)
        kwargs.pop("max_length", None)
        kwargs.pop("editable", None)
        return name, path, args, kwargs

    def digest(self, value: Any) -> str | None:
        if value is None:
            return None
        text = value.isoformat() if isinstance(value, datetime.date) else str(value).strip()
        if self.purpose == SUBJECT:
            return subject_digest(text)
        return keyed_digest(text, purpose=self.purpose)

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        value = self.digest(getattr(model_instance, self.of))
        setattr(model_instance, self.attname, value)
        return value


class MonthField(models.PositiveIntegerField):  # type: ignore[type-arg]
    """Year and month (``YYYYMM``) of the date field ``of``, in clear, for range look-ups."""

    def __init__(self, *args: Any, of: str, **kwargs: Any) -> None:
        self.of = of
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["of"] = self.of
        kwargs.pop("editable", None)
        return name, path, args, kwargs

    @staticmethod
    def month(value: datetime.date | str | None) -> int | None:
        if value is None:
            return None
        if isinstance(value, str):  # ISO, as the bulk loader has it
            return int(value[:4]) * 100 + int(value[5:7])
        return value.year * 100 + value.month

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        value = self.month(getattr(model_instance, self.of))
        setattr(model_instance, self.attname, value)
        return value


class EncryptedMixin:
    """What every encrypted field shares: the column is text, values are sealed on the way
    in and opened on the way out; ``index`` names the ``KeyedHashField`` that finds rows."""

    model: type[models.Model]
    if TYPE_CHECKING:
        column: Any
        name: Any

        def to_python(self, value: Any) -> Any: ...

    def __init__(
        self, *args: Any, index: str | None = None, month: str | None = None, **kwargs: Any
    ) -> None:
        self.index = index
        self.month = month
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()  # type: ignore[misc]
        if self.index:
            kwargs["index"] = self.index
        if self.month:
            kwargs["month"] = self.month
        return name, path, args, kwargs

    @property
    def context(self) -> str:
        return f"{self.model._meta.db_table}.{self.column}"

    def get_internal_type(self) -> str:
        return "TextField"

    def to_plain(self, value: Any) -> str:
        return str(value)

    def from_plain(self, text: str) -> Any:
        return text

    def seal(self, value: Any, ring: KeyRing | None = None) -> str | None:
        """The ciphertext stored for ``value`` (None stays NULL)."""
        if value is None:
            return None
        return encrypt_text(self.to_plain(value), self.context, ring=ring)

    def sealer(self, ring: KeyRing) -> Callable[[Any], str | None]:
        """``seal`` for many values (the bulk loader), with the key looked up once."""
        seal, to_plain = sealer(self.context, ring=ring), self.to_plain
        return lambda value: None if value is None else seal(to_plain(value).encode())

    def open(self, stored: str | None) -> Any:
        return None if stored is None else self.from_plain(decrypt_text(stored, self.context))

    def get_db_prep_value(self, value: Any, connection: Any, prepared: bool = False) -> Any:
        if hasattr(value, "as_sql"):
            return value
        return self.seal(value)

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        return self.open(value)

    def index_field(self) -> KeyedHashField:
        if not self.index:
            raise FieldError(
                f"{self.context} is encrypted and has no keyed-hash index: it cannot be "
                "compared in the database"
            )
        field = self.model._meta.get_field(self.index)
        assert isinstance(field, KeyedHashField)
        return field

    def month_field(self) -> MonthField:
        field = self.model._meta.get_field(self.month or "")
        assert isinstance(field, MonthField)
        return field

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name == "isnull":
            return IsNull
        if lookup_name in ("exact", "in"):
            return IndexedExact if lookup_name == "exact" else IndexedIn
        if self.month and lookup_name in RANGES:
            return RANGES[lookup_name]
        return None  # Django then names the unsupported look-up

    def get_transform(self, lookup_name: str) -> Any:
        return None


class EncryptedCharField(EncryptedMixin, models.CharField):  # type: ignore[type-arg]
    """A short text; ``max_length`` checks the clear value, the column is unbounded text."""


class EncryptedTextField(EncryptedMixin, models.TextField):  # type: ignore[type-arg]
    """A text of any length."""


class EncryptedDateField(EncryptedMixin, models.DateField):  # type: ignore[type-arg]
    def to_plain(self, value: Any) -> str:
        if isinstance(value, str):  # ISO, as the bulk loader has it: checked, kept
            return datetime.date.fromisoformat(value).isoformat()
        return self.to_python(value).isoformat()

    def from_plain(self, text: str) -> Any:
        return datetime.date.fromisoformat(text)


class EncryptedJSONField(EncryptedMixin, models.JSONField):  # type: ignore[type-arg]
    """A JSON document sealed whole; nothing inside it can be queried."""

    def to_plain(self, value: Any) -> str:
        return json.dumps(value, cls=self.encoder, ensure_ascii=False, separators=(",", ":"))

    def from_plain(self, text: str) -> Any:
        return json.loads(text, cls=self.decoder)

    def get_db_prep_save(self, value: Any, connection: Any) -> Any:
        return self.get_db_prep_value(value, connection)


def _index_col(lookup: Lookup) -> tuple[EncryptedMixin, Any, KeyedHashField]:
    field, lhs = lookup.lhs.output_field, lookup.lhs
    if not isinstance(field, EncryptedMixin) or not isinstance(lhs, Col):
        raise FieldError("an encrypted field is compared only by its own column")
    index = field.index_field()
    return field, Col(lhs.alias, index), index


def _value(lookup: Lookup, value: Any) -> Any:
    if hasattr(value, "resolve_expression"):
        raise FieldError(
            "an encrypted field is compared with values, not with other columns or queries"
        )
    return value


class IndexedExact(Lookup):
    """``field=value`` through the keyed-hash index."""

    lookup_name = "exact"
    prepare_rhs = False

    def as_sql(self, compiler: Any, connection: Any) -> Any:
        field, col, index = _index_col(self)
        value = _value(self, self.rhs)
        if value is None:
            sql, params = compiler.compile(self.lhs)
            return f"{sql} IS NULL", list(params)
        sql, params = compiler.compile(col)
        return f"{sql} = %s", [*params, index.digest(field.to_python(value))]


class IndexedIn(Lookup):
    """``field__in=[...]`` through the keyed-hash index."""

    lookup_name = "in"
    prepare_rhs = False

    def as_sql(self, compiler: Any, connection: Any) -> Any:
        field, col, index = _index_col(self)
        values = _value(self, self.rhs)
        digests = sorted({str(index.digest(field.to_python(v))) for v in values if v is not None})
        if not digests:
            raise EmptyResultSet
        sql, params = compiler.compile(col)
        return f"{sql} IN ({', '.join(['%s'] * len(digests))})", [*params, *digests]


COMPARISONS: dict[str, Callable[[datetime.date, datetime.date], bool]] = {
    "lt": lambda day, bound: day < bound,
    "lte": lambda day, bound: day <= bound,
    "gt": lambda day, bound: day > bound,
    "gte": lambda day, bound: day >= bound,
}


def _days(day: datetime.date, keep: Callable[[datetime.date], bool]) -> list[datetime.date]:
    last = calendar.monthrange(day.year, day.month)[1]
    days = (datetime.date(day.year, day.month, d) for d in range(1, last + 1))
    return [d for d in days if keep(d)]


class _DateRange(Lookup):
    """A comparison of an encrypted date: exact, by the month column and the day's hashes."""

    prepare_rhs = False

    @property
    def before(self) -> bool:
        """The range lies below the bound (< or <=)."""
        return self.lookup_name in ("lt", "lte")

    def as_sql(self, compiler: Any, connection: Any) -> Any:
        field, index, index_field = _index_col(self)
        bound = field.to_python(_value(self, self.rhs))
        if not isinstance(bound, datetime.date):
            raise FieldError(f"{field.context} is compared with a date")
        month = Col(self.lhs.alias, field.month_field())  # type: ignore[attr-defined]
        month_sql, month_params = compiler.compile(month)
        index_sql, index_params = compiler.compile(index)
        bound_month = MonthField.month(bound)
        holds = COMPARISONS[str(self.lookup_name)]
        digests = [index_field.digest(d) for d in _days(bound, lambda d: holds(d, bound))]
        beyond = "<" if self.before else ">"
        sql = f"({month_sql} {beyond} %s"
        params = [*month_params, bound_month]
        if digests:
            marks = ", ".join(["%s"] * len(digests))
            sql += f" OR ({month_sql} = %s AND {index_sql} IN ({marks}))"
            params += [*month_params, bound_month, *index_params, *digests]
        return sql + ")", params


class DateLessThan(_DateRange):
    lookup_name = "lt"


class DateLessThanOrEqual(_DateRange):
    lookup_name = "lte"


class DateGreaterThan(_DateRange):
    lookup_name = "gt"


class DateGreaterThanOrEqual(_DateRange):
    lookup_name = "gte"


RANGES: dict[str, type[_DateRange]] = {
    cls.lookup_name: cls
    for cls in (DateLessThan, DateLessThanOrEqual, DateGreaterThan, DateGreaterThanOrEqual)
}


class EncryptedBinaryField(EncryptedMixin, models.BinaryField):  # type: ignore[type-arg]
    """Bytes (a response body kept to replay it), sealed as their Base64 text."""

    def to_plain(self, value: Any) -> str:
        return base64.b64encode(bytes(value)).decode("ascii")

    def from_plain(self, text: str) -> Any:
        return base64.b64decode(text)


def encrypted_fields(model: type[models.Model]) -> list[EncryptedMixin]:
    return [f for f in model._meta.concrete_fields if isinstance(f, EncryptedMixin)]  # type: ignore[misc]
