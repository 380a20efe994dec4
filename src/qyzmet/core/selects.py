"""The hot paths' reads compiled once per connection and kept (decision 84).

Django compiles a queryset into its SELECT each time it runs: the query cloned at each
``filter``, each lookup resolved, the joins of ``select_related`` walked, every column named
and quoted, then the columns mapped back to the models. For a registry's person read with
its address, that was four fifths of the read's CPU (1.1 ms against 0.2 ms). ``kept_select``
turns a function that builds a queryset from its arguments into one that runs the same
statement: the function is called once per connection with markers in place of its
arguments, the statement and the rows' mapping are kept, and each call sends the statement
with the arguments in the markers' places; the rows are built as Django builds them
(``Model.from_db``, the ``select_related`` rows, the database's converters).

So the function must depend on its arguments alone (no clock, no setting read when it runs),
and each argument must reach the statement as it is: an ``str`` or ``int`` a lookup compares
with unchanged (``iin_digest=digest``, ``mother_id=key``). A lookup that transforms its
value (an encrypted field's digest, ``icontains``) is refused at its first call, as is a
queryset that is not rows of a model (``values``, ``prefetch_related``). What Django answers
without sending the statement (a number out of its column's range, a condition no row can
meet) it still answers. Keep these for reads of a few rows by key: the rows are fetched at
once.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any, Generic, NamedTuple, TypeVar

from django.core.exceptions import EmptyResultSet
from django.db import connections, models
from django.db.models.query import ModelIterable, QuerySet, get_related_populators

M = TypeVar("M", bound=models.Model)

KEPT_ON_CONNECTION = "_qyzmet_kept_selects"  # each connection's statements, in its __dict__
MOST_ARGUMENTS = 100  # a number's markers, two sets of them, stay apart
_KINDS: dict[Any, type] = {str: str, "str": str, int: int, "int": int}  # annotations, as written


class _Compiled(NamedTuple):
    sql: str
    # (an argument's index, the type Django sends it as) or (None, a constant)
    params: tuple[tuple[int | None, Any], ...]
    compiler: Any  # its connection and converters: the rows' values turned as Django does
    converters: dict[int, Any]
    model: type[models.Model]
    model_columns: slice
    init_list: list[str]
    populators: list[Any]  # the select_related rows
    annotations: dict[str, int]


class KeptSelect(Generic[M]):
    """``build``'s statement, compiled once per connection; calling it runs the statement with
    the arguments given and returns the rows, as ``list(build(*arguments))`` would."""

    def __init__(self, build: Callable[..., QuerySet[M]]) -> None:
        parameters = inspect.signature(build).parameters.values()
        kinds = [_KINDS.get(parameter.annotation) for parameter in parameters]
        if any(kind is None for kind in kinds) or len(kinds) > MOST_ARGUMENTS:
            raise TypeError(f"{build.__qualname__}: kept reads take str and int arguments")
        self.build, self.kinds = build, [kind for kind in kinds if kind is not None]
        self._alias: str | None = None
        functools.update_wrapper(self, build)

    def __call__(self, *arguments: str | int) -> list[M]:
        if len(arguments) != len(self.kinds) or not all(
            isinstance(argument, kind) for argument, kind in zip(arguments, self.kinds, strict=True)
        ):
            kinds = ", ".join(kind.__name__ for kind in self.kinds)
            raise TypeError(f"{self.build.__qualname__} takes ({kinds})")
        compiled = self._for_connection()
        if compiled is None or any(
            index is not None and sent is not str and not _fits(arguments[index], sent)
            for index, sent in compiled.params
        ):  # Django answers these itself: a number out of its column's range, a condition
            # no row can meet (``pk__in=[]``)
            return list(self.build(*arguments))
        params = [
            sent if index is None else arguments[index] if sent is str else sent(arguments[index])
            for index, sent in compiled.params
        ]  # a text as given, a number as Django sends it (psycopg's ``Int4``...)
        connection = compiled.compiler.connection
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows: Any = cursor.fetchall()
        if compiled.converters:
            rows = compiled.compiler.apply_converters(rows, compiled.converters)
        found = []
        for row in rows:
            item = compiled.model.from_db(
                connection.alias, compiled.init_list, row[compiled.model_columns]
            )
            for populator in compiled.populators:
                populator.populate(row, item)
            for name, position in compiled.annotations.items():
                setattr(item, name, row[position])
            found.append(item)
        return found  # type: ignore[return-value]

    def _for_connection(self) -> _Compiled | None:
        """This connection's statement (kept on the connection, so it goes with it), or
        ``None`` where Django sends none (a condition no row meets)."""
        if self._alias is not None:
            kept = vars(connections[self._alias]).setdefault(KEPT_ON_CONNECTION, {})
            if self in kept:
                return kept[self]  # type: ignore[no-any-return]
        markers = self._markers()
        builds = [self.build(*each) for each in markers]
        self._alias = builds[0].db
        try:
            compiled = _compile(builds, markers, name=self.build.__qualname__)
        except EmptyResultSet:
            compiled = None
        vars(connections[self._alias]).setdefault(KEPT_ON_CONNECTION, {})[self] = compiled
        return compiled

    def _markers(self) -> tuple[list[Any], list[Any]]:
        first = [_marker(kind, index, which=0) for index, kind in enumerate(self.kinds)]
        second = [_marker(kind, index, which=1) for index, kind in enumerate(self.kinds)]
        return first, second


def _marker(kind: type, index: int, *, which: int) -> str | int:
    """The marker of argument ``index`` in the first (0) or second (1) build. An argument's
    place is where the first build has its first marker and the second build its second.
    Numbers stay within every integer field's range (Django drops a comparison with a value
    out of it); texts are none a lookup value ever is."""
    if kind is str:  # changed by any escaping, case or spaces a lookup might apply
        return f"\x00 Kept-Select-{'AB'[which]}{index} %_\\ \x00"
    return 32_767 - 100 * which - index


def _fits(number: Any, sent: type) -> bool:
    """Whether ``number`` is within the range of the integer type the statement sends it as
    (psycopg's ``Int2``, ``Int4``, ``Int8``; a plain ``int``: 64 bits)."""
    bits = {"Int2": 16, "Int4": 32}.get(sent.__name__, 64)
    return -(2 ** (bits - 1)) <= number < 2 ** (bits - 1)


def kept_select(build: Callable[..., QuerySet[M]]) -> KeptSelect[M]:
    """``build`` (a function of ``str`` and ``int`` arguments, typed, that returns a queryset)
    made a kept read: see the module's docstring."""
    return KeptSelect(build)


def _compile(
    builds: list[QuerySet[Any]], markers: tuple[list[Any], list[Any]], *, name: str
) -> _Compiled:
    queryset = builds[0]
    if any(
        build._iterable_class is not ModelIterable
        or build._prefetch_related_lookups  # type: ignore[attr-defined]
        or build._known_related_objects  # type: ignore[attr-defined]
        for build in builds
    ):
        raise TypeError(f"{name}: a kept read gives rows of a model, nothing fetched apart")
    compilers = [build.query.get_compiler(using=build.db) for build in builds]
    (sql, first), (other_sql, second) = [compiler.as_sql() for compiler in compilers]
    params: list[tuple[int | None, Any]] = []
    for a, b in zip(first, second, strict=False):
        index = _place(a, markers[0])
        if index is not None and _place(b, markers[1]) == index:
            params.append((index, type(a)))  # as sent: psycopg's ``Int4`` for an integer column
        elif a == b and type(a) is type(b):
            params.append((None, a))
        else:
            raise ValueError(f"{name}: each argument must reach the statement once, unchanged")
    places = sorted(index for index, _ in params if index is not None)
    if sql != other_sql or len(first) != len(second) or places != list(range(len(markers[0]))):
        raise ValueError(f"{name}: each argument must reach the statement once, unchanged")
    compiler = compilers[0]
    select, klass_info = compiler.select, compiler.klass_info
    columns = klass_info["select_fields"]
    start, end = columns[0], columns[-1] + 1
    return _Compiled(
        sql=sql,
        params=tuple(params),
        compiler=compiler,
        converters=compiler.get_converters([column[0] for column in select[: compiler.col_count]]),
        model=klass_info["model"],
        model_columns=slice(start, end),
        init_list=[column[0].target.attname for column in select[start:end]],
        populators=get_related_populators(klass_info, select, queryset.db),  # type: ignore[call-arg]
        annotations=dict(compiler.annotation_col_map or {}),
    )


def _place(value: Any, markers: list[Any]) -> int | None:
    """The index of the argument whose marker ``value`` is, if it is one."""
    for index, marker in enumerate(markers):
        if isinstance(value, type(marker)) and value == marker:
            return index
    return None
