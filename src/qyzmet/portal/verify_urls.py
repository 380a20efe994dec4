"""Public checking of result documents; the agencies' published keys."""

from django.urls import path

from qyzmet.portal.views import documents

urlpatterns = [
    path("", documents.check, name="verify"),
    path("keys.json", documents.keys, name="verify-keys"),
    path("root.pem", documents.root, name="verify-root"),
    path("<str:document_id>/", documents.document_status, name="verify-document"),
]
