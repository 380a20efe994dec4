"""Citizens' sign-in, sign-out and inbox."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
