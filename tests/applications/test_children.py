"""A parent can apply for their minor child, and for nobody else without a mandate."""

from __future__ import annotations

import pytest
from django.utils import timezone

from qyzmet.applications.services import start_application
from qyzmet.core.errors import Forbidden
from qyzmet.core.messages import render
from qyzmet.registries.fields import age_on, find_person
from qyzmet.registries.models import Person
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db


def test_a_parent_applies_for_their_minor_child(demo_people):
    parent = CitizenFactory(iin=demo_people["parent"])
    person = find_person(parent.iin)
    child = Person.objects.filter(**{"father" if person.sex == "M" else "mother": person}).first()
    assert age_on(child, timezone.localdate()) < 18
    draft = start_application(
        citizen=parent, channel="portal", service="id-card", on_behalf_of=child.iin
    )
    assert draft.subject_iin == child.iin
    assert draft.citizen == parent


def test_nobody_applies_for_a_stranger(demo_people):
    parent = CitizenFactory(iin=demo_people["parent"])
    stranger = Person.objects.exclude(mother__iin=parent.iin).exclude(father__iin=parent.iin)
    stranger = stranger.exclude(iin=parent.iin).order_by("id").first()
    with pytest.raises(Forbidden) as refused:
        start_application(
            citizen=parent, channel="portal", service="id-card", on_behalf_of=stranger.iin
        )
    assert refused.value.code == "representation.not_allowed"
    assert render(refused.value.code, refused.value.params, "en") == (
        "You cannot apply for this person or company: they are not your child under 18, and "
        "no mandate of theirs in force names you for this service."
    )


def test_a_mistyped_child_iin_is_explained(demo_people):
    from qyzmet.core.errors import Invalid

    parent = CitizenFactory(iin=demo_people["parent"])
    with pytest.raises(Invalid) as refused:
        start_application(citizen=parent, channel="portal", service="id-card", on_behalf_of="12")
    assert [(p.field, p.code) for p in refused.value.problems] == [
        ("on_behalf_of", "iin.not_12_digits")
    ]
