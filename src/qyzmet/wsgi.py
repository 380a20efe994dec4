"""WSGI entry point: ``gunicorn qyzmet.wsgi`` (``qyzmet serve`` starts it for you). It refuses
to start when a security check fails (``core/startup.py``)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qyzmet.settings")
application = get_wsgi_application()

from qyzmet.core.startup import refuse_unsafe_start  # noqa: E402

refuse_unsafe_start()
