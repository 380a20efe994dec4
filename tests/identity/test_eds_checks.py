"""The deployment check refuses a server that signs people in with an EDS but does not say
which national CA to trust, or names CA certificates it cannot read."""

from __future__ import annotations

from qyzmet.identity.checks import eds_trust as check
from tests.support.pki import ServedPKI


def ids(found) -> set[str]:
    return {message.id for message in found}


def test_eds_on_without_ca_certificates_stops_the_server(settings):
    settings.IDENTITY_PROVIDERS = ["eds"]
    settings.EDS_CA_CERTS = []

    assert ids(check()) == {"qyzmet.E050"}


def test_no_ca_certificates_are_needed_while_the_eds_is_off(settings):
    settings.IDENTITY_PROVIDERS = ["demo"]
    settings.EDS_CA_CERTS = []

    assert check() == []


def test_ca_certificates_that_cannot_be_read_are_named(settings, tmp_path):
    broken = tmp_path / "nca.pem"
    broken.write_text("not a certificate")
    settings.EDS_CA_CERTS = [str(broken)]

    found = check()

    assert ids(found) == {"qyzmet.E051"}
    assert str(broken) in found[0].msg


def test_ca_certificates_without_a_root_trust_nothing(settings, eds_pki: ServedPKI, tmp_path):
    (tmp_path / "intermediate.cer").write_bytes(eds_pki.pki.intermediate.pem)
    settings.EDS_CA_CERTS = [str(tmp_path)]

    assert ids(check()) == {"qyzmet.E052"}


def test_the_test_national_ca_passes(settings, eds_trust: ServedPKI):
    settings.IDENTITY_PROVIDERS = ["eds"]

    assert check() == []
