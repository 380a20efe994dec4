from django.contrib import admin
from django.urls import path
from django.views.generic import RedirectView

from qyzmet.api.api import api

urlpatterns = [
    # Until the citizen portal lands, the front door is the API reference.
    path("", RedirectView.as_view(url="/api/v1/docs", permanent=False)),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]
