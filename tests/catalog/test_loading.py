"""Loading the catalogue: idempotent, versioned, all or nothing."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command

from qyzmet.audit.models import AuditRecord
from qyzmet.catalog.documents import read_catalog
from qyzmet.catalog.models import ServiceVersion
from qyzmet.catalog.selectors import service_version
from qyzmet.catalog.services import CatalogRefused, load_catalog

pytestmark = pytest.mark.django_db
CATALOG = Path(settings.CATALOG_DIR)


def write_service(tmp_path: Path, **changes) -> Path:
    data = yaml.safe_load((CATALOG / "services" / "passport.yaml").read_text())
    data = {**copy.deepcopy(data), **changes}
    path = tmp_path / "services" / "passport.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    return path


def test_loading_the_same_catalogue_again_changes_nothing():
    report = load_catalog(catalog=read_catalog([CATALOG]))
    assert report.loaded == []
    assert len(report.unchanged) >= 35


def test_a_new_version_becomes_current_and_the_old_one_stays(tmp_path):
    old = service_version("passport")
    path = write_service(tmp_path, version=old.version + 1, deadline_days=3)
    report = load_catalog(catalog=read_catalog([path]))
    assert report.loaded == [f"service passport v{old.version + 1}"]
    assert service_version("passport").deadline_days == 3
    assert ServiceVersion.objects.filter(pk=old.pk).exists()


def test_changing_a_loaded_version_is_refused(tmp_path):
    old = service_version("passport")
    path = write_service(tmp_path, version=old.version, deadline_days=99)
    with pytest.raises(CatalogRefused) as refused:
        load_catalog(catalog=read_catalog([path]))
    assert "raise 'version'" in str(refused.value)
    assert service_version("passport").deadline_days == old.deadline_days


def test_catalog_list_json_has_the_promised_shape(capsys):
    call_command("catalog", "list", "--json")
    listing = json.loads(capsys.readouterr().out)
    situations = {s["id"]: s for s in listing["life_situations"]}
    services = {s["id"]: s for s in listing["services"]}
    assert len(situations) == 11 and len(services) == 25
    assert "residence-registration" in situations["moving"]["services"]
    passport = services["passport"]
    assert set(passport["title"]) == {"kk", "ru", "en"}
    assert {"agency", "fee_mci", "deadline_days"} <= set(passport)


def test_new_phrasings_improve_the_current_version_without_a_new_one(tmp_path):
    old = service_version("passport")
    phrasings = {**old.definition["phrasings"], "en": ["I need a passport for my holiday"]}
    path = write_service(tmp_path, version=old.version, phrasings=phrasings)
    report = load_catalog(catalog=read_catalog([path]))
    assert report.loaded == [f"service passport v{old.version} (phrasings)"]
    current = service_version("passport")
    assert current.pk == old.pk  # drafts and eForms keep pointing at the same version
    assert current.definition["phrasings"]["en"] == ["I need a passport for my holiday"]
    assert AuditRecord.objects.filter(action="service.phrasings_updated").exists()


def test_phrasings_do_not_carry_another_change_in_with_them(tmp_path):
    old = service_version("passport")
    phrasings = {**old.definition["phrasings"], "en": ["passport please"]}
    path = write_service(tmp_path, version=old.version, phrasings=phrasings, fee_mci=1)
    with pytest.raises(CatalogRefused):
        load_catalog(catalog=read_catalog([path]))
    assert service_version("passport").definition == old.definition
