"""Every application has a short reference a person can read aloud, unique, given when it is
first saved; a reference typed any reasonable way finds it."""

from __future__ import annotations

import pytest

from qyzmet.applications import references
from qyzmet.applications.references import ALPHABET, new_reference, normalised_reference
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def test_a_draft_gets_a_short_reference_when_it_is_started():
    draft = ApplicationFactory()
    assert references.is_reference(draft.reference)
    assert len(draft.reference) == 12  # QZ-XXXX-XXXX
    assert draft.reference not in str(draft.pk)


def test_a_submitted_application_keeps_the_reference_it_was_given():
    application = ApplicationFactory(submitted=True)
    application.refresh_from_db()
    assert references.is_reference(application.reference)


def test_references_have_no_look_alike_characters():
    for _ in range(200):
        groups = new_reference().split("-")[1:]
        assert not set("".join(groups)) & set("0O1IL U")
        assert set("".join(groups)) <= set(ALPHABET)


def test_a_reference_already_held_is_never_given_again(monkeypatch):
    taken = ApplicationFactory().reference
    drawn = iter([taken, taken, "QZ-2345-6789"])
    monkeypatch.setattr(references, "new_reference", lambda: next(drawn))
    assert ApplicationFactory().reference == "QZ-2345-6789"


def test_many_applications_have_as_many_references():
    made = [ApplicationFactory().reference for _ in range(5)]
    assert len(set(made)) == len(made)


@pytest.mark.parametrize(
    "typed",
    ["QZ-7K4M-2P9X", "qz-7k4m-2p9x", " qz 7k4m 2p9x ", "7K4M2P9X", "QZ7K4M2P9X", "7К4М-2Р9Х"],
)
def test_a_reference_typed_in_any_reasonable_way_reads_as_itself(typed):
    assert normalised_reference(typed) == "QZ-7K4M-2P9X"


@pytest.mark.parametrize("typed", ["", "QZ-7K4M", "QZ-7K4M-2P9X1", "QZ-0K4M-2P9X", "passport"])
def test_what_cannot_be_a_reference_is_not_taken_for_one(typed):
    assert normalised_reference(typed) is None
