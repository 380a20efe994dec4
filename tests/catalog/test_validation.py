"""Every class of catalogue error is refused with the file, the field path and the reason."""

from __future__ import annotations

import copy
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.conf import settings

from qyzmet.catalog.documents import read_catalog
from qyzmet.catalog.validation import catalog_warnings, read_and_validate, validate_catalog

CATALOG = Path(settings.CATALOG_DIR)
SERVICE = yaml.safe_load((CATALOG / "services" / "residence-registration.yaml").read_text())
SITUATION = yaml.safe_load((CATALOG / "life-situations" / "moving.yaml").read_text())


def problems_of(tmp_path: Path, kind: str, data: Any, name: str | None = None) -> list[str]:
    folder = tmp_path / kind
    folder.mkdir(exist_ok=True)
    path = folder / f"{name or data['id']}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    problems, _ = read_and_validate([path], catalog_dir=CATALOG)[1], None
    return [f"{p.path}: {p.message}" for p in problems]


def service(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(SERVICE)
    data.update(changes)
    return data


def test_the_demo_catalogue_is_valid():
    catalog = read_catalog([CATALOG])
    assert validate_catalog(catalog) == []
    assert len(catalog.documents) >= 3


def test_a_missing_field_is_named(tmp_path):
    data = service()
    del data["fee_mci"]
    assert problems_of(tmp_path, "services", data) == [
        "(top level): 'fee_mci' is a required property"
    ]


def test_a_missing_translation_names_its_path(tmp_path):
    data = service()
    del data["form"]["properties"]["move_date"]["x-label"]["kk"]
    assert problems_of(tmp_path, "services", data) == [
        "form.properties.move_date.x-label: 'kk' is a required property"
    ]


def test_a_wrong_type_is_named(tmp_path):
    assert problems_of(tmp_path, "services", service(deadline_days="five")) == [
        "deadline_days: 'five' is not of type 'integer'"
    ]


def test_a_bad_step_is_named_by_its_index(tmp_path):
    data = service()
    data["steps"][2] = {"kind": "decision", "by": "robot"}
    assert problems_of(tmp_path, "services", data) == [
        "steps[2].by: 'robot' is not one of ['officer', 'automatic']"
    ]


def test_unknown_references_are_refused(tmp_path):
    data = service(agency="ministry-of-magic", registry_data=["population.person.aura"])
    data["steps"][0]["check"] = "applicant-is-wizard"
    assert problems_of(tmp_path, "services", data) == [
        "agency: unknown agency 'ministry-of-magic' (not in agencies.yaml)",
        "registry_data[0]: unknown registry field 'population.person.aura'",
        "steps[0].check: unknown check 'applicant-is-wizard'",
    ]


def test_a_check_input_must_name_a_form_field(tmp_path):
    data = service()
    data["steps"][0]["inputs"] = {"rca": "address_code"}
    assert problems_of(tmp_path, "services", data) == [
        "steps[0].inputs.rca: names 'address_code', which is not a field of the form"
    ]


def test_an_iin_field_must_say_how_that_person_is_tied_to_the_applicant(tmp_path):
    data = service()
    data["form"]["properties"]["tenant_iins"] = {
        "type": "array", "items": {"type": "string", "format": "iin"},
        "x-label": {"kk": "ЖСН", "ru": "ИИН", "en": "IIN"},
    }  # fmt: skip
    data["form"]["properties"]["owner_iin"] = {
        "type": "string", "format": "iin", "x-owner-of": {"vehicle": "no_such_field"},
        "x-label": {"kk": "ЖСН", "ru": "ИИН", "en": "IIN"},
    }  # fmt: skip
    data["form"]["properties"]["apartment"]["x-relation"] = ["child"]
    data["form"]["x-order"] += ["tenant_iins", "owner_iin"]
    assert sorted(problems_of(tmp_path, "services", data)) == [
        "form.properties.apartment.x-relation: only a field that takes an IIN has this rule",
        "form.properties.owner_iin.x-owner-of.vehicle: names 'no_such_field', not another field",
        "form.properties.tenant_iins: takes an IIN but says not how that person is tied to the "
        "applicant: add x-relation, x-owner-of or x-consent",
    ]
    data["form"]["properties"]["tenant_iins"]["x-relation"] = ["cousin"]
    assert "form.properties.tenant_iins.x-relation[0]: 'cousin' is not one of" in " ".join(
        problems_of(tmp_path, "services", data)
    )


def test_the_form_must_list_every_field_in_order(tmp_path):
    data = service()
    data["form"]["x-order"].remove("apartment")
    data["form"]["required"].append("floor")
    assert problems_of(tmp_path, "services", data) == [
        "form.x-order: does not list field 'apartment'",
        "form.required[3]: names 'floor', which is not a field of the form",
    ]


def test_the_form_must_itself_be_valid_json_schema(tmp_path):
    data = service()
    data["form"]["properties"]["apartment"]["maxLength"] = -1
    assert problems_of(tmp_path, "services", data)[0].startswith(
        "form.properties.apartment.maxLength: is not valid JSON Schema"
    )


def test_the_decision_comes_last(tmp_path):
    data = service()
    data["steps"].reverse()
    assert "steps: must end with exactly one step of kind 'decision'" in problems_of(
        tmp_path, "services", data
    )


def test_the_id_must_match_the_file_name(tmp_path):
    assert problems_of(tmp_path, "services", service(), name="registration") == [
        "id: 'residence-registration' must match the file name"
    ]


def test_conditions_must_name_real_questions_and_answers(tmp_path):
    data = copy.deepcopy(SITUATION)
    data["services"][2]["when"] = {"has_pets": True}
    data["services"][3]["when"] = {"has_preschool_children": "maybe"}
    data["services"][4]["service"] = "dragon-licence"
    assert problems_of(tmp_path, "life-situations", data) == [
        "services[2].when.has_pets: names 'has_pets', which is not one of the questions",
        "services[3].when.has_preschool_children: 'maybe' is not a possible answer to "
        "'has_preschool_children'",
        "services[4].service: unknown service 'dragon-licence'",
    ]


def test_invalid_yaml_names_the_line(tmp_path):
    path = tmp_path / "services" / "broken.yaml"
    path.parent.mkdir()
    path.write_text("id: broken\ntitle: {kk: [unclosed\n")
    problems = read_and_validate([path], catalog_dir=CATALOG)[1]
    assert len(problems) == 1
    assert problems[0].path.startswith("line ")
    assert "is not valid YAML" in problems[0].message


def test_two_files_with_one_id_are_refused(tmp_path):
    folder = tmp_path / "services"
    folder.mkdir()
    for name in ("residence-registration", "copy"):
        (folder / f"{name}.yaml").write_text(yaml.safe_dump(SERVICE, allow_unicode=True))
    messages = [p.message for p in read_and_validate([folder], catalog_dir=CATALOG)[1]]
    assert messages.count("'residence-registration' is used by more than one service file") == 2


@pytest.mark.parametrize("command", ["validate", "load"])
def test_the_cli_refuses_a_broken_file_without_a_traceback(tmp_path, command):
    data = service()
    del data["title"]["en"]
    path = tmp_path / "services" / "residence-registration.yaml"
    path.parent.mkdir()
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    result = subprocess.run(
        [sys.executable, "-m", "qyzmet.cli", "catalog", command, str(path)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode != 0
    assert f"{path}: title: 'en' is a required property" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_life_situation_cannot_mix_services_for_people_and_for_companies(tmp_path):
    data = copy.deepcopy(SITUATION)
    data["services"] = [{"service": "residence-registration"}, {"service": "llp-address-change"}]
    data["questions"] = [
        {k: v for k, v in q.items() if k != "answered_by"} for q in data["questions"]
    ]
    assert problems_of(tmp_path, "life-situations", data) == [
        "services: mixes services for people and for companies (applicant)"
    ]


def test_a_companys_fields_are_read_only_by_a_companys_service(tmp_path):
    data = service(registry_data=[*SERVICE["registry_data"], "businesses.business.name"])
    at = len(SERVICE["registry_data"])
    assert problems_of(tmp_path, "services", data) == [
        f"registry_data[{at}]: 'businesses.business.name' is a company's: "
        "needs 'applicant: company'"
    ]
    assert problems_of(tmp_path, "services", {**data, "applicant": "company"}) == []


def test_a_date_rule_is_one_of_four_words(tmp_path):
    data = service()
    data["form"]["properties"]["move_date"]["x-date"] = "yesterday"
    assert problems_of(tmp_path, "services", data) == [
        "form.properties.move_date.x-date: 'yesterday' is not one of "
        "['past', 'today-or-past', 'future', 'today-or-future']"
    ]


def test_a_date_rule_is_only_for_a_date(tmp_path):
    data = service()
    data["form"]["properties"]["apartment"]["x-date"] = "past"
    assert problems_of(tmp_path, "services", data) == [
        "form.properties.apartment.x-date: is only for a field with 'format: date'"
    ]


def test_every_question_of_the_demo_catalogue_has_its_own_error_text():
    assert catalog_warnings(read_catalog([CATALOG])) == []


def test_the_cli_warns_about_a_question_without_an_error_text_and_accepts_the_file(tmp_path):
    data = copy.deepcopy(SITUATION)
    del data["questions"][2]["error"]
    path = tmp_path / "life-situations" / "moving.yaml"
    path.parent.mkdir()
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    result = subprocess.run(
        [sys.executable, "-m", "qyzmet.cli", "catalog", "validate", str(path)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == (
        f"warning: {path}: questions[2].error: question 'change_polyclinic' has no error text: "
        "who leaves it unanswered reads only 'Select yes or no'; say what to select "
        "('Select whether you ...')"
    )
    assert "1 catalogue file(s) are valid." in result.stdout


# Attachments (issue 16)
MEDICAL = {
    "id": "medical_certificate",
    "label": {"kk": "Анықтама", "ru": "Справка", "en": "Certificate"},
    "required": True,
    "types": ["application/pdf", "image/jpeg"],
    "max_mb": 5,
}


def test_a_service_may_ask_for_attachments(tmp_path):
    assert problems_of(tmp_path, "services", service(attachments=[MEDICAL])) == []


def test_an_attachment_of_a_type_not_allowed_is_named(tmp_path):
    data = service(attachments=[{**MEDICAL, "types": ["application/x-msdownload"]}])
    [found] = problems_of(tmp_path, "services", data)
    assert found.startswith("attachments[0].types[0]: 'application/x-msdownload' is not one of")


def test_an_attachment_without_a_size_limit_is_named(tmp_path):
    data = service(attachments=[{k: v for k, v in MEDICAL.items() if k != "max_mb"}])
    assert problems_of(tmp_path, "services", data) == [
        "attachments[0]: 'max_mb' is a required property"
    ]


def test_an_attachment_too_large_to_allow_is_named(tmp_path):
    data = service(attachments=[{**MEDICAL, "max_mb": 50}])
    assert problems_of(tmp_path, "services", data) == [
        "attachments[0].max_mb: 50 is greater than the maximum of 20"
    ]


def test_two_attachments_with_one_id_are_named(tmp_path):
    data = service(attachments=[MEDICAL, {**MEDICAL, "required": False}])
    assert problems_of(tmp_path, "services", data) == [
        "attachments[1].id: 'medical_certificate' is used twice"
    ]


REASON = {"kk": "Мерзімінде түзетілмеді.", "ru": "Не исправлено в срок.", "en": "Not corrected."}


@pytest.mark.parametrize(
    ("correction", "problem"),
    [
        ({"term_days": 0, "on_expiry": "reject", "reason": REASON},
         "correction.term_days: 0 is less than the minimum of 1"),
        ({"term_days": 10, "on_expiry": "ignore", "reason": REASON},
         "correction.on_expiry: 'ignore' is not one of ['reject', 'withdraw']"),
        ({"term_days": 10, "on_expiry": "withdraw"},
         "correction: 'reason' is a required property"),
        ({"term_days": 10, "on_expiry": "reject", "reason": {"ru": "Нет.", "en": "No."}},
         "correction.reason: 'kk' is a required property"),
        ({"term_days": 10, "on_expiry": "reject", "reason": REASON, "days": 3},
         "correction: Additional properties are not allowed ('days' was unexpected)"),
        ({"term_days": 10, "max_rounds": 0, "on_expiry": "reject", "reason": REASON},
         "correction.max_rounds: 0 is less than the minimum of 1"),
        ({"term_days": 10, "max_rounds": 11, "on_expiry": "reject", "reason": REASON},
         "correction.max_rounds: 11 is greater than the maximum of 10"),
        ({"term_days": 10, "max_rounds": "2", "on_expiry": "reject", "reason": REASON},
         "correction.max_rounds: '2' is not of type 'integer'"),
    ],
)  # fmt: skip
def test_a_wrong_correction_term_is_named(tmp_path, correction, problem):
    assert problems_of(tmp_path, "services", service(correction=correction)) == [problem]


def test_a_correction_term_is_accepted(tmp_path):
    term = {"term_days": 5, "on_expiry": "withdraw", "reason": REASON}
    assert problems_of(tmp_path, "services", service(correction=term)) == []


@pytest.mark.parametrize(
    ("appeal", "problem"),
    [
        ({"term_days": 0}, "appeal.term_days: 0 is less than the minimum of 1"),
        ({"decision_days": 91}, "appeal.decision_days: 91 is greater than the maximum of 90"),
        ({"term_days": "3 months"}, "appeal.term_days: '3 months' is not of type 'integer'"),
        ({}, "appeal: {} should be non-empty"),
        ({"term_days": 30, "court": True},
         "appeal: Additional properties are not allowed ('court' was unexpected)"),
    ],
)  # fmt: skip
def test_a_wrong_appeal_term_is_named(tmp_path, appeal, problem):
    assert problems_of(tmp_path, "services", service(appeal=appeal)) == [problem]


def test_an_appeal_term_is_accepted(tmp_path):
    terms = {"term_days": 30, "decision_days": 10}
    assert problems_of(tmp_path, "services", service(appeal=terms)) == []


def agencies_problems(tmp_path: Path, appeals: Any) -> list[str]:
    data = yaml.safe_load((CATALOG / "agencies.yaml").read_text(encoding="utf-8"))
    data["agencies"][0]["appeals"] = appeals
    path = tmp_path / "agencies.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    return [f"{p.path}: {p.message}" for p in read_and_validate([path], catalog_dir=CATALOG)[1]]


def test_the_body_deciding_appeals_must_be_an_agency(tmp_path):
    assert agencies_problems(tmp_path, {"decided_by": "justice"}) == []
    assert agencies_problems(tmp_path, {"decided_by": "ministry-of-magic"}) == [
        "agencies[0].appeals.decided_by: unknown agency 'ministry-of-magic' decides appeals"
    ]
    assert agencies_problems(tmp_path, {"by": "justice"}) == [
        "agencies[0].appeals: 'decided_by' is a required property",
        "agencies[0].appeals: Additional properties are not allowed ('by' was unexpected)",
    ]
