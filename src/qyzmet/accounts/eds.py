"""Signing in with an EDS (the ``eds`` identity provider): the person signs, with their
certificate of the national CA through NCALayer, a challenge the server made.

``challenge`` makes a random challenge, keeps it in ``state`` (which the channel keeps in the
browser's session; valid for ``settings.EDS_CHALLENGE_MINUTES``), and returns the XML to sign
(nothing is written in the database for it: anyone may load the sign-in page, as often as
they like)::

    <login><purpose>sign-in</purpose><challenge>…</challenge><issued>…</issued></login>

``prove`` checks the signed XML through the ``xmldsig`` verifier (signature, certificate
path to the national CA, validity, revocation), that what was signed is exactly that
challenge, still live, and spends it (one row with its HMAC, unique: a challenge signs in
once, even when two app servers get it at the same moment), and says whom the certificate
names; ``verify`` then signs in that person as a citizen (``sign_in_person`` with the
certificate's IIN). The back office signs officers in on ``prove`` alone.

A company certificate (``OU=BIN…``) signs in its holder, the person: the company's BIN, its
name and the holder's role there are kept on the returned account as ``signed_in_company``
(read it with ``accounts.identity.company_of``), for the channel to keep in the session (the
portal: ``request.session["signed_in_company"]``) until acting for companies decides what the
holder may do for it.
"""

from __future__ import annotations

import datetime
import logging
import secrets
from collections.abc import Mapping, MutableMapping
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from lxml import etree

from qyzmet.accounts.attempts import Event, record_attempt
from qyzmet.accounts.identity import ProvenIdentity, SignatureProvider
from qyzmet.accounts.models import ConsumedNonce
from qyzmet.core.errors import Forbidden
from qyzmet.identity.verifiers import SignatureCheck, Signer, verifier

logger = logging.getLogger(__name__)

STATE = "eds"
PURPOSE = "sign-in"
LOST = "signin.eds_challenge_lost"
WRONG = "signin.eds_wrong_challenge"


def _digest(challenge: str) -> str:
    return salted_hmac("qyzmet.accounts.eds", challenge, algorithm="sha256").hexdigest()


def challenge_xml(*, challenge: str, issued: datetime.datetime) -> str:
    """The document the person signs."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f"<login><purpose>{PURPOSE}</purpose><challenge>{challenge}</challenge>"
        f"<issued>{issued.isoformat()}</issued></login>"
    )


def signed_challenge(content: bytes) -> str:
    """The challenge the signed content carries ('' when it is not a sign-in document)."""
    try:
        root = etree.fromstring(
            content, parser=etree.XMLParser(resolve_entities=False, no_network=True)
        )
    except etree.XMLSyntaxError:
        return ""
    if root.tag != "login" or (root.findtext("purpose") or "") != PURPOSE:
        return ""
    return (root.findtext("challenge") or "").strip()


class EdsProvider(SignatureProvider):
    """Sign-in by signing a server-issued challenge with an EDS, as NCALayer signs XML."""

    name = "eds"
    title = {
        "kk": "ЭЦҚ (электрондық цифрлық қолтаңба)",
        "ru": "ЭЦП (электронная цифровая подпись)",
        "en": "EDS (electronic digital signature)",
    }
    verifier_name = "xmldsig"

    def challenge(self, *, state: MutableMapping[str, Any], language: str) -> str:
        challenge = secrets.token_urlsafe(32)
        issued = timezone.now().replace(microsecond=0)
        state[STATE] = {"challenge": challenge, "issued": issued.isoformat()}
        return challenge_xml(challenge=challenge, issued=issued)

    def _spend(self, kept: Mapping[str, Any]) -> bool:
        """Spend the challenge ``kept`` holds: False when it is too old or was spent before
        (a unique row decides, also between requests at the same moment)."""
        try:
            issued = datetime.datetime.fromisoformat(str(kept.get("issued")))
        except ValueError:
            return False
        expires_at = issued + datetime.timedelta(minutes=settings.EDS_CHALLENGE_MINUTES)
        if expires_at <= timezone.now():
            return False
        try:
            with transaction.atomic():
                ConsumedNonce.objects.create(
                    digest=_digest(kept["challenge"]), provider=self.name, expires_at=expires_at
                )
        except IntegrityError:
            return False
        return True

    def check(self, *, state: Mapping[str, Any], signed: str) -> SignatureCheck:
        """The verifier's judgement of ``signed``; ``Forbidden`` naming why it does not sign
        in: the signature or certificate refused, or another text signed than this state's
        challenge."""
        kept = state.get(STATE) or {}
        if not kept.get("challenge"):
            raise Forbidden(LOST)
        check = verifier(self.verifier_name).verify(signed=signed.encode("utf-8"))
        if not check.valid:
            raise Forbidden(check.problems[0] if check.problems else "signature.invalid")
        if not secrets.compare_digest(signed_challenge(check.signed_content), kept["challenge"]):
            raise Forbidden(WRONG)
        return check

    def prove(
        self, *, state: Mapping[str, Any], signed: str, channel: str, address: str | None = None
    ) -> ProvenIdentity:
        try:
            check = self.check(state=state, signed=signed)
        except Forbidden as refusal:
            logger.info("EDS sign-in refused: %s", refusal.code)
            raise
        signer = check.signer
        assert signer is not None  # a valid check names its signer
        if not self._spend(state[STATE]):  # expired, or already used (a replay)
            with transaction.atomic():
                record_attempt(iin=signer.iin, event=Event.FAILED, channel=channel, address=address)
            raise Forbidden(LOST)
        company = _company(signer) if signer.bin else None
        return ProvenIdentity(provider=self.name, iin=signer.iin, company=company)


def _company(signer: Signer) -> dict[str, str]:
    return {"bin": signer.bin, "role": signer.role, "holder": signer.name}
