"""Four tables, shaped like an application, its case, a line of status history and an audit
record. No ``__str__``: nothing shows them."""

from __future__ import annotations

from django.db import models


class Submission(models.Model):
    service = models.CharField(max_length=64)
    data = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)


class Task(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE)
    status = models.CharField(max_length=20)


class Change(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE)
    status = models.CharField(max_length=20)
    at = models.DateTimeField(auto_now_add=True)


class Record(models.Model):
    action = models.CharField(max_length=64)
    subject = models.CharField(max_length=64)
    at = models.DateTimeField(auto_now_add=True)
