"""Reading result documents."""

from __future__ import annotations

from typing import Any

from qyzmet.applications.models import Case, CaseStatus
from qyzmet.core.errors import NotFound
from qyzmet.documents.models import ResultDocument
from qyzmet.documents.services import issue_result_document


def result_document_of(case: Case) -> ResultDocument:
    """The result document of an approved case (issued now when the issue after approval
    did not happen, e.g. the process stopped); ``NotFound`` for a case without one."""
    if case.status != CaseStatus.APPROVED:
        raise NotFound("not_found.document")
    return issue_result_document(case=case)


def documents_by_case(cases: list[Case]) -> dict[Any, ResultDocument]:
    """The latest document already issued for each of ``cases`` (revoked, if the decision was
    reversed since), by case id, in one query."""
    documents = (
        ResultDocument.objects.filter(case__in=cases)
        .only("id", "case_id", "revoked_at", "issued_at")
        .order_by("issued_at")
    )
    return {document.case_id: document for document in documents}
