"""The Django admin for operators: record an investigation's request to hide an access
(checked like ``qyzmet tracker hide``), look at the concealments, lift them early. Every
change goes through the tracker's domain functions, so it is audited; nothing is edited or
deleted."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import widgets
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from qyzmet.core.errors import DomainError, Invalid
from qyzmet.core.messages import render
from qyzmet.tracker.bases import CONCEALMENT_BASES
from qyzmet.tracker.concealments import check_concealment, hide_access, lift_concealment
from qyzmet.tracker.models import Concealment

CHANNEL = "admin"
BASES = [(code, f"{code}: {text['en']}") for code, text in CONCEALMENT_BASES.items()]


class ConcealmentForm(forms.ModelForm):
    message_id = forms.CharField(
        max_length=64, label="Exchange request (message id)", help_text="The access to hide."
    )
    basis = forms.ChoiceField(
        choices=[("", "---------")]
        + [(code, text["en"]) for code, text in CONCEALMENT_BASES.items()],
        required=False,
        label="Legal basis",
    )
    until = forms.SplitDateTimeField(
        widget=widgets.AdminSplitDateTime,
        required=False,
        label="Hidden until",
        help_text="The access appears to the citizen at this moment.",
    )

    class Meta:
        model = Concealment
        fields = ("basis", "reference", "requested_by", "until")  # and message_id, declared

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("reference", "requested_by"):
            if name in self.fields:
                self.fields[name].required = False  # the domain says what is missing, and how

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            access = check_concealment(
                message_id=data.get("message_id", ""),
                basis=data.get("basis", ""),
                reference=data.get("reference", ""),
                requested_by=data.get("requested_by", ""),
                until=data.get("until"),
            )
        except Invalid as invalid:
            for problem in invalid.problems:
                if problem.field not in self.errors:
                    self.add_error(problem.field, render(problem.code, problem.params, "en"))
            return data
        earlier = Concealment.objects.filter(access=access).first()
        if earlier is not None:
            until = f"{timezone.localtime(earlier.lifted_at or earlier.until):%Y-%m-%d}"
            self.add_error("message_id", render("tracker.already_hidden", {"until": until}, "en"))
        return data


@admin.register(Concealment)
class ConcealmentAdmin(admin.ModelAdmin):
    list_display = (
        "message_id", "basis", "reference", "requested_by", "hidden_at", "until", "lifted_at",
        "hiding",
    )  # fmt: skip
    list_filter = ("basis",)
    search_fields = ("access__message_id", "reference", "requested_by")
    actions = ("lift",)
    form = ConcealmentForm

    @admin.display(description="message id", ordering="access__message_id")
    def message_id(self, concealment: Concealment) -> str:
        return concealment.access.message_id

    @admin.display(description="hiding now", boolean=True)
    def hiding(self, concealment: Concealment) -> bool:
        return concealment.hides_at(timezone.now())

    def get_queryset(self, request: HttpRequest) -> QuerySet[Concealment]:
        return super().get_queryset(request).select_related("access")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ()
        return (
            "message_id", "basis", "reference", "requested_by", "recorded_by", "hidden_at",
            "until", "lifted_at",
        )  # fmt: skip

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ("message_id", "basis", "reference", "requested_by", "until")
        return self.get_readonly_fields(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a concealment is recorded once; it ends by itself or is lifted

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        data = form.cleaned_data
        done = hide_access(
            message_id=data["message_id"],
            basis=data["basis"],
            reference=data["reference"],
            requested_by=data["requested_by"],
            until=data["until"],
            actor=request.user,
            channel=CHANNEL,
        )
        obj.__dict__.update({k: v for k, v in done.__dict__.items() if k != "_state"})
        obj._state.adding, obj._state.db = False, done._state.db
        obj.access = done.access

    @admin.action(description="Lift the selected concealments (the accesses show at once)")
    def lift(self, request: HttpRequest, queryset: QuerySet[Concealment]) -> None:
        for concealment in queryset.select_related("access"):
            try:
                lift_concealment(
                    message_id=concealment.access.message_id, actor=request.user, channel=CHANNEL
                )
            except DomainError as error:
                message = render(error.code, error.params, "en")
                self.message_user(request, f"{concealment.access.message_id}: {message}",
                                  messages.WARNING)  # fmt: skip
