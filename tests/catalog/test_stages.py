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
        ([REVIEW, {"stage": "sign-off"}],
         "stages[1]: names its 'role', or the agency it consults ('consult')"),
        ([REVIEW, {**SIGN_OFF, "four_eyes": "yes"}],
         "stages[1].four_eyes: 'yes' is not of type 'boolean'"),
        ([REVIEW, {**SIGN_OFF, "term_days": 5}],
         "stages[1].term_days: only a consultation ('consult') has 'term_days'"),
        ([REVIEW, {**SIGN_OFF, "days": 5}],
         "stages[1]: Additional properties are not allowed ('days' was unexpected)"),
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


CONSULT = {"stage": "consultation", "consult": "justice", "term_days": 5}


def test_a_consultation_between_review_and_sign_off_is_accepted(tmp_path):
    stages = [REVIEW, CONSULT, SIGN_OFF]
    assert problems_of(tmp_path, "services", staged(stages)) == []


@pytest.mark.parametrize(
    ("stages", "problem"),
    [
        ([REVIEW, {**CONSULT, "consult": "treasury"}, SIGN_OFF],
         "stages[1].consult: unknown agency 'treasury' (not in agencies.yaml)"),
        ([REVIEW, {**CONSULT, "term_days": 0}, SIGN_OFF],
         "stages[1].term_days: 0 is less than the minimum of 1"),
        ([REVIEW, {**CONSULT, "term_days": 31}, SIGN_OFF],
         "stages[1].term_days: 31 is greater than the maximum of 30"),
        ([REVIEW, {"stage": "consultation", "consult": "justice"}, SIGN_OFF],
         "stages[1]: a consultation needs its 'term_days' (1 to 30 working days)"),
        ([{**CONSULT, "stage": "review"}, SIGN_OFF],
         "stages[0].consult: the first stage prepares the decision: no consultation"),
        ([REVIEW, CONSULT],
         "stages[1].consult: a consultation is followed by a stage that signs off"),
        ([REVIEW, {**CONSULT, "role": "supervisor"}, SIGN_OFF],
         "stages[1].role: a consultation is answered by the consulted agency"),
        ([REVIEW, {**CONSULT, "on_no_answer": "reject"}, SIGN_OFF],
         "stages[1].on_no_answer: 'reject' is not one of ['proceed', 'return']"),
    ],
)  # fmt: skip
def test_a_wrong_consultation_is_named(tmp_path, stages, problem):
    assert problems_of(tmp_path, "services", staged(stages)) == [problem]


def test_a_consultation_of_the_services_own_agency_is_named(tmp_path):
    data = staged([REVIEW, CONSULT, SIGN_OFF])
    own = data["agency"]
    data["stages"][1] = {**CONSULT, "consult": own}
    assert problems_of(tmp_path, "services", data) == [
        f"stages[1].consult: {own!r} is the service's own agency"
    ]


@pytest.mark.parametrize(
    ("escalation", "problem"),
    [
        ({"days_before_deadline": 0, "to": "supervisor"},
         "escalation.days_before_deadline: 0 is less than the minimum of 1"),
        ({"days_before_deadline": 2, "to": "director"},
         "escalation.to: 'director' is not one of ['supervisor']"),
        ({"days_before_deadline": 2}, "escalation: 'to' is a required property"),
    ],
)  # fmt: skip
def test_a_wrong_escalation_is_named(tmp_path, escalation, problem):
    data = staged([REVIEW, SIGN_OFF])
    data["escalation"] = escalation
    assert problems_of(tmp_path, "services", data) == [problem]


def test_the_form_fields_a_consultation_reads_are_fields_of_the_form(tmp_path):
    named = {**CONSULT, "consult_fields": ["move_date"]}
    assert problems_of(tmp_path, "services", staged([REVIEW, named, SIGN_OFF])) == []


@pytest.mark.parametrize(
    ("stage", "problem"),
    [
        ({**CONSULT, "consult_fields": ["move_date", "iban"]},
         "stages[1].consult_fields[1]: 'iban' is not a field of the form (form.properties)"),
        ({**CONSULT, "consult_fields": []},
         "stages[1].consult_fields: [] should be non-empty"),
        ({**CONSULT, "consult_fields": ["move_date", "move_date"]},
         "stages[1].consult_fields: ['move_date', 'move_date'] has non-unique elements"),
        ({**CONSULT, "consult_fields": "move_date"},
         "stages[1].consult_fields: 'move_date' is not of type 'array'"),
        ({**SIGN_OFF, "stage": "consultation", "consult_fields": ["move_date"]},
         "stages[1].consult_fields: only a consultation ('consult') has 'consult_fields'"),
    ],
)  # fmt: skip
def test_a_wrong_list_of_fields_for_the_consulted_is_named(tmp_path, stage, problem):
    assert problems_of(tmp_path, "services", staged([REVIEW, stage, SIGN_OFF])) == [problem]
