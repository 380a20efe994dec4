"""Officers tied to a person, and a browser signing in to the back office with that person's
EDS (the page's challenge signed as NCALayer signs it) or a citizen's."""

from __future__ import annotations

import datetime
import html
import re
from typing import Any

from qyzmet.accounts.officer_identity import link_officer
from qyzmet.core.identifiers import make_iin
from tests.support.pki import Issued, sign_xml

SIGNATURE_PAGE = "/back-office/sign-in/eds/signature/"


def officer_iin(serial: int = 1) -> str:
    """A well-formed IIN for an officer (they need not be in the demo's registry)."""
    for tried in range(serial, serial + 50):
        iin = make_iin(datetime.date(1984, 3, 9), "M", tried)
        if iin:
            return iin
    raise AssertionError("no IIN")


def tie(officer: Any, iin: str) -> Any:
    link_officer(officer=officer, iin=iin, channel="test")
    return officer


def text_to_sign(page: Any) -> bytes:
    found = re.search(r'<textarea id="signature-document"[^>]*>(.*?)</textarea>', page.text, re.S)
    assert found, page.text
    return html.unescape(found.group(1)).encode()


def sign_in_with_eds(
    client: Any, issued: Issued, *, language: str = "en", next_url: str = ""
) -> Any:
    """Open the back office's EDS page, sign its text with ``issued``'s key, post it back."""
    asking = {"HTTP_ACCEPT_LANGUAGE": language}
    page = client.get(SIGNATURE_PAGE + (f"?next={next_url}" if next_url else ""), **asking)
    assert page.status_code == 200, page.content
    signed = sign_xml(text_to_sign(page), issued.key, issued.certificate).decode()
    return client.post(SIGNATURE_PAGE, {"signed": signed}, **asking)


def signed_in_user_id(client: Any) -> str | None:
    return client.session.get("_auth_user_id")
