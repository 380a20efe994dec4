"""Officers and operators signing in through an identity provider (an EDS, the state's OpenID
provider) instead of a password and a TOTP code, when ``QYZMET_OFFICER_IDENTITY_PROVIDERS``
names those providers (decision 36, ``docs/decisions/0036-*.md``).

The provider proves a person's IIN (``IdentityProvider.prove``: every check the citizen's
sign-in makes, but nobody signed in as a citizen); an operator ties an officer's account to
that person beforehand (:func:`link_officer`, audited; ``qyzmet officers link`` or the admin).
The tie is an ``OfficerIdentity``, a django-otp device: the back office logs the officer in
with it, so the session counts as verified everywhere a second factor is asked for (the
back office, ``/api/v1``, GovStack, the admin), and unlinking ends those sessions at their
next request.

An agency whose BIN the catalogue gives signs its officers in only with a certificate of that
BIN (an employee's certificate the agency had issued), so leaving the agency (the certificate
revoked) ends the access; an OpenID provider cannot show that, and is refused for them.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet

from qyzmet.accounts.identity import (
    IdentityProvider,
    ProvenIdentity,
    ProviderRegistry,
    enabled_providers,
)
from qyzmet.accounts.models import OfficerIdentity, User
from qyzmet.accounts.officers import SIGNED_IN, OfficerSignIn, needs_second_factor
from qyzmet.accounts.signin import checked_iin
from qyzmet.audit.services import record_audit
from qyzmet.core.errors import Conflict, Forbidden, Invalid, Unavailable
from qyzmet.core.identifiers import masked_iin

DEVICE_NAME = "identity provider"
LINKED, UNLINKED = "officer.identity_linked", "officer.identity_unlinked"
REFUSED = "officer.sign_in_refused"
NOT_LINKED = "officer.not_linked"

security_log = logging.getLogger("qyzmet.security")


def officer_providers(registry: ProviderRegistry | None = None) -> list[IdentityProvider]:
    """The providers officers sign in with, in the order ``QYZMET_OFFICER_IDENTITY_PROVIDERS``
    names them: those that are on and can prove an identity alone (the deployment checks
    refuse the others, ``qyzmet.E090``-``E092``)."""
    on = {provider.name: provider for provider in enabled_providers(registry)}
    return [
        on[name]
        for name in settings.OFFICER_IDENTITY_PROVIDERS
        if name in on and on[name].proves_identity
    ]


def officer_provider(name: str, registry: ProviderRegistry | None = None) -> IdentityProvider:
    """The provider ``name`` if officers sign in with it; ``Unavailable`` if not."""
    for provider in officer_providers(registry):
        if provider.name == name:
            return provider
    raise Unavailable("signin.unavailable")


def officers_use_providers() -> bool:
    """Whether officers and operators must sign in through an identity provider (and a
    password with a TOTP code no longer does)."""
    return bool(settings.OFFICER_IDENTITY_PROVIDERS)


def identity_of(officer: Any) -> OfficerIdentity | None:
    """The person ``officer``'s account is tied to, if an operator tied it."""
    return OfficerIdentity.objects.filter(user=officer).first()


def staff_accounts() -> QuerySet[User]:
    """Every account that signs in to the back office or the admin: officers and operators."""
    return User.objects.filter(Q(agency__isnull=False) | Q(is_staff=True) | Q(is_superuser=True))


def unlinked_accounts() -> QuerySet[User]:
    """Active officers and operators tied to no person: nobody can sign in to them through
    an identity provider."""
    linked = OfficerIdentity.objects.values("user_id")
    return staff_accounts().filter(is_active=True).exclude(pk__in=linked).order_by("username")


def checked_link(*, officer: Any, iin: str) -> str:
    """The IIN ``officer`` may be tied to (checked), or why not: ``Invalid`` when they are
    neither an officer nor an operator or the IIN is no IIN, ``Conflict`` naming the account
    the person belongs to already."""
    if not needs_second_factor(officer):
        raise Invalid("officer.not_staff")
    iin = checked_iin(iin)
    taken = OfficerIdentity.objects.filter(iin=iin).exclude(user=officer).first()
    if taken is not None:
        raise Conflict("officer.iin_taken", {"username": taken.user.username})
    return iin


def link_officer(
    *, officer: Any, iin: str, channel: str, actor: Any | None = None
) -> OfficerIdentity:
    """Tie ``officer`` (an officer of an agency or an operator) to the person with ``iin``, in
    place of anyone they were tied to (whose sessions then end). One person is tied to one
    account at most: ``Conflict`` naming the account they already belong to. Audited with
    the IIN masked."""
    try:
        with transaction.atomic():
            iin = checked_link(officer=officer, iin=iin)
            before = identity_of(officer)
            if before is not None and before.iin == iin:
                return before
            if before is not None:  # a new row: sessions verified by the old one end
                before.delete()
            identity = OfficerIdentity.objects.create(
                user=officer, iin=iin, name=DEVICE_NAME, confirmed=True
            )
            details = {"iin": masked_iin(iin), "replaced": before is not None}
            record_audit(actor=actor, action=LINKED, obj=officer, channel=channel, details=details)
    except IntegrityError:  # another request tied the same person at the same moment
        raise Conflict("officer.iin_taken", {"username": "?"}) from None
    return identity


def unlink_officer(*, officer: Any, channel: str, actor: Any | None = None) -> bool:
    """Untie ``officer`` from their person: they can no longer sign in through a provider and
    their sessions verified by one end at the next request. Audited; ``False`` when they
    were tied to nobody."""
    with transaction.atomic():
        deleted, _ = OfficerIdentity.objects.filter(user=officer).delete()
        if deleted:
            record_audit(actor=actor, action=UNLINKED, obj=officer, channel=channel)
    return bool(deleted)


def _refusal(officer: User, proven: ProvenIdentity) -> tuple[str, Forbidden] | None:
    """Why ``officer`` may not sign in on what ``proven`` shows (audit word, error), or None."""
    if not officer.is_active:
        return "inactive", Forbidden("officer.inactive")
    if not needs_second_factor(officer):
        return "role", Forbidden("officer.not_staff")
    agency_bin = officer.agency.bin if officer.agency is not None else ""
    if agency_bin and (proven.company or {}).get("bin") != agency_bin:
        return "agency_certificate", Forbidden("officer.agency_certificate", {"bin": agency_bin})
    return None


def sign_in_proven_officer(*, proven: ProvenIdentity, channel: str) -> OfficerSignIn:
    """The officer or operator whose account is tied to the person ``proven`` names, and the
    device to log the session in with. ``Forbidden`` when nobody's account is (a citizen), or
    it is blocked, or neither an officer of an agency nor an operator, or the agency asks
    for a certificate of its BIN and another proved the person; the refusal is audited on
    the account when there is one, and logged without the IIN when there is none. Nobody is
    ever signed in as a citizen here."""
    identity = (
        OfficerIdentity.objects.filter(iin=proven.iin, confirmed=True)
        .select_related("user__agency")
        .first()
    )
    if identity is None:
        security_log.info("officer sign-in refused: no account is tied to the person %s proved",
                          proven.provider)  # fmt: skip
        raise Forbidden(NOT_LINKED)
    officer = identity.user
    refusal = _refusal(officer, proven)
    with transaction.atomic():
        if refusal is not None:
            details = {"why": refusal[0], "provider": proven.provider}
            record_audit(actor=None, action=REFUSED, obj=officer, channel=channel, details=details)
        else:
            details = {"provider": proven.provider}
            record_audit(
                actor=officer, action=SIGNED_IN, obj=officer, channel=channel, details=details
            )
    if refusal is not None:
        raise refusal[1]
    return OfficerSignIn(officer=officer, device=identity)
