"""Background jobs of result documents, each calling one domain function."""

from __future__ import annotations

from django_tasks import task

from qyzmet.applications.models import Case
from qyzmet.core.errors import Conflict
from qyzmet.documents.services import issue_result_document


@task(priority=-5)  # drawing and signing a PDF takes long: codes and webhooks go first
def issue(case_id: str) -> str:
    """Issue the signed document of an approved case (once, however often it runs); nothing
    when its approval was reversed before the job ran."""
    try:
        return issue_result_document(case=Case.objects.get(pk=case_id)).pk
    except Conflict:
        return ""
