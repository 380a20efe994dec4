"""A qualified signature is judged as of the time it was made: a certificate that expired since,
or was revoked after, leaves it valid; one revoked before it (a backdated revocation) does
not, whether the CA says so by OCSP or by its CRL. That time is the one the audit log sealed
for the submission; a signature row whose time was moved is reported."""

from __future__ import annotations

import datetime
import time

import pytest

from qyzmet.applications.models import ApplicationSignature
from qyzmet.applications.services import submit_application
from qyzmet.applications.signature_checks import (
    SignatureIn,
    signing_request,
    verify_application_signature,
)
from qyzmet.audit.models import AuditRecord
from tests.signing.conftest import signed_by

pytestmark = pytest.mark.django_db


def submit_signed_with(pki, issued, draft):
    xml = signed_by(pki, issued, signing_request(draft).document)
    return submit_application(citizen=draft.citizen, channel="portal", application=draft,
                              signature=SignatureIn(signed_xml=xml))  # fmt: skip


def signing_moment(application) -> datetime.datetime:
    return AuditRecord.objects.get(action="application.signed", object_id=str(application.pk)).at


def check_again(application):
    return verify_application_signature(application=application, actor=None, channel="cli")


def test_a_certificate_that_expired_since_signing_still_verifies(eds_trust, draft):
    now = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    short_lived = eds_trust.pki.person(
        draft.citizen.iin,
        not_before=now - datetime.timedelta(days=365),
        not_after=now + datetime.timedelta(seconds=3),
    )
    application = submit_signed_with(eds_trust.pki, short_lived, draft)
    time.sleep(5)  # the certificate has now expired, as NCA RK's do after a year
    assert datetime.datetime.now(datetime.UTC) > short_lived.certificate.not_valid_after_utc

    check = check_again(application)

    assert check.valid, check.problems
    assert check.as_of == signing_moment(application)
    assert check.checked_at > check.as_of


@pytest.mark.parametrize("by", ["ocsp", "crl"])
def test_a_certificate_revoked_after_signing_still_verifies(eds_trust, draft, by):
    certificate = eds_trust.pki.person(draft.citizen.iin, ocsp=by == "ocsp", crl=by == "crl")
    application = submit_signed_with(eds_trust.pki, certificate, draft)
    revoked_at = signing_moment(application).replace(microsecond=0) + datetime.timedelta(seconds=2)
    eds_trust.pki.revoke(certificate, at=revoked_at)
    time.sleep(max(0.0, (revoked_at - datetime.datetime.now(datetime.UTC)).total_seconds()) + 1)

    check = check_again(application)

    assert check.valid, check.problems


@pytest.mark.parametrize("by", ["ocsp", "crl"])
def test_a_certificate_revoked_before_signing_does_not_verify(eds_trust, draft, by):
    certificate = eds_trust.pki.person(draft.citizen.iin, ocsp=by == "ocsp", crl=by == "crl")
    application = submit_signed_with(eds_trust.pki, certificate, draft)
    # the CA learns late that the key was compromised before the signing, and says so
    eds_trust.pki.revoke(certificate, at=signing_moment(application) - datetime.timedelta(days=1))

    check = check_again(application)

    assert not check.valid
    assert check.problems == ["signature.certificate_revoked"]


def test_a_signature_row_whose_time_was_moved_is_reported(eds_trust, draft, certificate):
    application = submit_signed_with(eds_trust.pki, certificate, draft)
    sealed = signing_moment(application)
    ApplicationSignature.objects.filter(application=application).update(
        signed_at=sealed - datetime.timedelta(days=200)
    )

    check = check_again(application)

    assert not check.valid
    assert check.problems == ["signing.time_mismatch"]
    assert check.as_of == sealed  # judged as of the sealed time, not the moved one


def test_an_altered_audit_record_is_no_evidence_of_the_time(eds_trust, draft, certificate):
    application = submit_signed_with(eds_trust.pki, certificate, draft)
    AuditRecord.objects.filter(action="application.signed", object_id=str(application.pk)).update(
        at=signing_moment(application) - datetime.timedelta(days=200)
    )

    check = check_again(application)

    assert not check.valid
    assert check.problems == ["signing.time_unevidenced"]
