"""WSGI entry point: ``gunicorn qyzmet.wsgi`` (``qyzmet serve`` starts it for you). It refuses
to start when a security check fails (``core/startup.py``). A request shed under overload is
answered before Django (``qyzmet.shedding``)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qyzmet.settings")
django_application = get_wsgi_application()

from qyzmet.core.startup import refuse_unsafe_start  # noqa: E402
from qyzmet.shedding import Shedding  # noqa: E402  (once Django is set up)

application = Shedding(django_application)

refuse_unsafe_start()
