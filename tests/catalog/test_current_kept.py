"""Each process keeps the current catalogue for ``QYZMET_CATALOGUE_CACHE_SECONDS`` (decision
63): a version published in this process is used at once; one published by another process
(here: written without this process's models noticing) once those seconds have passed."""

from __future__ import annotations

from typing import Any

import pytest

from qyzmet.catalog import current
from qyzmet.catalog.models import Service, ServiceVersion
from qyzmet.catalog.selectors import service_version
from qyzmet.catalog.services import digest

pytestmark = pytest.mark.django_db
SLUG = "address-certificate"


def _next_version(old: ServiceVersion, *, here: bool = False) -> ServiceVersion:
    """A next version of ``old``'s service, not yet current: written through this process's
    models (``here``), or as another process would, unnoticed here."""
    definition = {**old.definition, "version": old.version + 1, "deadline_days": 30}
    version = ServiceVersion(
        service=old.service, version=old.version + 1, definition=definition,
        digest=digest(definition),
    )  # fmt: skip
    if here:
        version.save()
        return version
    return ServiceVersion.objects.bulk_create([version])[0]


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: Any) -> Clock:
    ticking = Clock()
    monkeypatch.setattr(current.time, "monotonic", ticking)
    return ticking


def test_a_version_published_in_this_process_is_used_at_once(clock):
    old = service_version(SLUG)
    new = _next_version(old)

    old.service.current = new
    old.service.save()

    assert service_version(SLUG).pk == new.pk


def test_a_version_published_elsewhere_is_used_once_the_kept_catalogue_is_too_old(clock, settings):
    settings.CATALOGUE_CACHE_SECONDS = 10
    old = service_version(SLUG)
    new = _next_version(old)
    assert service_version(SLUG).pk == old.pk  # kept from now on

    Service.objects.filter(slug=SLUG).update(current=new)  # as another process's load would
    clock.now += 9
    assert service_version(SLUG).pk == old.pk
    clock.now += 2
    assert service_version(SLUG).pk == new.pk


def test_with_no_seconds_the_catalogue_is_read_on_every_use(clock, settings):
    settings.CATALOGUE_CACHE_SECONDS = 0
    old = service_version(SLUG)
    new = _next_version(old)

    Service.objects.filter(slug=SLUG).update(current=new)

    assert service_version(SLUG).pk == new.pk


def test_a_catalogue_read_in_a_transaction_that_changed_it_is_not_kept(clock, settings):
    settings.CATALOGUE_CACHE_SECONDS = 10
    old = service_version(SLUG)
    _next_version(old, here=True)  # this transaction changed the catalogue (uncommitted)

    assert service_version(SLUG).pk == old.pk
    assert current._kept is None
