"""What an applicant signs: the canonical document of an application, the same bytes on every
channel (portal, API, messenger, a partner's system, NCALayer), so a signature made anywhere is
checked against exactly what was submitted.

The document is XML (NCALayer signs XML), made from the draft alone, never from the request
or the language of the page: the application's id and the time the draft was started, the
applicant and the person it is for, the life situation with the answers in the order of its
questions, and each service that applies (id, version, agency, titles in kk/ru/en, the fee in
MCI from the catalogue and how it is paid) with the form values in the form's order. Empty
values are left out, as they are not submitted. Exemptions from a fee are assessed at
submission from the registries and only lower it, so they are not part of what is signed.

It is canonical XML (C14N 2.0), so the bytes and their SHA-256 digest (what an SMS code
confirms) are fixed by the draft: a changed answer makes another document, and a signature of
the earlier one is refused.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import xml.etree.ElementTree as ET
from typing import Any

from qyzmet.applications.models import Application
from qyzmet.catalog.models import ServiceVersion

NAMESPACE = "urn:qyzmet:application:1"
XMLDSIG = "http://www.w3.org/2000/09/xmldsig#"
LANGUAGES = ("kk", "ru", "en")
LEVELS = ("none", "sms", "eds")  # from weakest to strongest
METHODS_OF = {"none": (), "sms": ("eds", "sms"), "eds": ("eds",)}


def required_assurance(services: list[ServiceVersion]) -> str:
    """What signing the application needs: the highest assurance of its ``services``, so one
    signature covers a life situation's whole application."""
    levels = [service.assurance for service in services] or ["none"]
    return max(levels, key=lambda level: LEVELS.index(level) if level in LEVELS else 0)


def accepted_methods(assurance: str) -> tuple[str, ...]:
    """How an application of this assurance may be signed: ``eds`` and/or ``sms``."""
    return METHODS_OF.get(assurance, ())


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _child(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{NAMESPACE}}}{tag}", attrs)
    if text is not None:
        element.text = text
    return element


def _utc(moment: Any) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _answers(root: ET.Element, application: Application) -> None:
    situation = application.life_situation
    if situation is None:
        return
    _child(root, "life-situation", id=situation.slug, version=str(situation.version))
    answers = _child(root, "answers")
    for question in situation.questions:
        value = application.answers.get(question["id"])
        if not _empty(value):
            _child(answers, "answer", _text(value), question=question["id"])


def _service(root: ET.Element, application: Application, service: ServiceVersion) -> None:
    element = _child(
        root, "service", id=service.slug, version=str(service.version),
        agency=service.service.agency.slug,
    )  # fmt: skip
    for language in LANGUAGES:
        _child(element, "title", service.title.get(language, ""), lang=language)
    paid = "online" if service.fee_paid_online else "in_person"
    _child(element, "fee", mci=f"{service.fee_mci:g}", paid=paid)
    values = application.data.get(service.slug, {})
    form = _child(element, "form")
    for name in service.form.get("x-order", []):
        value = values.get(name) if isinstance(values, dict) else None
        if not _empty(value):
            _child(form, "field", _text(value), name=name)


def signing_document(application: Application, services: list[ServiceVersion]) -> bytes:
    """The canonical document to sign for ``application`` with the ``services`` its answers
    select (``applications.preparing.applicable_services``)."""
    ET.register_namespace("", NAMESPACE)
    attributes = {"id": str(application.pk), "started": _utc(application.created_at)}
    root = ET.Element(f"{{{NAMESPACE}}}application", attributes)
    _child(root, "applicant", iin=str(application.citizen.iin or ""))
    _child(root, "subject", iin=str(application.subject_iin))
    _answers(root, application)
    for service in services:
        _service(root, application, service)
    ET.indent(root)
    return canonical(ET.tostring(root, encoding="unicode"))


def canonical(xml: str | bytes, *, strip_text: bool = False) -> bytes:
    """``xml`` as canonical XML (C14N 2.0, no comments), UTF-8."""
    text = xml.decode() if isinstance(xml, bytes) else xml
    return ET.canonicalize(xml_data=text, strip_text=strip_text).encode()


def document_digest(document: bytes) -> str:
    """The SHA-256 (hex) of a document to sign: what an SMS confirmation is bound to."""
    return hashlib.sha256(document).hexdigest()


def without_signatures(xml: bytes) -> bytes:
    """``xml`` with its enveloped XML signatures taken out, canonical with surrounding
    whitespace of text stripped: what a signer's tool signed, to compare with the document."""
    if b"<!DOCTYPE" in xml.upper() or b"<!ENTITY" in xml.upper():
        raise ET.ParseError("a document type or entity is not accepted")
    root = ET.fromstring(xml)
    for parent in list(root.iter()):
        for element in list(parent):
            if element.tag == f"{{{XMLDSIG}}}Signature":
                parent.remove(element)
    return canonical(ET.tostring(root, encoding="unicode"), strip_text=True)


def same_document(signed_content: bytes, document: bytes) -> bool:
    """Whether what a signature covers is the canonical ``document`` (whitespace around text
    and the place of the signature element aside)."""
    try:
        return without_signatures(signed_content) == canonical(document, strip_text=True)
    except ET.ParseError:
        return False
