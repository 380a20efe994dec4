"""When officers must sign in with an EDS, an officer signs the back office's challenge with the
certificate of the person their account is tied to (checked against the test national CA and
its OCSP responder, a process of its own) and opens the queue; a citizen's certificate, a
revoked one, a blocked account, and a password with a code are all refused, in the officer's
language, and sign no one in."""

from __future__ import annotations

import pytest

from qyzmet.accounts.models import User
from qyzmet.accounts.officer_identity import unlink_officer
from qyzmet.audit.models import AuditRecord
from qyzmet.catalog.models import Agency
from tests.backoffice.conftest import PASSWORD, code_of, sign_in_as
from tests.backoffice.signing_in import (
    SIGNATURE_PAGE,
    officer_iin,
    sign_in_with_eds,
    signed_in_user_id,
    tie,
)

pytestmark = pytest.mark.django_db

SIGN_IN = "/back-office/sign-in/"
AGENCY_BIN = "040340008429"


@pytest.fixture
def officers_use_eds(settings, eds_trust):
    settings.IDENTITY_PROVIDERS = ["demo", "eds"]
    settings.OFFICER_IDENTITY_PROVIDERS = ["eds"]
    return eds_trust


@pytest.fixture
def tied_officer(officer):
    return tie(officer, officer_iin())


def test_an_officer_signs_in_with_their_eds_and_opens_the_queue(
    client, officers_use_eds, tied_officer
):
    certificate = officers_use_eds.pki.person(officer_iin())

    done = sign_in_with_eds(client, certificate)

    assert done.status_code == 302 and done["Location"] == "/back-office/"
    assert signed_in_user_id(client) == str(tied_officer.pk)
    queue = client.get("/back-office/")
    assert queue.status_code == 200 and "Sign out" in queue.text
    signed_in = AuditRecord.objects.get(action="officer.signed_in", actor=tied_officer)
    assert signed_in.details == {"provider": "eds"}
    assert not User.objects.filter(iin=officer_iin()).exists()  # no citizen's account made


def test_the_officer_comes_back_to_the_page_they_asked_for(client, officers_use_eds, tied_officer):
    certificate = officers_use_eds.pki.person(officer_iin())
    asked = client.get("/back-office/dashboard/")
    assert asked["Location"] == "/back-office/sign-in/?next=/back-office/dashboard/"

    done = sign_in_with_eds(client, certificate, next_url="/back-office/dashboard/")

    assert done["Location"] == "/back-office/dashboard/"


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", "No officer account belongs to the person you signed in as."),
        ("ru", "Человеку, под которым вы вошли, не принадлежит ни одна учётная запись"),
        ("kk", "Сіз кірген адамға ешбір қызметкер тіркелгісі тиесілі емес."),
    ],
)
def test_a_citizens_certificate_signs_no_one_in_to_the_back_office(
    client, officers_use_eds, tied_officer, demo_people, language, words
):
    citizen = officers_use_eds.pki.person(demo_people["parent"])
    accounts = User.objects.count()

    refused = sign_in_with_eds(client, citizen, language=language)

    assert refused.status_code == 403
    assert words in refused.text and f'<html lang="{language}">' in refused.text
    assert 'id="signature-document"' in refused.text  # a new challenge: the page stays usable
    assert signed_in_user_id(client) is None
    assert User.objects.count() == accounts  # nobody was made a citizen's account either
    assert client.get("/back-office/").status_code == 302


def test_an_officers_revoked_certificate_is_refused(client, officers_use_eds, tied_officer):
    certificate = officers_use_eds.pki.person(officer_iin())
    officers_use_eds.pki.revoke(certificate)

    refused = sign_in_with_eds(client, certificate)

    assert refused.status_code == 403
    assert "The EDS certificate has been revoked and is no longer valid." in refused.text
    assert signed_in_user_id(client) is None


def test_a_blocked_officer_is_refused_and_the_attempt_audited(
    client, officers_use_eds, tied_officer
):
    tied_officer.is_active = False
    tied_officer.save()

    refused = sign_in_with_eds(client, officers_use_eds.pki.person(officer_iin()))

    assert refused.status_code == 403 and "Your officer account is blocked." in refused.text
    assert signed_in_user_id(client) is None
    record = AuditRecord.objects.get(action="officer.sign_in_refused", object_id=tied_officer.pk)
    assert record.details == {"why": "inactive", "provider": "eds"}


def test_an_account_that_is_no_longer_an_officer_of_an_agency_is_refused(
    client, officers_use_eds, tied_officer
):
    tied_officer.agency = None
    tied_officer.save()

    refused = sign_in_with_eds(client, officers_use_eds.pki.person(officer_iin()))

    assert refused.status_code == 403
    assert "neither an officer of an agency nor an operator" in refused.text
    assert signed_in_user_id(client) is None


def test_an_agency_with_a_bin_signs_its_officers_in_only_with_its_employee_certificates(
    client, officers_use_eds, tied_officer
):
    Agency.objects.filter(pk=tied_officer.agency_id).update(bin=AGENCY_BIN)
    pki = officers_use_eds.pki

    personal = sign_in_with_eds(client, pki.person(officer_iin()))
    another_company = sign_in_with_eds(
        client, pki.person(officer_iin(), company_bin="990240001234", role="employee")
    )
    assert personal.status_code == another_company.status_code == 403
    assert f"certificate with the BIN {AGENCY_BIN}" in personal.text
    assert signed_in_user_id(client) is None

    employee = pki.person(officer_iin(), company_bin=AGENCY_BIN, role="employee")
    assert sign_in_with_eds(client, employee).status_code == 302
    assert signed_in_user_id(client) == str(tied_officer.pk)


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", "Signing in with a password and a code is switched off here"),
        ("ru", "Вход по паролю и коду здесь отключён"),
        ("kk", "Мұнда құпиясөз бен код арқылы кіру өшірілген"),
    ],
)
def test_a_password_and_a_right_code_are_refused_when_an_eds_is_required(
    client, officers_use_eds, tied_officer, language, words
):
    device = tied_officer.sealedtotpdevice_set.get()
    answer = {"username": tied_officer.username, "password": PASSWORD, "code": code_of(device)}

    refused = client.post(SIGN_IN, answer, HTTP_ACCEPT_LANGUAGE=language)

    assert refused.status_code == 403 and words in refused.text
    assert signed_in_user_id(client) is None


def test_a_session_verified_by_a_totp_code_earlier_no_longer_opens_the_back_office(
    client, officers_use_eds, tied_officer
):
    sign_in_as(client, tied_officer)  # password and TOTP code, before EDS was required
    response = client.get("/back-office/")
    assert response.status_code == 302 and response["Location"].startswith(SIGN_IN)


def test_the_sign_in_page_offers_the_eds_and_no_password(client, officers_use_eds):
    for language, words in (
        ("en", "Sign in with EDS (electronic digital signature)"),
        ("ru", "Войти: ЭЦП (электронная цифровая подпись)"),
        ("kk", "Кіру: ЭЦҚ (электрондық цифрлық қолтаңба)"),
    ):
        page = client.get(SIGN_IN, HTTP_ACCEPT_LANGUAGE=language)
        assert page.status_code == 200 and words in page.text
        assert 'name="password"' not in page.text
        assert f'href="{SIGNATURE_PAGE}"' in page.text


def test_untying_an_officer_ends_their_session_at_the_next_request(
    client, officers_use_eds, tied_officer
):
    sign_in_with_eds(client, officers_use_eds.pki.person(officer_iin()))
    assert client.get("/back-office/").status_code == 200

    unlink_officer(officer=tied_officer, channel="test")

    assert client.get("/back-office/").status_code == 302
    assert AuditRecord.objects.filter(action="officer.identity_unlinked").count() == 1


def test_without_the_setting_officers_sign_in_with_a_password_and_no_eds_page_exists(
    client, settings, eds_trust, tied_officer
):
    settings.IDENTITY_PROVIDERS = ["demo", "eds"]
    settings.OFFICER_IDENTITY_PROVIDERS = []
    assert client.get(SIGNATURE_PAGE).status_code == 404
    device = tied_officer.sealedtotpdevice_set.get()
    answer = {"username": tied_officer.username, "password": PASSWORD, "code": code_of(device)}
    assert client.post(SIGN_IN, answer).status_code == 302
    assert client.get("/back-office/").status_code == 200


@pytest.fixture
def operator(django_user_model):
    operator = django_user_model.objects.create(
        username="operator", is_staff=True, is_superuser=True
    )
    return tie(operator, officer_iin(40))


def test_an_operator_signs_in_with_their_eds_and_reaches_the_admin(
    client, officers_use_eds, operator
):
    login = client.get("/admin/login/?next=/admin/catalog/agency/")
    assert login.status_code == 302
    assert login["Location"] == "/back-office/sign-in/?next=%2Fadmin%2Fcatalog%2Fagency%2F"

    done = sign_in_with_eds(
        client, officers_use_eds.pki.person(officer_iin(40)), next_url="/admin/catalog/agency/"
    )

    assert done["Location"] == "/admin/catalog/agency/"
    assert client.get("/admin/catalog/agency/").status_code == 200


def test_an_operators_password_and_code_are_refused_at_the_admin(
    client, officers_use_eds, operator
):
    from qyzmet.accounts.officers import enroll_totp

    operator.set_password(PASSWORD)
    operator.save()
    device = enroll_totp(officer=operator, channel="test")
    answer = {"username": "operator", "password": PASSWORD, "otp_token": code_of(device)}

    refused = client.post("/admin/login/?next=/admin/", answer, HTTP_ACCEPT_LANGUAGE="en")

    assert refused.status_code == 403
    assert "Signing in with a password and a code is switched off here" in refused.text
    assert client.get("/admin/").status_code == 302
