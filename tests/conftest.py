"""Shared test set-up: the demo catalogue and a small synthetic population, made once per
test database; each test runs in a transaction rolled back at its end."""

from __future__ import annotations

import tempfile
import time
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.core.management import call_command

from qyzmet.catalog.current import forget_now as forget_catalogue
from qyzmet.catalog.models import Service
from qyzmet.demo.services import load_demo_catalog
from qyzmet.registries.generator import generate_registries
from qyzmet.registries.models import Person
from qyzmet.registries.selectors import find_demo_people
from qyzmet.tracker.family import forget_families
from qyzmet.trust.keys import forget_keys
from tests.served import Served, served_demo

# The test national CA (EDS), its OCSP responder and CRLs: fixtures eds_pki, eds_trust.
PEOPLE = 800
SEED = 7
pytest_plugins = [
    "tests.counterparts.sms",  # the SMS gateway process: sms_gateway, sms_reports_to
    "tests.support.pki",  # the test national CA, its OCSP responder and CRLs: eds_pki, eds_trust
]


def pytest_sessionstart(session: Any) -> None:
    # Translations must be compiled before any test activates a language (make does it too).
    call_command("compiletranslations", verbosity=0)
    # Agencies' private signing keys made by tests go to a folder of this run, not var/keys.
    django_settings.KEY_DIR = Path(tempfile.mkdtemp(prefix="qyzmet-test-keys-"))
    django_settings.AUDIT_CHECKPOINT_FILE = Path(django_settings.KEY_DIR) / "checkpoints.jsonl"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    with django_db_blocker.unblock():
        load_demo_catalog(django_settings.CATALOG_DIR)
        generate_registries(people=PEOPLE, seed=SEED)


@pytest.fixture(autouse=True)
def _english_by_default(settings: Any) -> None:
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def _audit_checkpoints_of_this_test(settings: Any, tmp_path: Path) -> None:
    # The audit log's tree heads signed in a test go with its (rolled back) records.
    settings.AUDIT_CHECKPOINT_FILE = tmp_path / "audit-checkpoints.jsonl"


@pytest.fixture(autouse=True)
def _trust_list_read_afresh() -> None:
    # Keys a rolled-back test made must not be remembered by the next one, nor families.
    forget_keys()
    forget_families()
    forget_catalogue()  # nor the catalogue a rolled-back test loaded


@pytest.fixture(autouse=True)
def _limits_count_afresh() -> None:
    # Counts kept in the cache (wrong sign-in codes...) must not carry over to the next test.
    caches["default"].clear()


@pytest.fixture(autouse=True)
def _limit_windows_hold_still() -> Iterator[None]:
    # django-ratelimit's windows end at a second of the hour that depends on the key: a test
    # counting in one must not see it end halfway through; ``later`` moves this clock on.
    stopped = time.time()
    with mock.patch("django_ratelimit.core.time", types.SimpleNamespace(time=lambda: stopped)):
        yield


@pytest.fixture
def committed_platform(transactional_db: Any) -> None:
    """Catalogue and registries committed for real, for tests whose threads each have their own
    connection (which must see them)."""
    if not Service.objects.exists():
        load_demo_catalog(django_settings.CATALOG_DIR)
    if not Person.objects.exists():
        generate_registries(people=PEOPLE, seed=SEED)


@pytest.fixture
def demo_people(db: Any) -> dict[str, str]:
    """IINs of people with a rich registry record, by role (parent, pensioner...)."""
    return find_demo_people()


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory: Any) -> Iterator[Served]:
    """The demo served as `make demo` serves it (gunicorn and a worker), for the tests that
    run the documentation's commands against it."""
    with served_demo(tmp_path_factory.mktemp("served-demo"), people=600) as served:
        yield served


@pytest.fixture
def admin_client(admin_user: Any) -> Any:
    """pytest-django's operator in the admin (a browser of its own), signed in with both
    factors as the admin asks."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY

    from qyzmet.accounts.officers import enroll_totp

    client = Client()
    client.force_login(admin_user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = enroll_totp(officer=admin_user, channel="test").persistent_id
    session.save()
    return client
