"""Deployment checks of signature verification (``qyzmet check --deploy``), ids E050-E054 and
W050-W054: a server that signs people in with an EDS must know which CA to trust."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register

from qyzmet.identity.eds.validation import read_trusted_certificates

EXPIRY_WARNING = datetime.timedelta(days=30)


@register(Tags.security, deploy=True)
def eds_trust(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """EDS on without CA certificates, CA certificates that cannot be read, or that expire."""
    found: list[CheckMessage] = []
    eds_on = "eds" in settings.IDENTITY_PROVIDERS
    if not settings.EDS_CA_CERTS:
        if eds_on:
            found.append(
                Error(
                    "QYZMET_EDS_CA_CERTS is not set though the `eds` identity provider is on: "
                    "every EDS sign-in would be refused. Name the national CA's root and "
                    "intermediate certificates.",
                    id="qyzmet.E050",
                )
            )
        return found
    try:
        trusted = read_trusted_certificates(settings.EDS_CA_CERTS)
    except ValueError as error:
        return [Error(f"QYZMET_EDS_CA_CERTS cannot be read: {error}", id="qyzmet.E051")]
    if not trusted.roots:
        found.append(
            Error(
                "QYZMET_EDS_CA_CERTS names no self-signed root certificate: no EDS signature "
                "could be trusted. Add the national CA's root certificate.",
                id="qyzmet.E052",
            )
        )
    now = datetime.datetime.now(datetime.UTC)
    for certificate in (*trusted.roots, *trusted.intermediates):
        ends = certificate.not_valid_after_utc
        if ends < now + EXPIRY_WARNING:
            found.append(
                Warning(
                    "QYZMET_EDS_CA_CERTS: the CA certificate "
                    f"{certificate.subject.rfc4514_string()} "
                    f"ends on {ends:%Y-%m-%d}: add its successor, or signatures under it will be "
                    "refused.",
                    id="qyzmet.W050",
                )
            )
    return found
