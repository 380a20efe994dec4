"""The consulted officer's answer: agree or object, with a note (required to object: the domain
says so, ``casework.consultations.answer_consultation``)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from qyzmet.casework.consultations import NOTE_MAX_LENGTH


class ConsultationAnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Your agency's answer"),
        choices=[
            ("agree", _("We agree with the prepared decision")),
            ("object", _("We object to the prepared decision")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether your agency agrees or objects.")},
    )
    note = forms.CharField(
        label=_("Note to the agency that asked"),
        help_text=_(
            "Required if you object: say why. Only officers read it; the citizen does not."
        ),
        required=False,
        strip=False,
        max_length=NOTE_MAX_LENGTH,
        error_messages={"max_length": _("The note can have at most %(limit_value)d characters.")},
        widget=forms.Textarea(attrs={"rows": 4}),
    )
