from django.urls import include, path

from qyzmet.portal.views import (
    appeals,
    applications,
    apply,
    attachments,
    catalog,
    corrections,
    documents,
    offers,
    pages,
    payments,
    pwa,
    tracker,
    visits,
)

app_name = "portal"

urlpatterns = [
    path("", catalog.home, name="home"),
    path("search/", catalog.search, name="search"),
    path("life-situations/<slug:slug>/", catalog.life_situation, name="life-situation"),
    path("services/<slug:slug>/", catalog.service, name="service"),
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path("sw.js", pwa.service_worker, name="service-worker"),
    path("offline/", pwa.offline, name="offline"),
    path("apply/", apply.start, name="apply"),
    path("applications/", applications.application_list, name="applications"),
    path(
        "applications/<uuid:application_id>/", applications.application_detail, name="application"
    ),
    path(
        "applications/<uuid:application_id>/submitted/",
        applications.application_submitted,
        name="application-submitted",
    ),
    path("applications/<uuid:application_id>/withdraw/", applications.withdraw, name="withdraw"),
    path(
        "applications/<uuid:application_id>/cases/<uuid:case_id>/visit/",
        visits.book,
        name="book-visit",
    ),
    path(
        "applications/<uuid:application_id>/cases/<uuid:case_id>/visit/cancel/",
        visits.cancel,
        name="cancel-visit",
    ),
    path("applications/<uuid:application_id>/pay/", payments.pay, name="pay"),
    path(
        "applications/<uuid:application_id>/payment/return/",
        payments.payment_return,
        name="payment-return",
    ),
    path(
        "applications/<uuid:application_id>/payments/<uuid:payment_id>/receipt.pdf",
        payments.receipt,
        name="receipt",
    ),
    path(
        "applications/<uuid:application_id>/cases/<uuid:case_id>/document.pdf",
        documents.download,
        name="document",
    ),
    path(
        "applications/<uuid:application_id>/attachments/<uuid:attachment_id>/",
        attachments.download,
        name="attachment",
    ),
    path(
        "applications/<uuid:application_id>/cases/<uuid:case_id>/correction/",
        corrections.correct,
        name="correct",
    ),
    path(
        "applications/<uuid:application_id>/cases/<uuid:case_id>/appeal/",
        appeals.appeal,
        name="appeal",
    ),
    path(
        "applications/<uuid:application_id>/cases/<uuid:case_id>/appeals/<int:appeal_id>/"
        "attachments/<uuid:attachment_id>/",
        appeals.document,
        name="appeal-attachment",
    ),
    path("applications/<uuid:application_id>/<slug:step>/", apply.step, name="apply-step"),
    path("offers/", offers.offer_list, name="offers"),
    path("offers/<uuid:offer_id>/<slug:action>/", offers.offer_action, name="offer-action"),
    path("data-tracker/", tracker.data_tracker, name="data-tracker"),
    path("data-tracker/<str:message_id>/proof/", tracker.proof_page, name="data-access-proof"),
    path(
        "data-tracker/<str:message_id>/proof.json",
        tracker.proof_download,
        name="data-access-proof-file",
    ),
    path("privacy/", pages.privacy, name="privacy"),
    path("accessibility/", pages.accessibility, name="accessibility"),
    path("help/", pages.help_page, name="help"),
    path("contact/", pages.contact, name="contact"),
    path("", include("qyzmet.portal.account_urls")),
    path("statistics/", include("qyzmet.portal.statistics_urls")),
    path("verify/", include("qyzmet.portal.verify_urls")),
]
