"""A new application, made in memory: for a life situation or one service, for the citizen or
whom they may act for (``subjects.resolve_subject``), with what the registries hold read for it
(a draft's pre-fill, or a submission's extract) and what the state has pre-set. Nothing here
writes; the application is saved by ``saving.save_new``."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from qyzmet.applications.models import Application
from qyzmet.applications.presets import apply_presets, fact_reads, with_preset_answers
from qyzmet.applications.reads import answer_values, prefill_values, submission_values
from qyzmet.applications.subjects import confirmed_by_read, resolve_subject
from qyzmet.applications.validation import services_that_apply
from qyzmet.catalog.models import ServiceVersion
from qyzmet.catalog.selectors import life_situation_version, service_version, service_versions
from qyzmet.core.errors import Invalid, NotFound
from qyzmet.core.pseudonyms import subject_digest
from qyzmet.representation.grounds import Ground


def _versions_for(*, life_situation: str | None, service: str | None) -> dict[str, Any]:
    if bool(life_situation) == bool(service):
        raise Invalid("choose_one_of_situation_or_service")
    if life_situation:
        situation = life_situation_version(life_situation)
        if situation is None:
            raise NotFound("not_found.life_situation")
        slugs = [entry["service"] for entry in situation.definition["services"]]
        versions = service_versions(slugs)
        return {"life_situation": situation, "service": None, "versions": versions}
    single = service_version(str(service))
    if single is None:
        raise NotFound("not_found.service")
    return {"life_situation": None, "service": single, "versions": {single.slug: single}}


def _prefilled_data(versions: dict[str, ServiceVersion], prefill: dict[str, Any]) -> dict:
    data: dict[str, dict[str, Any]] = {}
    for slug, version in versions.items():
        for name, spec in version.form["properties"].items():
            source = spec.get("x-prefill")
            if source and prefill.get(source) is not None:
                data.setdefault(slug, {})[name] = prefill[source]
    return data


def new_application(
    *,
    citizen: Any,
    channel: str,
    life_situation: str | None = None,
    service: str | None = None,
    on_behalf_of: str | None = None,
    answers: dict[str, Any] | None = None,
    data: dict[str, Any] | None = None,
    signed_in_company: Mapping[str, str] | None = None,
) -> Application:
    """A draft, pre-filled from the registries, not yet saved (reads only)."""
    application, _ = make_application(
        citizen=citizen, channel=channel, life_situation=life_situation, service=service,
        on_behalf_of=on_behalf_of, answers=answers, data=data, submitting=False,
        signed_in_company=signed_in_company,
    )  # fmt: skip
    return application


def make_application(
    *,
    citizen: Any,
    channel: str,
    life_situation: str | None,
    service: str | None,
    on_behalf_of: str | None,
    answers: dict[str, Any] | None,
    data: dict[str, Any] | None,
    submitting: bool,
    signed_in_company: Mapping[str, str] | None = None,
) -> tuple[Application, dict[str, Any]]:
    """A new application, not yet saved, and what was read for it. A draft's forms are
    pre-filled from every service's declared fields; one ``submitting`` in this same call
    reads once, as the submission's extract, the fields of the services its answers select
    (``reads.submission_values``), and its forms are pre-filled from those; a question they
    leave open that a registry fact answers is answered first, from a read of the fact's fields
    alone (``reads.answer_values``). Either way what the state has is pre-set where the caller
    left it open (``presets.apply_presets``)."""
    found = _versions_for(life_situation=life_situation, service=service)
    versions: dict[str, ServiceVersion] = found["versions"]
    ground = resolve_subject(
        citizen=citizen, on_behalf_of=on_behalf_of, services=versions.values(),
        signed_in_company=signed_in_company, read_follows=True,
    )  # fmt: skip
    subject = ground.subject_iin
    application = Application(id=uuid.uuid4(), citizen=citizen, **_parties(ground))
    situation = found["life_situation"]
    if submitting:
        read = {}
        if situation is not None:  # what the registries answer is not asked: read it first
            decided, paths = fact_reads(situation.definition, answers or {})
            if paths:
                deciding = [versions[slug] for slug in decided if slug in versions]
                read = answer_values(application, subject, deciding, paths)
                answers = with_preset_answers(situation.questions, read, answers)
        slugs = services_that_apply(situation.definition, answers or {}) if situation else versions
        selected = [versions[slug] for slug in slugs if slug in versions]
        read = {**read, **submission_values(application, subject, selected)}
    else:
        read = prefill_values(application, subject, versions.values())
    confirmed_by_read(citizen, ground, read)
    declared = {path for version in versions.values() for path in version.registry_data}
    prefill = {path: value for path, value in read.items() if path in declared}
    initial = _prefilled_data(versions, prefill)
    for slug, values in (data or {}).items():
        initial[slug] = {**initial.get(slug, {}), **values} if isinstance(values, dict) else values
    if situation is not None:  # what the state has is pre-set where the caller left it open
        answers, initial = apply_presets(situation, prefill=prefill, answers=answers, data=initial)
    application = Application(
        id=application.pk,
        citizen=citizen,
        **_parties(ground),
        life_situation=found["life_situation"],
        service=found["service"],
        service_versions={slug: v.pk for slug, v in versions.items()},
        channel=channel,
        answers=answers or {},
        data=initial,
        prefill=prefill,
    )
    return application, read


def _parties(ground: Ground) -> dict[str, Any]:
    """The fields of an application that say whom it is for and on what ground."""
    return {
        "subject_iin": ground.subject_iin,
        "subject_bin": ground.subject_bin or None,
        "ground": ground.kind,
        "mandate_id": ground.mandate_id,
    }


def both_people(application: Application, **more: Any) -> dict[str, Any]:
    """Audit details naming whom the application is for beside the actor (the audit record's
    own), by keyed hash, never an IIN in clear; and on what ground they act."""
    details: dict[str, Any] = {"subject": subject_digest(application.subject_iin)}
    if application.subject_bin:
        details["company"] = subject_digest(application.subject_bin)
    if application.ground != "self":
        details["ground"] = application.ground
    if application.mandate_id:
        details["mandate"] = str(application.mandate_id)
    return {**details, **more}
