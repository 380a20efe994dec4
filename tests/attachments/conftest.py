"""Helpers of the attachment tests: a draft for the driving licence (which asks for a medical
certificate), files of each kind, and a real clamd."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fpdf import FPDF

from qyzmet.applications.models import Application
from qyzmet.applications.services import start_application
from qyzmet.catalog.selectors import service_version
from qyzmet.demo.sample_forms import sample_values
from qyzmet.registries.fields import find_person
from tests.counterparts.clamd import running_clamd
from tests.factories import CitizenFactory

LICENCE = "driving-licence-replacement"
KIND = "medical_certificate"


def a_pdf(text: str = "Medical certificate 083/u: fit to drive") -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text=text)
    return bytes(pdf.output())


# A Windows program's first bytes (the MZ header and the PE signature's offset).
PROGRAM = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def draft_for_licence(citizen: Any) -> Application:
    data = {LICENCE: sample_values(service_version(LICENCE), find_person(citizen.iin))}
    return start_application(citizen=citizen, channel="portal", service=LICENCE, data=data)


def require_certificate() -> None:
    """Make the current licence version require its certificate (rolled back with the test)."""
    version = service_version(LICENCE)
    version.definition["attachments"][0]["required"] = True
    version.save(update_fields=["definition"])


@pytest.fixture
def pensioner(demo_people):
    # A pensioner pays no duty for the licence: the case goes to the officers at once.
    return CitizenFactory(iin=demo_people["pensioner"])


@pytest.fixture
def draft(pensioner) -> Application:
    return draft_for_licence(pensioner)


@pytest.fixture(scope="session")
def clamd_address(tmp_path_factory) -> Iterator[str]:
    with running_clamd(tmp_path_factory.mktemp("clamd")) as address:
        yield address


@pytest.fixture
def clamd(settings, clamd_address) -> str:
    settings.ATTACHMENT_SCANNER = "clamd"
    settings.CLAMD_ADDRESS = clamd_address
    return clamd_address
