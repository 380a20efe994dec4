"""The officers' back office (its own sign-in: a second factor, or an identity provider)."""

from django.urls import path

from qyzmet.backoffice.views import (
    appeals,
    attachments,
    cases,
    consultations,
    corrections,
    dashboard,
    demo,
    mandates,
    queue,
    sign_in,
    sign_in_provider,
    signatures,
    stages,
    visits,
)

app_name = "backoffice"

urlpatterns = [
    path("", queue.queue, name="queue"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("sign-in/", sign_in.sign_in, name="sign-in"),
    path("sign-in/<slug:name>/", sign_in_provider.begin, name="sign-in-redirect"),
    path("sign-in/<slug:name>/callback/", sign_in_provider.callback, name="sign-in-callback"),
    path("sign-in/<slug:name>/signature/", sign_in_provider.signature, name="sign-in-signature"),
    path("sign-out/", sign_in.sign_out, name="sign-out"),
    path("cases/<uuid:case_id>/", cases.case_page, name="case"),
    path("cases/<uuid:case_id>/assign/", cases.assign_to_me, name="assign-to-me"),
    path("cases/<uuid:case_id>/decision/", cases.decide, name="decide"),
    path("cases/<uuid:case_id>/reversal/", cases.reverse, name="reverse"),
    path("cases/<uuid:case_id>/sign-off/", stages.sign_off_decision, name="sign-off"),
    path("cases/<uuid:case_id>/return/", stages.return_decision, name="return-decision"),
    path("cases/<uuid:case_id>/send-back/", corrections.send_back_case, name="send-back"),
    path("cases/<uuid:case_id>/signature/", signatures.verify_signature, name="verify-signature"),
    path(
        "cases/<uuid:case_id>/attachments/<uuid:attachment_id>/",
        attachments.download,
        name="attachment",
    ),
    path("consultations/", consultations.consultations, name="consultations"),
    path(
        "consultations/<int:consultation_id>/",
        consultations.consultation_page,
        name="consultation",
    ),
    path("appeals/", appeals.appeals, name="appeals"),
    path("appeals/<int:appeal_id>/", appeals.appeal_page, name="appeal"),
    path(
        "appeals/<int:appeal_id>/attachments/<uuid:attachment_id>/",
        appeals.download,
        name="appeal-attachment",
    ),
    path("mandates/", mandates.mandates, name="mandates"),
    path("mandates/<uuid:mandate_id>/end/", mandates.end, name="end-mandate"),
    path("demo/totp/", demo.totp_codes, name="demo-totp"),
    path("centres/", visits.centres, name="centres"),
    path("centres/<slug:slug>/", visits.centre_day, name="centre-day"),
    path("visits/<uuid:visit_id>/record/", visits.record, name="record-visit"),
]
