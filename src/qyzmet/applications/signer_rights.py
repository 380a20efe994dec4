"""Whose certificate may sign which application, as egov.kz has it (decision 0038,
``docs/identity.md``).

- A person's application (no company BIN) is signed with a personal certificate: a company's
  certificate (it names a BIN) signs for the company, not for the person.
- A company's application (``applicant: company``: the application's ``subject_bin``) is signed
  with that company's certificate (its BIN) by a holder who may sign for it (NCA RK's roles
  ``head`` and ``signer``; not ``finance_signer``, ``hr`` or ``employee``), or with the
  personal certificate of the person the business registry names as its head (the
  application's ground ``company-head``, read from the registry for this very submission)."""

from __future__ import annotations

from typing import Any

from qyzmet.identity.verifiers import Signer

SIGNING_ROLES = frozenset({"head", "signer"})
COMPANY_HEAD = "company-head"  # representation.grounds.COMPANY_HEAD


def signer_problem(*, application: Any, signer: Signer, ground: str | None = None) -> str:
    """Why ``signer`` may not sign ``application`` (a message code), or '' when they may.
    ``ground``: on what ground the applicant acts now (else as the application records)."""
    company = application.subject_bin or ""
    if not company:
        return "signing.company_certificate_for_person" if signer.bin else ""
    if signer.bin:
        if signer.bin != company:
            return "signing.other_company"
        return "" if signer.role in SIGNING_ROLES else "signing.no_right_to_sign"
    if (ground or application.ground) == COMPANY_HEAD:
        return ""
    return "signing.company_certificate_needed"
