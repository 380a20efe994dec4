"""The WSGI application of ``qyzmet registry serve``: the exchange endpoint alone."""

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qyzmet.settings")
django.setup()

from qyzmet.exchange.server import application  # noqa: E402

__all__ = ["application"]
