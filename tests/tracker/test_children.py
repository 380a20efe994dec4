"""A parent's data tracker shows the requests for their minor children's data too, each with
the child's name and never their IIN; not an adult child's, not a stranger's child's; the
registry read that finds the children is listed in words; concealments hide a child's
access as they hide the parent's."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from qyzmet.core.pseudonyms import subject_digest
from qyzmet.core.texts import pick
from qyzmet.exchange.client import RegistryUnavailable
from qyzmet.exchange.models import DataAccess
from qyzmet.registries.fields import age_on, find_person, full_name
from qyzmet.registries.models import Person
from qyzmet.tracker import family as family_module
from qyzmet.tracker.concealments import hide_access
from qyzmet.tracker.family import family_of
from qyzmet.tracker.selectors import accesses_of
from tests.tracker.factories import DataAccessFactory, days_pass

pytestmark = pytest.mark.django_db


def children_of(iin: str) -> list[Person]:
    person = find_person(iin)
    column = "father" if person.sex == Person.Sex.MALE else "mother"
    return sorted(Person.objects.filter(**{column: person}), key=lambda c: c.birth_date)


def minor_child(iin: str) -> Person:
    today = timezone.localdate()
    return next(c for c in children_of(iin) if age_on(c, today) < 18)


def strangers_minor_child(parent_iin: str) -> Person:
    mine = {c.pk for c in children_of(parent_iin)}
    today = timezone.localdate()
    people = Person.objects.filter(mother__isnull=False, death_date__isnull=True).order_by("id")
    return next(p for p in people if p.pk not in mine and age_on(p, today) < 18)


def tracker(client, query: str = "") -> str:
    return client.get(f"/data-tracker/{query}", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_a_parent_sees_their_minor_childs_requests_named_but_no_strangers(client, parent):
    child, stranger = minor_child(parent.iin), strangers_minor_child(parent.iin)
    DataAccessFactory(iin=child.iin, message_id="kindergarten", client_agency="education")
    DataAccessFactory(iin=stranger.iin, message_id="stranger")
    DataAccessFactory(iin=parent.iin, message_id="mine")

    html = tracker(client)

    assert 'id="access-kindergarten"' in html and 'id="access-mine"' in html
    assert 'id="access-stranger"' not in html
    assert f"Your child {pick(full_name(child))}" in html  # in English, the Russian name
    assert child.iin not in html and stranger.iin not in html
    assert "The data tracker: showing you your children&#x27;s data requests" in html
    assert "Legal basis: Showing a parent who asked for their minor children" in html


def test_a_child_who_turns_18_is_no_longer_shown(client, parent):
    child = minor_child(parent.iin)
    DataAccessFactory(iin=child.iin, message_id="childhood")
    assert 'id="access-childhood"' in tracker(client)

    child.birth_date = timezone.localdate() - datetime.timedelta(days=18 * 366)
    child.save()
    family_module.forget_families()  # as when the family the process kept expires

    html = tracker(client)
    assert 'id="access-childhood"' not in html
    assert pick(full_name(child)) not in html


def test_one_childs_requests_or_only_the_parents(client, parent):
    child = minor_child(parent.iin)
    DataAccessFactory(iin=child.iin, message_id="childs")
    DataAccessFactory(iin=parent.iin, message_id="mine")
    [key] = [s.key for s in family_of(parent).children if s.name["ru"] == full_name(child)["ru"]]

    only_child, only_me = tracker(client, f"?about={key}"), tracker(client, "?about=me")
    everyone = tracker(client, "?about=nonsense")

    assert 'id="access-childs"' in only_child and 'id="access-mine"' not in only_child
    assert 'id="access-mine"' in only_me and 'id="access-childs"' not in only_me
    assert 'id="access-mine"' in everyone and 'id="access-childs"' in everyone


def test_a_childs_concealed_request_shows_once_its_period_ends(parent):
    child = minor_child(parent.iin)
    DataAccessFactory(iin=child.iin, message_id="hidden")
    hide_access(
        message_id="hidden", basis="criminal-investigation", reference="UD 7/2026",
        requested_by="Prosecutor's office", actor=None, channel="cli",
        until=timezone.now() + datetime.timedelta(days=30),
    )  # fmt: skip
    family = family_of(parent)
    assert "hidden" not in {a.message_id for a in accesses_of(parent, family=family)}

    days_pass(30)

    assert "hidden" in {a.message_id for a in accesses_of(parent, family=family)}


def test_the_parents_own_requests_are_shown_when_the_registry_does_not_answer(
    client, parent, monkeypatch
):
    def unavailable(*args, **kwargs):
        raise RegistryUnavailable("population")

    monkeypatch.setattr(family_module, "minor_children", unavailable)
    DataAccessFactory(iin=parent.iin, message_id="mine")

    html = tracker(client)

    assert 'id="access-mine"' in html
    assert "cannot be shown just now: the population registry did not answer" in html


def test_opening_the_tracker_again_soon_reads_the_children_once(client, parent):
    minor_child(parent.iin)
    tracker(client)
    tracker(client, "?page=1")
    reads = DataAccess.objects.filter(client_system="tracker", subject=subject_digest(parent.iin))
    assert reads.count() == 1
