"""The shape of the house: layers only look down, migrations and the OpenAPI document are
committed, settings docs are current, and every API operation needs authentication unless it
is listed as public."""

from __future__ import annotations

import ast
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

import qyzmet
from qyzmet import conf

PACKAGE = Path(qyzmet.__file__).parent
ROOT = PACKAGE.parent.parent
DOMAIN = {"audit", "catalog", "registries", "accounts", "applications", "notifications",
          "quality", "payments", "trust", "partners",
          "documents", "assistant", "demo", "offers", "keys"}  # fmt: skip
CHANNELS = {"portal", "backoffice", "api", "messenger", "govstack"}
SHARED = {"callers"}  # what the API channels share, between them and the domain
PUBLIC_OPERATIONS = {
    ("GET", "/api/v1/life-situations"),
    ("GET", "/api/v1/life-situations/{situation_id}"),
    ("GET", "/api/v1/services"),
    ("GET", "/api/v1/services/{service_id}"),
}


def imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return {n.split(".")[1] for n in names if n.startswith("qyzmet.") and n.count(".") >= 1}


def modules_of(app: str) -> list[Path]:
    return sorted((PACKAGE / app).rglob("*.py")) if (PACKAGE / app).is_dir() else []


@pytest.mark.parametrize("module", modules_of("core"), ids=str)
def test_core_imports_no_app(module):
    assert imported_apps(module) - {"core"} == set()


@pytest.mark.parametrize("module", modules_of("jobs"), ids=str)
def test_the_jobs_glue_imports_no_app_but_core(module):
    # Domain apps declare their jobs in their own tasks.py; the worker finds them.
    assert imported_apps(module) - {"core", "jobs"} == set()


@pytest.mark.parametrize("module", modules_of("idempotency"), ids=str)
def test_the_idempotency_store_imports_no_app_but_core(module):
    # Any channel may use it; it knows nothing of what the requests do.
    assert imported_apps(module) - {"core", "jobs", "idempotency"} == set()


@pytest.mark.parametrize("module", [m for app in DOMAIN for m in modules_of(app)], ids=str)
def test_domain_apps_never_import_channels(module):
    assert imported_apps(module) & (CHANNELS | SHARED) == set()


@pytest.mark.parametrize("module", [m for app in SHARED for m in modules_of(app)], ids=str)
def test_what_the_channels_share_imports_no_channel(module):
    assert imported_apps(module) & CHANNELS == set()


@pytest.mark.parametrize("channel", sorted(CHANNELS))
def test_channels_never_import_each_other(channel):
    for module in modules_of(channel):
        assert imported_apps(module) & (CHANNELS - {channel}) == set(), module


@pytest.mark.django_db
def test_every_migration_is_committed():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def test_the_committed_openapi_document_is_current():
    from qyzmet.api.api import api

    committed = json.loads((ROOT / "docs" / "openapi.json").read_text(encoding="utf-8"))
    current = json.loads(json.dumps(api.get_openapi_schema(path_prefix="/api/v1/")))
    assert committed == current, (
        "docs/openapi.json is out of date: run `qyzmet openapi --output docs/openapi.json`"
    )


def test_the_settings_docs_are_current():
    assert (ROOT / "docs" / "settings.md").read_text(encoding="utf-8") == conf.markdown_table()


def test_every_api_operation_needs_authentication_unless_public():
    from qyzmet.api.api import api

    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            public = (method.upper(), path) in PUBLIC_OPERATIONS
            assert bool(operation.get("security")) != public, (method, path)
