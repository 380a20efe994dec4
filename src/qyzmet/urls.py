from django.contrib import admin
from django.urls import include, path

from qyzmet.api.api import api

urlpatterns = [
    path("", include("qyzmet.portal.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("back-office/", include("qyzmet.backoffice.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("", include("qyzmet.messenger.urls")),
]
