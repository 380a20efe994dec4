"""WSGI entry point: ``gunicorn qyzmet.wsgi`` (``qyzmet serve`` starts it for you)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qyzmet.settings")
application = get_wsgi_application()
