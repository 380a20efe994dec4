from __future__ import annotations

from typing import Any

from django.db import transaction
from django.urls import path
from ninja import NinjaAPI, Schema

from bare.models import Change, Record, Submission, Task

api = NinjaAPI(title="bare", docs_url=None)


class SubmissionIn(Schema):
    service: str
    data: dict[str, Any] = {}


class SubmissionOut(Schema):
    id: int
    service: str
    status: str


@api.post("/submissions", response={201: SubmissionOut})
def submit(request: Any, body: SubmissionIn) -> tuple[int, dict[str, Any]]:
    with transaction.atomic():
        submission = Submission.objects.create(service=body.service, data=body.data)
        task = Task.objects.create(submission=submission, status="submitted")
        Change.objects.create(task=task, status="submitted")
        Record.objects.create(action="submitted", subject=str(submission.pk))
    return 201, {"id": submission.pk, "service": submission.service, "status": task.status}


@api.get("/submissions/{number}", response=SubmissionOut)
def read(request: Any, number: int) -> dict[str, Any]:
    submission = Submission.objects.filter(pk=number).first() or Submission(pk=0, service="")
    return {"id": submission.pk or 0, "service": submission.service, "status": "submitted"}


urlpatterns = [path("api/", api.urls)]
