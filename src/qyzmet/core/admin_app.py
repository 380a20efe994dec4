"""Django's admin app with qyzmet's site (``accounts/admin_site.py``, behind the second factor) as
the one every ``admin.register`` uses; in ``INSTALLED_APPS`` instead of
``django.contrib.admin``. Kept apart from the site, which cannot be imported while apps load."""

from __future__ import annotations

from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    default_site = "qyzmet.accounts.admin_site.OperatorsAdminSite"
