"""The WSGI application of ``qyzmet registry serve``: the exchange endpoint alone. It refuses
to start when a security check fails (``core/startup.py``)."""

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qyzmet.settings")
django.setup()

from qyzmet.core.startup import refuse_unsafe_start  # noqa: E402
from qyzmet.exchange.server import application  # noqa: E402

refuse_unsafe_start()

__all__ = ["application"]
