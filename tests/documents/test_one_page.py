"""A result document is one page: in Kazakh, Russian and English, for every service of the
catalogue (the Kazakh one once spilled three words onto a second page)."""

from __future__ import annotations

import itertools
import os
from io import BytesIO
from pathlib import Path

import pytest
from django.utils import timezone
from pyhanko.pdf_utils.reader import PdfFileReader

from qyzmet.applications.models import Application, Case
from qyzmet.catalog.models import Service
from qyzmet.catalog.selectors import service_version
from qyzmet.demo.sample_forms import sample_values
from qyzmet.documents.content import document_content
from qyzmet.documents.pdf import render_pdf
from qyzmet.exchange.client import request_registry_data
from qyzmet.exchange.messages import Client, Purpose
from qyzmet.registries.fields import active_businesses, find_person
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db
SHOTS = os.environ.get("QYZMET_SCREENSHOTS", "")


def pages(pdf: bytes) -> int:
    return int(PdfFileReader(BytesIO(pdf)).root["/Pages"]["/Count"])


def cases_of(slug: str, people: dict[str, str]) -> list[Case]:
    """A case of ``slug`` for each demo person (in the name of their company for a company's
    service), with its registry extract read as at submission: as submitted, only to be printed."""
    version = service_version(slug)
    service = Service.objects.select_related("agency").get(slug=slug)
    cases = []
    for iin in people.values():
        person = find_person(iin)
        companies = active_businesses(person)
        company = companies[0].bin if version.applicant == "company" and companies else None
        if version.applicant == "company" and company is None:
            continue
        application = Application.objects.create(
            citizen=CitizenFactory(iin=iin), subject_iin=iin, subject_bin=company,
            channel="portal", service=version,
        )  # fmt: skip
        case = Case.objects.create(
            application=application, service=version, agency=service.agency,
            status="approved",
            data=sample_values(version, person), due_date=timezone.localdate(),
            decided_at=timezone.now(),
        )  # fmt: skip
        paths = version.registry_data
        for subject, fields in (
            (company, [path for path in paths if path.startswith("businesses.")]),
            (iin, [path for path in paths if not (company and path.startswith("businesses."))]),
        ):
            if subject and fields:
                case.registry_extract |= request_registry_data(
                    client=Client(agency=service.agency.slug, system="test"), subject=subject,
                    fields=fields, purpose=Purpose(kind="case", ref=str(case.pk)),
                )  # fmt: skip
        cases.append(case)
    return cases


def test_every_services_result_document_is_one_page_in_every_language(demo_people):
    slugs = list(Service.objects.filter(current__isnull=False).values_list("slug", flat=True))
    spilled, untried = [], []
    for slug in slugs:
        cases = cases_of(slug, demo_people)
        if not cases:
            untried.append(slug)
        for case, language in itertools.product(cases, ("kk", "ru", "en")):
            content = document_content(
                case=case, document_id="ABCD-EFGH-IJKL-MNOP", language=language,
                issued_at=timezone.now(),
            )  # fmt: skip
            pdf = render_pdf(content=content, qr_text="x" * 400, key_id="agency-key-2026")
            name = f"{slug}-{language}-{case.application.subject_iin}"
            if SHOTS:  # to look at: pdftoppm -png -r 60 FILE
                Path(SHOTS, f"{name}.pdf").write_bytes(pdf)
            if pages(pdf) != 1:
                spilled.append(f"{name}: {pages(pdf)} pages")
    assert untried == []
    assert spilled == []
