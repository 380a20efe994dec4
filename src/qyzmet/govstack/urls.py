"""Mounted at ``/govstack/registration/`` by ``qyzmet.urls``."""

from django.urls import path

from qyzmet.govstack.api import api

urlpatterns = [path("", api.urls)]
