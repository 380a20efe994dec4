"""Background jobs of result documents, each calling one domain function."""

from __future__ import annotations

from django_tasks import task

from qyzmet.applications.models import Case
from qyzmet.documents.services import issue_result_document


@task()
def issue(case_id: str) -> str:
    """Issue the signed document of an approved case (once, however often it runs)."""
    return issue_result_document(case=Case.objects.get(pk=case_id)).pk
