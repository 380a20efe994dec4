"""`qyzmet check --deploy` says when the trust root cannot be used (an error: nothing would
verify), and, outside a demo, when its private key sits in the servers' key folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.checks import Tags, run_checks
from django.core.management import call_command

from qyzmet.catalog.models import Agency
from qyzmet.trust.keys import forget_keys, signing_key


def trust_checks() -> set[str]:
    found = run_checks(include_deployment_checks=True, tags=[Tags.security])
    return {message.id for message in found} & {"qyzmet.E020", "qyzmet.W020"}


@pytest.fixture
def production(settings: Any) -> Any:
    settings.DEMO = False
    return settings


def test_outside_a_demo_a_root_kept_in_the_key_folder_is_warned_of(production):
    production.TRUST_ROOT = ""
    assert trust_checks() == {"qyzmet.W020"}


def test_a_root_kept_offline_is_not(production, tmp_path: Path):
    certificate = tmp_path / "root-certificate.pem"
    call_command("trust", "new-root", str(tmp_path / "usb" / "root.pem"),
                 "--certificate", str(certificate))  # fmt: skip
    production.TRUST_ROOT = str(certificate)
    assert trust_checks() == set()


def test_a_demo_keeps_its_root_in_the_key_folder_unwarned(settings):
    settings.DEMO, settings.TRUST_ROOT = True, ""
    assert trust_checks() == set()


@pytest.mark.django_db
def test_a_root_that_cannot_be_read_or_is_no_authority_is_an_error(production, tmp_path: Path):
    production.TRUST_ROOT = str(tmp_path / "missing.pem")
    assert trust_checks() == {"qyzmet.E020"}
    production.TRUST_ROOT = ""
    agency_certificate = signing_key(agency=Agency.objects.first()).record.certificate
    production.TRUST_ROOT = agency_certificate  # a PEM, but of a key that may not certify
    forget_keys()
    assert trust_checks() == {"qyzmet.E020"}
