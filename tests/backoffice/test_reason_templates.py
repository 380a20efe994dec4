"""Reason templates are seeded from a YAML file, once per agency, and can be reloaded."""

from __future__ import annotations

import pytest

from qyzmet.audit.models import AuditRecord
from qyzmet.catalog.models import Agency
from qyzmet.catalog.reasons import (
    ReasonTemplate,
    ReasonTemplatesRefused,
    load_reason_templates,
    reason_templates_for,
)

pytestmark = pytest.mark.django_db


def test_every_agency_gets_the_general_templates():
    ReasonTemplate.objects.all().delete()  # the test database loads them with the catalogue
    report = load_reason_templates(channel="test")
    for agency in Agency.objects.all():
        assert ReasonTemplate.objects.filter(agency=agency, slug="documents-unreadable").exists()
    assert len(report.created) == ReasonTemplate.objects.count()
    template = ReasonTemplate.objects.filter(slug="documents-unreadable").first()
    assert set(template.text) == {"kk", "ru", "en"}
    created = AuditRecord.objects.filter(action="reason_template.loaded", channel="test")
    assert created.count() == len(report.created)


def test_loading_again_changes_nothing():
    load_reason_templates(channel="test")
    again = load_reason_templates(channel="test")
    assert again.created == [] and again.updated == []


def test_a_service_template_is_offered_only_for_its_service():
    load_reason_templates(channel="test")
    police = Agency.objects.get(slug="internal-affairs")
    for_passport = {t.slug for t in reason_templates_for(agency_id=police.pk, service="passport")}
    for_vehicle = {
        t.slug for t in reason_templates_for(agency_id=police.pk, service="vehicle-registration")
    }
    assert {"passport-photo", "documents-unreadable"} <= for_passport
    assert "passport-photo" not in for_vehicle and "documents-unreadable" in for_vehicle


def test_a_template_without_every_language_is_refused(tmp_path):
    path = tmp_path / "reasons.yaml"
    path.write_text("general:\n  - id: short\n    text: {ru: Коротко, en: Short}\n")
    with pytest.raises(ReasonTemplatesRefused) as refused:
        load_reason_templates(path=path, channel="test")
    assert "short" not in ReasonTemplate.objects.values_list("slug", flat=True)
    assert any(p.path.endswith(".text.kk") for p in refused.value.problems)


def test_an_unknown_agency_is_refused(tmp_path):
    path = tmp_path / "reasons.yaml"
    path.write_text(
        "agencies:\n  ministry-of-magic:\n    - id: x\n      text: {kk: a, ru: b, en: c}\n"
    )
    with pytest.raises(ReasonTemplatesRefused):
        load_reason_templates(path=path, channel="test")


def test_operators_write_templates_in_the_admin(admin_client):
    police = Agency.objects.get(slug="internal-affairs")
    response = admin_client.post(
        "/admin/catalog/reasontemplate/add/",
        {
            "agency": police.pk,
            "service": "passport",
            "slug": "old-photo",
            "text_kk": "Фотосурет ескі.",
            "text_ru": "Фотография устарела.",
            "text_en": "The photo is old.",
        },
    )
    assert response.status_code == 302
    template = ReasonTemplate.objects.get(agency=police, slug="old-photo")
    assert template.text == {
        "kk": "Фотосурет ескі.",
        "ru": "Фотография устарела.",
        "en": "The photo is old.",
    }
    assert AuditRecord.objects.filter(
        action="reason_template.created", object_id=str(template.pk)
    ).exists()


def test_the_loaded_catalogue_is_shown_but_not_edited_in_the_admin(admin_client):
    assert admin_client.get("/admin/catalog/serviceversion/").status_code == 200
    assert admin_client.get("/admin/catalog/agency/add/").status_code == 403
