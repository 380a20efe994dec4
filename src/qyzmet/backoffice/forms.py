"""The back office's forms: they check what was typed and nothing else; the rules live in the
domain functions the views call."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from qyzmet.accounts.models import User
from qyzmet.applications.models import CaseStatus
from qyzmet.applications.reversals import GROUNDS, ground_label
from qyzmet.backoffice.presenters import status_label
from qyzmet.catalog.models import Service
from qyzmet.catalog.reasons import ReasonTemplate
from qyzmet.core.texts import Text, pick
from qyzmet.representation.words import KINDS

REASON_MAX_LENGTH = 2000


def _set_choices(form: forms.Form, name: str, choices: list[Any]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


class SignInForm(forms.Form):
    username = forms.CharField(
        label=_("User name"),
        max_length=150,
        error_messages={"required": _("Enter your user name.")},
        widget=forms.TextInput(attrs={"autocomplete": "username", "spellcheck": "false"}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        error_messages={"required": _("Enter your password.")},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    code = forms.RegexField(
        label=_("Code from your authenticator app"),
        help_text=_("6 digits; a new code appears every 30 seconds."),
        regex=r"^\s*\d{6}\s*$",
        error_messages={
            "required": _("Enter the 6-digit code from your authenticator app."),
            "invalid": _("The code has 6 digits."),
        },
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "maxlength": "8"}
        ),
    )


OPEN, DECIDED, ANY = "open", "decided", "any"  # the queue's groups of statuses; open unless asked
AT_REVIEW, AT_SIGN_OFF = "review", "sign-off"  # the queue's stages (services with stages)
AT_CONSULTATION = "consultation"  # waiting for another agency's answer


class QueueFilterForm(forms.Form):
    """The queue's filters, read from the query string (every field optional; without a status
    the queue shows the open cases, those awaiting a decision)."""

    status = forms.ChoiceField(label=_("Status"), required=False)
    service = forms.ChoiceField(label=_("Service"), required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    mine = forms.BooleanField(label=_("Assigned to me"), required=False)
    stage = forms.ChoiceField(
        label=_("Stage"),
        required=False,
        choices=[
            ("", _("Any stage")),
            (AT_REVIEW, _("At review")),
            (AT_SIGN_OFF, _("Waiting for sign-off")),
            (AT_CONSULTATION, _("Waiting for another agency")),
        ],
    )
    escalated = forms.BooleanField(label=_("Escalated only"), required=False)
    sort = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[("due", _("Due date, earliest first")), ("-due", _("Due date, latest first"))],
    )

    def __init__(self, *args: Any, officer: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        statuses = [(s.value, status_label(s.value)) for s in CaseStatus]
        groups = [
            (OPEN, _("Open (awaiting a decision)")),
            (DECIDED, _("Decided")),
            (ANY, _("Any status")),
        ]
        _set_choices(self, "status", [*groups, *statuses])
        services = Service.objects.filter(agency=officer.agency).select_related("current")
        titles = [(s.slug, pick(s.current.title) if s.current else s.slug) for s in services]
        _set_choices(self, "service", [("", _("Any service")), *titles])
        self.staged = any(s.current and s.current.stages for s in services)


class CaseIdsField(forms.Field):
    """The cases ticked in the queue, as UUIDs."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {
        "required": _("Choose at least one case to assign."),
        "invalid": _("A chosen case is not valid."),
    }

    def to_python(self, value: Any) -> list[uuid.UUID]:
        try:
            return [uuid.UUID(str(item)) for item in value or []]
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class OfficerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        name = obj.get_full_name()
        return f"{name} ({obj.username})" if name else obj.username


class BulkAssignForm(forms.Form):
    cases = CaseIdsField()
    assignee = OfficerChoiceField(
        label=_("Assign the chosen cases to"),
        queryset=User.objects.none(),
        empty_label=_("Choose an officer"),
        error_messages={"required": _("Choose the officer to assign the cases to.")},
    )

    def __init__(self, *args: Any, officer: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["assignee"]
        assert isinstance(field, forms.ModelChoiceField)
        colleagues = User.objects.filter(agency=officer.agency, is_active=True)
        field.queryset = colleagues.order_by("username")


class DecisionForm(forms.Form):
    """Rejecting: a reason template from the catalogue, which the citizen reads in their own
    language, and what the officer writes, which the citizen reads as written."""

    template = forms.ChoiceField(
        label=_("Reason from the catalogue"), required=False, widget=forms.RadioSelect, initial=""
    )
    reason = forms.CharField(
        label=_("In your own words"),
        help_text=_(
            "Optional when you choose a reason above. The citizen reads it exactly as you "
            "write it, marked with its language: it is not translated."
        ),
        required=False,
        strip=False,
        max_length=REASON_MAX_LENGTH,
        error_messages={"max_length": _("The reason can have at most %(limit_value)d characters.")},
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(
        self, *args: Any, templates: list[ReasonTemplate], language: str, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.language = language  # the officer's: they read the templates in it, whole
        self.texts = {str(t.pk): t.text for t in templates}
        choices = [(pk, pick(text, language)) for pk, text in self.texts.items()]
        _set_choices(self, "template", [("", _("None: I write the reason")), *choices])

    def chosen_template(self) -> Text | None:
        """The chosen template in kk/ru/en, as the citizen will read it in theirs."""
        return self.texts.get(self.cleaned_data.get("template") or "")


class ReversalForm(forms.Form):
    """Reversing a decision: a ground from the list and a reason the citizen reads. Whether
    both are given and the ground exists is the domain's to say (``reverse_case``)."""

    prefix = "reversal"  # its fields live on the case page beside the decision form's
    ground = forms.CharField(label=_("Ground"), required=False)
    reason = forms.CharField(
        label=_("Reason for the reversal"),
        help_text=_("The citizen reads this; write it in their language."),
        required=False,
        strip=False,
        max_length=REASON_MAX_LENGTH,
        error_messages={"max_length": _("The reason can have at most %(limit_value)d characters.")},
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def grounds(self) -> list[tuple[str, str]]:
        """The grounds to choose from, in the officer's language."""
        return [(str(value), ground_label(value)) for value in GROUNDS]


class MandateRecordForm(forms.Form):
    """Recording a notarised mandate or a guardianship from its paper. Whether the people exist
    and live, the services and the last day are right, is the domain's to say
    (``representation.records.record_mandate``)."""

    kind = forms.ChoiceField(
        label=_("What does the paper prove?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what the paper proves.")},
    )
    principal_iin = forms.CharField(
        label=_("IIN of the person represented"),
        help_text=_("The principal, or the person under guardianship or care."),
        max_length=32,
        error_messages={"required": _("Enter the IIN of the person represented.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    representative_iin = forms.CharField(
        label=_("IIN of the representative"),
        help_text=_("The attorney, guardian or carer; 18 or older."),
        max_length=32,
        error_messages={"required": _("Enter the IIN of the representative.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    services = forms.MultipleChoiceField(
        label=_("Services"),
        help_text=_("Tick those the paper names; tick none if it covers every service."),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    until = forms.DateField(
        label=_("Last day"),
        help_text=_("As the paper says; a power of attorney lasts at most 3 years."),
        error_messages={
            "required": _("Enter the last day."),
            "invalid": _("Enter the last day as a date."),
        },
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    document_reference = forms.CharField(
        label=_("Document reference"),
        help_text=_(
            "The notarial register number, or the court's or guardianship body's "
            "decision number and date."
        ),
        max_length=200,
        error_messages={"required": _("Enter the document reference.")},
    )

    def __init__(self, *args: Any, services: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "kind", [(k, pick(KINDS[k])) for k in ("notarised", "guardianship")])
        _set_choices(self, "services", [(s.slug, pick(s.title)) for s in services])


# Send back for correction
DOCUMENT_CHOICE = "document:"  # a document's choice among the send-back's fields


class SendBackForm(forms.Form):
    """Sending a case back: the fields of the service's form the citizen must change, and a
    message they read as written. Whether both are given is the domain's to say
    (``applications.corrections.send_back``)."""

    prefix = "correction"  # its fields live on the case page beside the decision form's
    fields_to_change = forms.MultipleChoiceField(
        label=_("What the citizen must change"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    message = forms.CharField(
        label=_("Message to the citizen"),
        help_text=_(
            "Say what is wrong and what to do. The citizen reads it exactly as you write it, "
            "marked with its language: write it in their language."
        ),
        required=False,
        strip=False,
        max_length=REASON_MAX_LENGTH,
        error_messages={
            "max_length": _("The message can have at most %(limit_value)d characters.")
        },
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(
        self, *args: Any, fields: list[tuple[str, Text]],
        documents: Sequence[tuple[str, Text]] = (), **kwargs: Any,
    ) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        self.labels = {name: pick(label) or name for name, label in fields}
        for kind, label in documents:  # one checklist: the documents follow the fields
            self.labels[DOCUMENT_CHOICE + kind] = _("Document: %(label)s") % {
                "label": pick(label) or kind
            }
        _set_choices(self, "fields_to_change", list(self.labels.items()))

    def chosen_labels(self) -> list[str]:
        return [self.labels[name] for name in self.cleaned_data.get("fields_to_change", [])]

    def chosen(self) -> tuple[list[str], list[str]]:
        """The fields and the documents (ids of the service's attachments) chosen."""
        names = self.cleaned_data.get("fields_to_change", [])
        documents = [
            n.removeprefix(DOCUMENT_CHOICE) for n in names if n.startswith(DOCUMENT_CHOICE)
        ]
        return [n for n in names if not n.startswith(DOCUMENT_CHOICE)], documents


class ReturnDecisionForm(forms.Form):
    """Returning a prepared decision to the officer who prepared it, with what to look at
    again (required: the domain says so, ``casework.stages.return_to_review``)."""

    prefix = "return"
    note = forms.CharField(
        label=_("Note to the officer who prepared it"),
        help_text=_("Say what to look at again. Only officers read it; the citizen does not."),
        required=False,
        strip=False,
        max_length=REASON_MAX_LENGTH,
        error_messages={"max_length": _("The note can have at most %(limit_value)d characters.")},
        widget=forms.Textarea(attrs={"rows": 3}),
    )
