"""Public statistics of service quality."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
