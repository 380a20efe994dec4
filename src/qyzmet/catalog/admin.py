"""The Django admin for operators: the loaded catalogue to look at (it changes only by loading
its YAML files, so every version stays as applications used it), and the reason templates
officers reject cases with, to write and change."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.html import format_html

from qyzmet.catalog.models import (
    Agency,
    LifeSituation,
    LifeSituationVersion,
    Service,
    ServiceVersion,
)
from qyzmet.catalog.reasons import ReasonTemplate, delete_reason_template, save_reason_template
from qyzmet.core.texts import LANGUAGES

CHANNEL = "admin"


class LoadedFromFiles(admin.ModelAdmin):
    """Shown, never edited here: `qyzmet catalog load` is the one way the catalogue changes."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def _pretty(data: Any) -> str:
    return format_html("<pre>{}</pre>", json.dumps(data, ensure_ascii=False, indent=2))


@admin.register(Agency)
class AgencyAdmin(LoadedFromFiles):
    list_display = ["slug", "__str__", "registries", "bin"]
    search_fields = ["slug"]


@admin.register(Service)
class ServiceAdmin(LoadedFromFiles):
    list_display = ["slug", "agency", "current"]
    list_filter = ["agency"]
    search_fields = ["slug"]


@admin.register(ServiceVersion)
class ServiceVersionAdmin(LoadedFromFiles):
    list_display = ["__str__", "loaded_at", "digest"]
    list_filter = ["service__agency"]
    search_fields = ["service__slug"]
    fields = readonly_fields = ("service", "version", "loaded_at", "digest", "definition_shown")

    @admin.display(description="definition")
    def definition_shown(self, version: ServiceVersion) -> str:
        return _pretty(version.definition)


@admin.register(LifeSituation)
class LifeSituationAdmin(LoadedFromFiles):
    list_display = ["slug", "current"]
    search_fields = ["slug"]


@admin.register(LifeSituationVersion)
class LifeSituationVersionAdmin(LoadedFromFiles):
    list_display = ["__str__", "loaded_at", "digest"]
    fields = readonly_fields = (
        "life_situation",
        "version",
        "loaded_at",
        "digest",
        "definition_shown",
    )

    @admin.display(description="definition")
    def definition_shown(self, version: LifeSituationVersion) -> str:
        return _pretty(version.definition)


class ReasonTemplateForm(forms.ModelForm):
    """The text as three plain fields (Kazakh, Russian, English) instead of raw JSON."""

    text_kk = forms.CharField(label="Text (Kazakh)", widget=forms.Textarea(attrs={"rows": 3}))
    text_ru = forms.CharField(label="Text (Russian)", widget=forms.Textarea(attrs={"rows": 3}))
    text_en = forms.CharField(label="Text (English)", widget=forms.Textarea(attrs={"rows": 3}))

    class Meta:
        model = ReasonTemplate
        fields = ["agency", "service", "slug"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for language in LANGUAGES:
            self.fields[f"text_{language}"].initial = (self.instance.text or {}).get(language, "")

    def save(self, commit: bool = True) -> Any:
        self.instance.text = {lang: self.cleaned_data[f"text_{lang}"] for lang in LANGUAGES}
        return super().save(commit=commit)


@admin.register(ReasonTemplate)
class ReasonTemplateAdmin(admin.ModelAdmin):
    form = ReasonTemplateForm
    list_display = ["slug", "agency", "service", "text_ru"]
    list_filter = ["agency"]
    search_fields = ["slug", "service"]

    @admin.display(description="text (ru)")
    def text_ru(self, template: ReasonTemplate) -> str:
        return template.text_in("ru")

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        save_reason_template(template=obj, actor=request.user, channel=CHANNEL)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        delete_reason_template(template=obj, actor=request.user, channel=CHANNEL)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for template in queryset:
            delete_reason_template(template=template, actor=request.user, channel=CHANNEL)
