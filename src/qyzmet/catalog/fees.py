"""Fees of services: the fee in MCI, the categories of people exempt from it (catalogue data,
decided from registry facts or the form's values) and whether a rejection refunds it.

``assess_fee`` is the one place that says what a person pays for a service on a day;
``exemption_problems`` checks what the schema cannot say about the exemptions."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from qyzmet.catalog.documents import Problem
from qyzmet.catalog.schema import field_path
from qyzmet.core.money import mci_to_tiyn


def _age(birth_date: Any, day: datetime.date) -> int | None:
    try:
        born = datetime.date.fromisoformat(str(birth_date))
    except ValueError:
        return None
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


@dataclass(frozen=True)
class Fact:
    """A registry fact an exemption may name: the field it is read from (through the
    exchange, as every registry read) and how its value becomes the fact on a day."""

    field: str
    value: Callable[[Any, datetime.date], Any]


FACTS: dict[str, Fact] = {
    "age": Fact("population.person.birth_date", _age),
    "children": Fact("population.person.children", lambda children, day: len(children or [])),
    "employment_status": Fact("labour.person.employment_status", lambda value, day: value),
    "marital_status": Fact("population.person.marital_status", lambda value, day: value),
}
NUMERIC_FACTS = {"age", "children"}
FACT_VALUES: dict[str, set[str]] = {
    "employment_status": {"employed", "self_employed", "not_working"},
    "marital_status": {"single", "married", "widowed"},
}
FORM = "form"


@dataclass(frozen=True)
class Fee:
    """What one service costs one person on one day."""

    mci: float
    tiyn: int
    online: bool = False  # paid through qyzmet before the case proceeds
    exemption: str = ""  # the category that waived the fee, if one did
    exemption_title: dict[str, str] | None = None

    @property
    def payable_online(self) -> bool:
        """The case waits for this fee to be paid through qyzmet."""
        return self.online and self.tiyn > 0


def _holds(condition: dict[str, Any], value: Any) -> bool:
    if "equals" in condition:
        return bool(value == condition["equals"])
    if "in" in condition:
        return value in condition["in"]
    try:
        return float(value) >= float(condition["at_least"])
    except (TypeError, ValueError):
        return False


def fee_fields(definition: dict[str, Any]) -> set[str]:
    """The registry fields a service's (catalogue ``definition``) exemptions are decided on."""
    return {
        FACTS[condition["fact"]].field
        for exemption in definition.get("fee_exemptions", [])
        for condition in exemption["when"]
        if condition["fact"] in FACTS
    }


def exemption_for(
    definition: dict[str, Any],
    *,
    registry: Mapping[str, Any] | None,
    data: dict[str, Any],
    day: datetime.date,
) -> dict[str, Any] | None:
    """The first exemption of the service whose conditions all hold, or ``None``. ``registry``
    holds the values of ``fee_fields`` for the person (``None``: the registries do not know
    them, so no registry fact holds)."""
    for exemption in definition.get("fee_exemptions", []):
        holds = True
        for condition in exemption["when"]:
            fact = condition["fact"]
            if fact == FORM:
                value = data.get(condition.get("field", ""))
            elif not registry or FACTS[fact].field not in registry:
                holds = False
                break
            else:
                value = FACTS[fact].value(registry[FACTS[fact].field], day)
            if not _holds(condition, value):
                holds = False
                break
        if holds:
            return dict(exemption)
    return None


def assess_fee(
    definition: dict[str, Any],
    *,
    registry: Mapping[str, Any] | None,
    data: dict[str, Any],
    day: datetime.date,
) -> Fee:
    """The fee of a service (its catalogue ``definition``) for the person whose registry
    values (``fee_fields``) are ``registry``, with these form values, on ``day``: nothing
    when an exemption holds, else ``fee_mci`` at the day's MCI."""
    mci = float(definition.get("fee_mci", 0))
    online = definition.get("fee_paid", "in_person") == "online"
    if not mci:
        return Fee(mci=0, tiyn=0)
    exemption = exemption_for(definition, registry=registry, data=data, day=day)
    if exemption is not None:
        return Fee(mci=mci, tiyn=0, online=online, exemption=exemption["category"],
                   exemption_title=exemption["title"])  # fmt: skip
    return Fee(mci=mci, tiyn=mci_to_tiyn(mci, day), online=online)


def exemption_problems(file: str, data: dict[str, Any]) -> list[Problem]:
    """What is wrong with a (schema-valid) service's exemptions."""
    problems: list[Problem] = []

    def problem(path: Iterable[Any], message: str) -> None:
        problems.append(Problem(file, field_path(path), message))

    exemptions = data.get("fee_exemptions", [])
    if exemptions and not data.get("fee_mci"):
        problem(["fee_exemptions"], "a free service (fee_mci 0) has nothing to exempt from")
    if data.get("fee_paid") == "online" and not data.get("fee_mci"):
        problem(["fee_paid"], "a free service (fee_mci 0) has nothing to pay")
    if data.get("refund_on_rejection") and data.get("fee_paid") != "online":
        problem(["refund_on_rejection"], "only a fee paid online (fee_paid: online) is refunded")
    if data.get("refund_on_rejection") and not data.get("fee_mci"):
        problem(["refund_on_rejection"], "a free service (fee_mci 0) has nothing to refund")
    properties = data["form"]["properties"]
    seen: set[str] = set()
    for i, exemption in enumerate(exemptions):
        if exemption["category"] in seen:
            problem(["fee_exemptions", i, "category"], "repeats an earlier category")
        seen.add(exemption["category"])
        for j, condition in enumerate(exemption["when"]):
            where = ["fee_exemptions", i, "when", j]
            fact = condition["fact"]
            if fact == FORM:
                name = condition.get("field")
                if name not in properties:
                    problem([*where, "field"], f"names {name!r}, which is not a field of the form")
                    continue
                allowed = properties[name].get("enum")
                expected = condition.get("in", [condition.get("equals")])
                if allowed and "at_least" not in condition:
                    for value in expected:
                        if value not in allowed:
                            problem(where, f"{value!r} is not a possible value of {name!r}")
                continue
            if "field" in condition:
                problem([*where, "field"], f"only the fact 'form' names a field, not {fact!r}")
            if "at_least" in condition and fact not in NUMERIC_FACTS:
                problem([*where, "at_least"], f"{fact!r} is not a number")
            if fact in FACT_VALUES and "at_least" not in condition:
                for value in condition.get("in", [condition.get("equals")]):
                    if value not in FACT_VALUES[fact]:
                        problem(where, f"{value!r} is never the {fact!r} of anyone")
    return problems
