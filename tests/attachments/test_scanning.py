"""Every upload is scanned by a real clamd (Debian's, with a test signature for EICAR): the EICAR
file is refused, a clean PDF kept; when clamd does not answer the file is not kept unscanned."""

from __future__ import annotations

import pytest

from qyzmet.attachments.models import Attachment
from qyzmet.attachments.scanners import ScannerUnavailable, current_scanner
from qyzmet.attachments.scanners.clamd import ClamdClient
from qyzmet.attachments.services import AttachmentRefused, upload_attachment
from qyzmet.audit.models import AuditRecord
from qyzmet.core.errors import Unavailable
from qyzmet.core.messages import render
from tests.attachments.conftest import KIND, LICENCE, a_pdf
from tests.counterparts.clamd import EICAR, MAX_FILE_MB, SIGNATURE
from tests.served import free_port

pytestmark = pytest.mark.django_db


def upload(draft, content: bytes):
    return upload_attachment(
        citizen=draft.citizen, application=draft, service=LICENCE, kind=KIND,
        filename="certificate.pdf", content=content, channel="portal",
    )  # fmt: skip


def test_clamd_finds_the_eicar_file_and_passes_a_clean_pdf(clamd):
    client = ClamdClient(clamd, timeout=10)
    assert client.instream(EICAR).found == f"{SIGNATURE}.UNOFFICIAL"
    assert client.instream(a_pdf()).clean


def test_the_eicar_file_is_refused_and_the_refusal_audited(clamd, draft):
    with pytest.raises(AttachmentRefused) as refused:
        upload(draft, EICAR)
    assert refused.value.code == "attachment.malware"
    assert render(refused.value.code, refused.value.params, "kk").startswith(
        "Медициналық анықтама (083/у нысаны): файлда зиянды бағдарлама табылды"
    )
    assert not Attachment.objects.exists()
    record = AuditRecord.objects.get(action="attachment.malware_refused")
    assert record.details["found"] == f"{SIGNATURE}.UNOFFICIAL"


def test_eicar_inside_a_pdf_is_refused_too(clamd, draft):
    with pytest.raises(AttachmentRefused):
        upload(draft, a_pdf() + b"\n%" + EICAR)


def test_a_clean_pdf_is_kept_as_scanned_by_clamd(clamd, draft):
    assert upload(draft, a_pdf()).scanner == "clamd"


def test_a_file_past_clamds_scan_limits_is_refused_not_passed_as_clean(clamd, draft):
    # clamd runs with AlertExceedsMax: what it did not scan whole is never "OK".
    with pytest.raises(AttachmentRefused) as refused:
        upload(draft, a_pdf() + b"\0" * (MAX_FILE_MB * 1024 * 1024))
    assert refused.value.code == "attachment.malware"
    record = AuditRecord.objects.get(action="attachment.malware_refused")
    assert record.details["found"].startswith("Heuristics.Limits.Exceeded")


def test_clamd_not_answering_refuses_the_file_for_now(settings, draft):
    settings.ATTACHMENT_SCANNER = "clamd"
    settings.CLAMD_ADDRESS = f"tcp://127.0.0.1:{free_port()}"  # nobody listens there
    with pytest.raises(Unavailable) as refused:
        upload(draft, a_pdf())
    assert refused.value.code == "attachment.scanner_unavailable"
    assert "Try again later" in render(refused.value.code)
    assert not Attachment.objects.exists()


def test_a_file_clamd_refuses_to_read_gets_no_verdict(clamd):
    # Past its StreamMaxLength (25 MB here) clamd answers an error, never "OK".
    with pytest.raises(ScannerUnavailable):
        ClamdClient(clamd, timeout=30).instream(b"\0" * (26 * 1024 * 1024))


def test_the_unscanned_scanner_is_only_a_demos(settings):
    settings.ATTACHMENT_SCANNER = "unscanned"
    settings.DEMO = False
    with pytest.raises(Unavailable):
        current_scanner()
