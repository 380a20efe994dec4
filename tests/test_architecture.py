"""The shape of the house: layers only look down, migrations and the OpenAPI document are
committed, settings docs are current, every API operation needs authentication unless it is
listed as public, and the APIs' shapes are plain pydantic models."""

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
          "quality", "payments", "trust", "partners", "tracker",
          "documents", "assistant", "demo", "offers", "exchange", "keys", "identity",
          "representation", "appointments", "attachments", "casework"}  # fmt: skip
CHANNELS = {"portal", "backoffice", "api", "messenger", "govstack"}
SHARED = {"callers"}  # what the API channels share, between them and the domain
# Registry data is read through the exchange alone: outside the registries, the exchange and
# the demo's writers, only these names of `qyzmet.registries` may be imported.
REGISTRY_VOCABULARY = {
    "qyzmet.registries.fields": {"FIELD_LABELS", "REGISTRY_NAMES", "field_paths"},  # no readers
    "qyzmet.registries.checks": {"CheckRegistry", "checks"},  # rules over exchanged values
    "qyzmet.registries.presentation": {"Shown", "present", "present_as", "present_person", "date"},
    "qyzmet.registries.answers": {"AnswerRegistry", "answers"},  # answers from exchanged values
    "qyzmet.registries": {"names"},  # first names and patronymics, as words
    "qyzmet.registries.events": {"subscribe"},  # events the registries hand to subscribers...
    "qyzmet.registries.models": {"RegistryEvent"},  # ...and the event they are handed
}
REGISTRY_READERS = {"registries", "exchange", "demo"}
PUBLIC_OPERATIONS = {
    ("GET", "/api/v1/life-situations"),
    ("GET", "/api/v1/life-situations/{situation_id}"),
    ("GET", "/api/v1/services"),
    ("GET", "/api/v1/services/{service_id}"),
    ("GET", "/api/v1/services/{service_id}/service-centres"),
    ("GET", "/api/v1/service-centres/{centre_id}/slots"),
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


@pytest.mark.parametrize("module", modules_of("operations"), ids=str)
def test_what_operators_watch_reads_the_domain_not_the_channels(module):
    assert imported_apps(module) & (CHANNELS | SHARED) == set()


@pytest.mark.parametrize(
    "module", [m for app in DOMAIN | CHANNELS | SHARED for m in modules_of(app)], ids=str
)
def test_no_app_depends_on_what_operators_watch(module):
    assert "operations" not in imported_apps(module)


@pytest.mark.parametrize("module", modules_of("jobs"), ids=str)
def test_the_jobs_glue_imports_no_app_but_core(module):
    # Domain apps declare their jobs in their own tasks.py; the worker finds them.
    assert imported_apps(module) - {"core", "jobs"} == set()


@pytest.mark.parametrize("module", modules_of("idempotency"), ids=str)
def test_the_idempotency_store_imports_no_app_but_core(module):
    # Any channel may use it; it knows nothing of what the requests do.
    assert imported_apps(module) - {"core", "jobs", "idempotency"} == set()


@pytest.mark.parametrize("module", modules_of("identity"), ids=str)
def test_identity_protocols_import_no_app_but_core(module):
    # OpenID Connect, certificates and signatures: protocols, below the accounts they prove.
    assert imported_apps(module) - {"core", "identity"} == set()


@pytest.mark.parametrize("module", [m for app in DOMAIN for m in modules_of(app)], ids=str)
def test_domain_apps_never_import_channels(module):
    assert imported_apps(module) & (CHANNELS | SHARED) == set()


@pytest.mark.parametrize("module", [m for app in SHARED for m in modules_of(app)], ids=str)
def test_what_the_channels_share_imports_no_channel(module):
    assert imported_apps(module) & CHANNELS == set()


def uses_ninjas_schema(path: Path) -> bool:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        imported = isinstance(node, ast.ImportFrom) and (node.module or "").startswith("ninja")
        if imported and any(alias.name.endswith("Schema") for alias in node.names):
            return True  # Schema, ModelSchema, FilterSchema...
        named = isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
        if named and node.attr.endswith("Schema") and node.value.id == "ninja":
            return True
    return False


def test_the_apis_shapes_are_validated_by_pydantic_alone():
    # django-ninja's Schema wraps each object it validates in a getter written in Python;
    # the APIs' shapes subclass callers.shapes.Shape instead (decision 82).
    assert [str(m) for m in sorted(PACKAGE.rglob("*.py")) if uses_ninjas_schema(m)] == []


@pytest.mark.parametrize("channel", sorted(CHANNELS))
def test_channels_never_import_each_other(channel):
    for module in modules_of(channel):
        assert imported_apps(module) & (CHANNELS - {channel}) == set(), module


def registry_imports(path: Path) -> set[tuple[str, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[tuple[str, str]] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("qyzmet.registries"):
            found.update((str(node.module), alias.name) for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(
                (alias.name, "*") for alias in node.names
                if alias.name.startswith("qyzmet.registries")
            )  # fmt: skip
    return found


OUTSIDE_THE_REGISTRIES = [
    m
    for m in sorted(PACKAGE.rglob("*.py"))
    if m.relative_to(PACKAGE).parts[0] not in REGISTRY_READERS
]


@pytest.mark.parametrize("module", OUTSIDE_THE_REGISTRIES, ids=str)
def test_nothing_but_the_exchange_reads_the_registries(module):
    imported = registry_imports(module)
    allowed = {(m, name) for m, names in REGISTRY_VOCABULARY.items() for name in names}
    assert imported - allowed == set(), "read registry data through qyzmet.exchange.client"


def test_automatic_checks_read_nothing_themselves():
    # They declare the fields they need; the exchange fetches them for the service's agency.
    assert registry_imports(PACKAGE / "registries" / "checks.py") == set()
    assert registry_imports(PACKAGE / "registries" / "answers.py") == set()


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


def test_each_setting_is_declared_once():
    names = [setting.name for setting in conf.SETTINGS]
    assert not {name for name in names if names.count(name) > 1}


def test_the_settings_docs_are_current():
    assert (ROOT / "docs" / "settings.md").read_text(encoding="utf-8") == conf.markdown_table()


def test_every_api_operation_needs_authentication_unless_public():
    from qyzmet.api.api import api

    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            public = (method.upper(), path) in PUBLIC_OPERATIONS
            assert bool(operation.get("security")) != public, (method, path)
