"""Through the API, a citizen appeals a rejection (a retry with the same Idempotency-Key files
one appeal) with documents, an officer of the appeals body with the role upholds it, and the
case is reversed: it awaits a new decision. Nobody else reads the appeal or its documents, and
citizens never read officers' user names."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from qyzmet.applications.decisions import decide_case
from qyzmet.applications.models import StatusChange
from qyzmet.audit.models import AuditRecord
from qyzmet.casework.appeal_attachments import delete_expired_appeal_attachments
from qyzmet.casework.appeal_models import Appeal
from qyzmet.casework.appeals import decide_appeal
from qyzmet.casework.roles import grant_role
from qyzmet.catalog.models import Agency
from qyzmet.exchange.models import DataAccess
from qyzmet.registries.models import Person
from tests.attachments.conftest import PROGRAM, a_pdf
from tests.callers import bearer
from tests.factories import ApplicationFactory, CitizenFactory, OfficerFactory, officer_of

pytestmark = pytest.mark.django_db

REASONS = "Все документы были приложены, отказ необоснован."
QUERIES_PER_PAGE = 9  # the officer's session, the page of appeals, all their documents
QUERIES_OF_A_CASE = 13  # the citizen's token, the application, its case, appeals, documents


def post(client, path, body, auth, **headers):
    return client.post(f"/api/v1{path}", body, content_type="application/json", **auth, **headers)


@pytest.fixture
def case(db):
    return ApplicationFactory(rejected=True).cases.get()


def appeals_officer(agency):
    officer = OfficerFactory(agency=agency, username=f"appeals-{agency.slug}")
    grant_role(officer=officer, role="appeals")
    return officer


def test_an_appeal_upheld_through_the_api_reverses_the_rejection(client, case):
    as_citizen = bearer(case.application.citizen)
    path = f"/applications/{case.application_id}/cases/{case.pk}/appeals"
    offered = client.get(f"/api/v1{path}", **as_citizen).json()
    assert offered["offered"] == "decision" and offered["appeals"] == []

    key = {"HTTP_IDEMPOTENCY_KEY": "appeal-1"}
    filed = post(client, path, {"reasons": REASONS}, as_citizen, **key)
    assert filed.status_code == 201, filed.content
    assert filed.json()["kind"] == "decision" and filed.json()["reasons_language"] == "ru"
    replayed = post(client, path, {"reasons": REASONS}, as_citizen, **key)
    assert replayed.status_code == 201 and replayed["Idempotent-Replayed"] == "true"
    again = post(client, path, {"reasons": REASONS}, as_citizen)
    assert again.status_code == 409 and again.json()["code"] == "appeal.already_open"

    as_appeals = bearer(appeals_officer(case.agency))
    [queued] = client.get("/api/v1/appeals", **as_appeals).json()
    assert queued["id"] == filed.json()["id"] and queued["overdue"] is False
    upheld = {"outcome": "upheld", "reason": "Документы были полными."}
    decided = post(client, f"/appeals/{queued['id']}/decision", upheld, as_appeals)
    assert decided.status_code == 200, decided.content
    assert decided.json()["outcome"] == "upheld" and decided.json()["reversal"]

    shown = client.get(f"/api/v1{path}", **as_citizen).json()
    assert shown["appeals"][0]["outcome"] == "upheld"
    reviewed = client.get(f"/api/v1/cases/{case.pk}", **bearer(officer_of(case.agency))).json()
    assert reviewed["status"] == "reversed"
    assert [line["status"] for line in reviewed["history"]][-2:] == ["reversed", "appeal_upheld"]


def test_an_officer_without_the_role_cannot_decide_and_reasons_are_required(client, case):
    as_citizen = bearer(case.application.citizen)
    path = f"/applications/{case.application_id}/cases/{case.pk}/appeals"
    empty = post(client, path, {"reasons": ""}, as_citizen, HTTP_ACCEPT_LANGUAGE="en")
    assert empty.status_code == 422
    assert empty.json()["errors"][0]["code"] == "appeal.reasons_required"
    filed = post(client, path, {"reasons": REASONS}, as_citizen).json()

    plain = post(client, f"/appeals/{filed['id']}/decision",
                 {"outcome": "upheld", "reason": "x"}, bearer(officer_of(case.agency)))  # fmt: skip

    assert plain.status_code == 403 and plain.json()["code"] == "appeal.not_allowed"
    listed = client.get("/api/v1/appeals", **bearer(officer_of(case.agency)))
    assert listed.status_code == 200 and listed.json() == []  # the reasons are not theirs


def test_an_appeal_after_the_term_is_a_409_naming_the_last_day(client, case):
    case.decided_at = timezone.now() - datetime.timedelta(days=120)
    case.save(update_fields=["decided_at"])
    path = f"/applications/{case.application_id}/cases/{case.pk}/appeals"

    late = post(client, path, {"reasons": REASONS}, bearer(case.application.citizen),
                HTTP_ACCEPT_LANGUAGE="en")  # fmt: skip

    assert late.status_code == 409 and late.json()["code"] == "appeal.term_passed"
    assert "could be appealed until" in late.json()["detail"]


def test_a_document_is_attached_to_the_appeal_as_multipart_and_only_its_deciders_open_it(
    client, case
):
    as_citizen = bearer(case.application.citizen)
    path = f"/applications/{case.application_id}/cases/{case.pk}/appeals"
    filed = post(client, path, {"reasons": REASONS}, as_citizen).json()
    documents = f"/api/v1{path}/{filed['id']}/attachments"
    upload = client.post(documents, {"file": SimpleUploadedFile("copy.pdf", a_pdf())},
                         **as_citizen)  # fmt: skip
    assert upload.status_code == 201, upload.content
    assert upload.json()["content_type"] == "application/pdf"
    program = client.post(f"/api/v1{path}/{filed['id']}/attachments",
                          {"file": SimpleUploadedFile("copy.pdf", PROGRAM)}, **as_citizen,
                          HTTP_ACCEPT_LANGUAGE="kk")  # fmt: skip
    assert program.status_code == 422 and program.json()["code"] == "attachment.wrong_type"

    content = f"/api/v1/appeals/{filed['id']}/attachments/{upload.json()['id']}/content"
    as_appeals = bearer(appeals_officer(case.agency))
    [document] = client.get(f"/api/v1/appeals/{filed['id']}", **as_appeals).json()["attachments"]
    assert document["id"] == upload.json()["id"] and document["size"] == len(a_pdf())
    opened = client.get(content, **as_appeals)
    assert opened.status_code == 200 and opened.content.startswith(b"%PDF")
    assert DataAccess.objects.filter(fields=["attachments.appeal"]).count() == 1

    other_agency = Agency.objects.exclude(pk=case.agency_id).first()
    as_other = bearer(appeals_officer(other_agency))
    assert client.get(content, **as_other).status_code == 404
    assert client.get(content, **bearer(officer_of(case.agency))).status_code == 403


def test_another_bodys_appeal_answers_404_like_an_unknown_id(client, case):
    path = f"/applications/{case.application_id}/cases/{case.pk}/appeals"
    filed = post(client, path, {"reasons": REASONS}, bearer(case.application.citizen)).json()
    as_other = bearer(appeals_officer(Agency.objects.exclude(pk=case.agency_id).first()))

    theirs = client.get(f"/api/v1/appeals/{filed['id']}", **as_other)
    unknown = client.get(f"/api/v1/appeals/{int(filed['id']) + 1000}", **as_other)
    deciding = post(client, f"/appeals/{filed['id']}/decision",
                    {"outcome": "upheld", "reason": "x"}, as_other)  # fmt: skip

    assert theirs.status_code == unknown.status_code == deciding.status_code == 404
    assert theirs.json()["code"] == unknown.json()["code"] == "not_found.appeal"
    assert AuditRecord.objects.filter(action="appeal.access_denied").count() == 2


def test_the_officer_who_decided_gets_a_403_with_a_code(client, case):
    path = f"/applications/{case.application_id}/cases/{case.pk}/appeals"
    filed = post(client, path, {"reasons": REASONS}, bearer(case.application.citizen)).json()
    decider = StatusChange.objects.get(case=case, status="rejected").actor
    grant_role(officer=decider, role="appeals")

    refused = post(client, f"/appeals/{filed['id']}/decision",
                   {"outcome": "upheld", "reason": "x"}, bearer(decider))  # fmt: skip

    assert refused.status_code == 403 and refused.json()["code"] == "appeal.own_decision"


def test_citizens_read_officer_not_the_officers_user_name(client):
    application = ApplicationFactory(in_review=True)
    officer = application.cases.get().assigned_to
    decide_case(case=application.cases.get(), officer=officer, approve=True, channel="backoffice")

    shown = client.get(f"/api/v1/applications/{application.pk}",
                       **bearer(application.citizen)).json()  # fmt: skip

    assert officer.username not in str(shown)
    assert {line["actor"] for line in shown["history"]} >= {"officer", application.citizen.username}
    assert shown["cases"][0]["assigned_to"] == "officer"
    as_officer = client.get(f"/api/v1/cases/{application.cases.get().pk}", **bearer(officer))
    assert as_officer.json()["assigned_to"] == officer.username  # officers keep the names
    assert officer.username in {line["actor"] for line in as_officer.json()["history"]}


def file_with_documents(client, case, *names):
    """The citizen's appeal of ``case`` with a PDF of each of ``names`` attached; its JSON."""
    as_citizen = bearer(case.application.citizen)
    path = f"/applications/{case.application_id}/cases/{case.pk}/appeals"
    filed = post(client, path, {"reasons": REASONS}, as_citizen).json()
    for name in names:
        upload = {"file": SimpleUploadedFile(name, a_pdf(name))}
        sent = client.post(f"/api/v1{path}/{filed['id']}/attachments", upload, **as_citizen)
        assert sent.status_code == 201, sent.content
    return client.get(f"/api/v1{path}", **as_citizen).json()["appeals"][-1]


def another_citizen():
    """A second adult of the population registry, with an account."""
    adults = Person.objects.filter(
        death_date__isnull=True, birth_date__lt=datetime.date(1990, 1, 1)
    )
    return CitizenFactory(iin=adults.order_by("id").values_list("iin", flat=True)[1])


def own_content(case, appeal, document_id):
    return (f"/api/v1/applications/{case.application_id}/cases/{case.pk}/appeals/"
            f"{appeal['id']}/attachments/{document_id}/content")  # fmt: skip


def test_the_citizen_downloads_their_appeals_document_back_audited_not_tracked(client, case):
    appeal = file_with_documents(client, case, "certificate.pdf")
    [document] = appeal["attachments"]

    got = client.get(own_content(case, appeal, document["id"]),
                     **bearer(case.application.citizen))  # fmt: skip

    assert got.status_code == 200 and got.content.startswith(b"%PDF")
    assert len(got.content) == document["size"]
    assert got["Content-Type"] == "application/pdf"
    assert got["Content-Disposition"] == f'attachment; filename="appeal-{appeal["id"]}.pdf"'
    assert got["Cache-Control"] == "private, no-store"
    assert got["X-Content-Type-Options"] == "nosniff"
    record = AuditRecord.objects.get(action="appeal.attachment_downloaded")
    assert record.actor == case.application.citizen and record.details["own"] is True
    assert not DataAccess.objects.filter(registry="attachments").exists()  # their own data


def test_anyone_else_an_unknown_id_or_another_cases_appeal_finds_no_document(client, case):
    appeal = file_with_documents(client, case, "certificate.pdf")
    [document] = appeal["attachments"]
    content = own_content(case, appeal, document["id"])
    stranger = ApplicationFactory(citizen=another_citizen(), rejected=True).cases.get()
    elsewhere = file_with_documents(client, stranger, "theirs.pdf")

    as_stranger = bearer(stranger.application.citizen)
    assert client.get(content, **as_stranger).status_code == 404
    mine = bearer(case.application.citizen)
    unknown = client.get(own_content(case, appeal, uuid.uuid4()), **mine)
    assert unknown.status_code == 404 and unknown.json()["code"] == "not_found.attachment"
    theirs = own_content(case, elsewhere, elsewhere["attachments"][0]["id"])
    assert client.get(theirs, **mine).json()["code"] == "not_found.appeal"  # not this case's
    assert client.get(content, **bearer(officer_of(case.agency))).status_code == 403
    assert not AuditRecord.objects.filter(action="appeal.attachment_downloaded").exists()


@pytest.mark.parametrize(
    ("language", "says"),
    [
        ("kk", "Файл сақтау мерзімі өткеннен кейін жойылды."),
        ("ru", "Файл удалён по истечении срока хранения."),
        ("en", "The file was deleted when its retention period ended."),
    ],
)
def test_a_document_deleted_by_retention_is_a_404_saying_so(client, case, settings, language,
                                                            says):  # fmt: skip
    appeal = file_with_documents(client, case, "certificate.pdf")
    [document] = appeal["attachments"]
    decide_appeal(appeal=Appeal.objects.get(pk=appeal["id"]), officer=appeals_officer(case.agency),
                  outcome="dismissed", reason="The decision stands.", channel="api")  # fmt: skip
    later = timezone.now() + datetime.timedelta(days=settings.ATTACHMENT_KEEP_DAYS + 1)
    assert delete_expired_appeal_attachments(now=later) == 1

    as_citizen = bearer(case.application.citizen)
    gone = client.get(own_content(case, appeal, document["id"]), **as_citizen,
                      HTTP_ACCEPT_LANGUAGE=language)  # fmt: skip

    assert gone.status_code == 404 and gone.json()["code"] == "attachment.deleted"
    assert gone.json()["detail"] == says


def test_a_page_of_appeals_reads_their_documents_in_one_query(client, django_assert_num_queries):
    cases = [ApplicationFactory(rejected=True).cases.get() for _ in range(3)]
    as_appeals = bearer(appeals_officer(cases[0].agency))
    file_with_documents(client, cases[0], "a.pdf", "b.pdf")
    with django_assert_num_queries(QUERIES_PER_PAGE):
        assert len(client.get("/api/v1/appeals", **as_appeals).json()) == 1
    for case in cases[1:]:
        file_with_documents(client, case, "c.pdf", "d.pdf")

    with django_assert_num_queries(QUERIES_PER_PAGE):  # three appeals, six documents: as many
        listed = client.get("/api/v1/appeals", **as_appeals).json()

    assert [len(a["attachments"]) for a in listed] == [2, 2, 2]
    with django_assert_num_queries(QUERIES_PER_PAGE):
        client.get("/api/v1/appeals?decided=true", **as_appeals)


def test_a_cases_appeals_read_their_documents_in_one_query(client, case,
                                                            django_assert_num_queries):  # fmt: skip
    path = f"/api/v1/applications/{case.application_id}/cases/{case.pk}/appeals"
    as_citizen = bearer(case.application.citizen)
    file_with_documents(client, case, "a.pdf")
    with django_assert_num_queries(QUERIES_OF_A_CASE):
        client.get(path, **as_citizen)
    appeal = Appeal.objects.get(case=case)
    decide_appeal(appeal=appeal, officer=appeals_officer(case.agency), outcome="dismissed",
                  reason="The decision stands.", channel="api")  # fmt: skip
    Appeal.objects.filter(pk=appeal.pk).update(filed_at=timezone.now() - datetime.timedelta(1))
    file_with_documents(client, case, "b.pdf", "c.pdf")  # a second appeal, once one is decided

    with django_assert_num_queries(QUERIES_OF_A_CASE):  # two appeals, as many queries as one
        shown = client.get(path, **as_citizen).json()

    assert [len(a["attachments"]) for a in shown["appeals"]] == [1, 2]
