"""Registry facts that answer a life situation's question, so it is not asked.

A fact is a small class registered by name, like an automatic check (``checks.py``): the
registry fields it reads, the answer they give (``None`` when the registry does not know) and
what the citizen is shown instead of the question, in their language. A question names its
fact in the catalogue (``answered_by: {fact: NAME}``); the fields it reads must be among those
the services the question decides declare (``registry_data``), so the answer comes from the
draft's pre-fill: no read of its own, no field outside the services' exchange policy."""

from __future__ import annotations

import datetime
from abc import ABC, abstractmethod
from collections.abc import Mapping
from typing import Any, ClassVar

from django.utils import timezone

from qyzmet.core.texts import Text

Values = Mapping[str, Any]
CHILDREN = "population.person.children"
PRESCHOOL_AGE = 6  # kindergarten places are for children under six


class RegistryAnswer(ABC):
    """The contract: a name, the registry fields read, the kind of question answered."""

    name: ClassVar[str]
    reads: ClassVar[tuple[str, ...]]
    kind: ClassVar[str] = "boolean"

    def known(self, values: Values) -> bool:
        return all(values.get(path) is not None for path in self.reads)

    @abstractmethod
    def answer(self, values: Values) -> Any:
        """The answer the registry values give (they are ``known``)."""

    @abstractmethod
    def says(self, values: Values) -> Text:
        """What the citizen reads instead of the question."""


class AnswerRegistry:
    def __init__(self) -> None:
        self._answers: dict[str, RegistryAnswer] = {}

    def register(self, answer_class: type[RegistryAnswer]) -> type[RegistryAnswer]:
        self._answers[answer_class.name] = answer_class()
        return answer_class

    def __contains__(self, name: object) -> bool:
        return name in self._answers

    def __getitem__(self, name: str) -> RegistryAnswer:
        return self._answers[name]

    def names(self) -> list[str]:
        return sorted(self._answers)


answers = AnswerRegistry()


def _age(born: str, today: datetime.date) -> int:
    day = datetime.date.fromisoformat(born)
    return today.year - day.year - ((today.month, today.day) < (day.month, day.day))


@answers.register
class HasPreschoolChildren(RegistryAnswer):
    name = "has-preschool-children"
    reads = (CHILDREN,)

    def _years(self, values: Values) -> list[str]:
        today = timezone.localdate()
        return [
            str(child["birth_date"])[:4]
            for child in values[CHILDREN]
            if _age(str(child["birth_date"]), today) < PRESCHOOL_AGE
        ]

    def answer(self, values: Values) -> bool:
        return bool(self._years(values))

    def says(self, values: Values) -> Text:
        years = ", ".join(self._years(values))
        if not years:
            return {
                "kk": "Халық тіркелімінен: алты жасқа толмаған балаңыз жоқ.",
                "ru": "Из регистра населения: детей младше шести лет у вас нет.",
                "en": "From the population registry: you have no children under six.",
            }
        return {
            "kk": f"Халық тіркелімінен: сіздің {years} жылы туған балаларыңыз бар.",
            "ru": f"Из регистра населения: у вас есть дети {years} года рождения.",
            "en": f"From the population registry: you have children born in {years}.",
        }
