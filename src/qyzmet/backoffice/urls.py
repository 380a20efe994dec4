"""The officers' back office (its own sign-in with a second factor)."""

from django.urls import path  # noqa: F401

app_name = "backoffice"

urlpatterns: list = []
