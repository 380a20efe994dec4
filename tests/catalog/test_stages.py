"""A service's ``stages`` in the catalogue: each mistake named where it is, precisely."""

from __future__ import annotations

import pytest

from tests.catalog.test_validation import problems_of, service

REVIEW = {"stage": "review", "role": "reviewer"}
SIGN_OFF = {"stage": "sign-off", "role": "supervisor", "four_eyes": True}
OFFICER_DECIDES = [{"kind": "review"}, {"kind": "decision", "by": "officer"}]


def staged(stages, steps=OFFICER_DECIDES):
    return service(stages=stages, steps=steps)


def test_a_review_and_a_four_eyes_sign_off_are_accepted(tmp_path):
    assert problems_of(tmp_path, "services", staged([REVIEW, SIGN_OFF])) == []


@pytest.mark.parametrize(
    ("stages", "problem"),
    [
        ([REVIEW], "stages: [{'role': 'reviewer', 'stage': 'review'}] is too short"),
        ([REVIEW, {"stage": "sign-off", "role": "director"}],
         "stages[1].role: 'director' is not one of ['reviewer', 'supervisor']"),
        ([REVIEW, {"stage": "sign-off"}], "stages[1]: 'role' is a required property"),
        ([REVIEW, {**SIGN_OFF, "four_eyes": "yes"}],
         "stages[1].four_eyes: 'yes' is not of type 'boolean'"),
        ([REVIEW, {**SIGN_OFF, "term_days": 5}],
         "stages[1]: Additional properties are not allowed ('term_days' was unexpected)"),
        ([REVIEW, {**SIGN_OFF, "stage": "Sign off"}],
         "stages[1].stage: 'Sign off' does not match '^[a-z][a-z0-9]*(-[a-z0-9]+)*$'"),
        ([REVIEW, {**SIGN_OFF, "stage": "review"}], "stages[1].stage: 'review' is used twice"),
        ([{"stage": "review", "role": "supervisor"}, SIGN_OFF],
         "stages[0].role: the first stage prepares the decision: 'role: reviewer'"),
        ([{**REVIEW, "four_eyes": True}, SIGN_OFF],
         "stages[0].four_eyes: the first stage has no earlier officer to differ from"),
    ],
)  # fmt: skip
def test_a_wrong_stage_is_named(tmp_path, stages, problem):
    assert problems_of(tmp_path, "services", staged(stages)) == [problem]


def test_stages_need_an_officers_decision(tmp_path):
    automatic = [{"kind": "decision", "by": "automatic"}]
    assert problems_of(tmp_path, "services", staged([REVIEW, SIGN_OFF], automatic)) == [
        "stages: stages need an officer's decision: 'by: officer'"
    ]
