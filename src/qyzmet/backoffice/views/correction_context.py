"""What the case page shows of sending back for correction: the form (when the case may be
sent back), the send-back the citizen has yet to answer, and the earlier ones."""

from __future__ import annotations

from typing import Any

from qyzmet.applications.corrections import correctable_documents, correctable_fields
from qyzmet.applications.models import PENDING_CASE_STATUSES, Case, CaseStatus
from qyzmet.backoffice.forms import SendBackForm
from qyzmet.core.texts import pick


def send_back_form(case: Case, data: Any = None) -> SendBackForm:
    return SendBackForm(
        data, fields=correctable_fields(case.service),
        documents=correctable_documents(case.service),
    )  # fmt: skip


def correction_context(case: Case, form: SendBackForm | None) -> dict[str, Any]:
    term = case.service.correction
    labels = dict(correctable_fields(case.service))
    documents = dict(correctable_documents(case.service))

    def named(names: list[str]) -> list[str]:
        return [pick(labels.get(name) or documents.get(name)) or name for name in names]

    corrections = [
        (
            correction,
            named(correction.field_names + correction.document_names),
            named(correction.changed),
        )
        for correction in case.corrections.select_related("officer")
    ]
    return {
        "may_send_back": term is not None and case.status in PENDING_CASE_STATUSES,
        "correction_term": term,
        "send_back_form": form or send_back_form(case),
        "sent_back": case.status == CaseStatus.SENT_BACK,
        "corrections": corrections,
    }
