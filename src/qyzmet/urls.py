from django.contrib import admin
from django.urls import include, path
from oauth2_provider import views as oauth

from qyzmet.api.api import api
from qyzmet.core.health import healthz, readyz
from qyzmet.portal.views.payments import payment_webhook
from qyzmet.portal.views.sms_reports import sms_delivery_report

urlpatterns = [
    path("healthz", healthz, name="healthz"),  # the process is up (docs/operations.md)
    path("readyz", readyz, name="readyz"),  # the database, migrations and keys are ready
    path("", include("qyzmet.portal.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("back-office/", include("qyzmet.backoffice.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("oauth/token/", oauth.TokenView.as_view(), name="oauth-token"),
    path("oauth/revoke/", oauth.RevokeTokenView.as_view(), name="oauth-revoke"),
    path("govstack/registration/", include("qyzmet.govstack.urls")),
    path("", include("qyzmet.messenger.urls")),
    path("sandbox-pay/", include("qyzmet.paysandbox.urls")),
    path("payments/webhooks/<slug:provider>/", payment_webhook, name="payment-webhook"),
    path("sms/delivery-reports/<slug:gateway>/", sms_delivery_report, name="sms-delivery-report"),
]

handler500 = "qyzmet.failures.server_error"
