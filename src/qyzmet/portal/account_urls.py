"""Citizens' sign-in, sign-out and inbox, and the demo outbox of sign-in codes."""

from django.urls import path

from qyzmet.portal.views import (
    account,
    consents,
    preferences,
    representatives,
    signin_redirect,
    signin_signature,
)

urlpatterns = [
    path("sign-in/", account.sign_in, name="sign-in"),
    path("sign-in/code/", account.sign_in_code, name="sign-in-code"),
    path("sign-in/<slug:name>/", signin_redirect.begin, name="sign-in-redirect"),
    path("sign-in/<slug:name>/callback/", signin_redirect.callback, name="sign-in-callback"),
    path(
        "sign-in/<slug:name>/signature/",
        signin_signature.sign_in_signature,
        name="sign-in-signature",
    ),
    path("sign-out/", account.sign_out, name="sign-out"),
    path("inbox/", account.inbox, name="inbox"),
    path("consents/", consents.consent_list, name="consents"),
    path("account/", preferences.preferences, name="preferences"),
    path(
        "consents/<uuid:consent_id>/<slug:action>/",
        consents.consent_action,
        name="consent-action",
    ),
    path("account/representatives/", representatives.representatives, name="representatives"),
    path("account/representatives/give/", representatives.give, name="give-mandate"),
    path(
        "account/representatives/<uuid:mandate_id>/<slug:action>/",
        representatives.act,
        name="mandate-action",
    ),
    path("demo/outbox/", account.demo_outbox, name="demo-outbox"),
]
