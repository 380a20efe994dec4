"""Operators create, list and deactivate officers from the command line, from the first minute
of an install: a created officer signs in to the back office, a deactivated one cannot."""

from __future__ import annotations

import io
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from qyzmet.accounts.models import User
from qyzmet.accounts.officer_identity import identity_of
from qyzmet.accounts.officers import totp_device_of
from qyzmet.audit.models import AuditRecord
from tests.backoffice.conftest import code_of
from tests.backoffice.signing_in import officer_iin

pytestmark = pytest.mark.django_db

PASSWORD = "steppe wind over the Ishim"
SIGN_IN = "/back-office/sign-in/"


def officers(*args, stdin=""):
    out = StringIO()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("sys.stdin", io.StringIO(stdin))
        call_command("officers", *args, stdout=out)
    return out.getvalue()


def create(username="aigerim.n", *extra, password=PASSWORD):
    return officers(
        "create", username, "--agency", "health", "--first-name", "Айгерим",
        "--last-name", "Нурланова", *extra, stdin=f"{password}\n",
    )  # fmt: skip


def sign_in(client, username, password, code):
    data = {"username": username, "password": password, "code": code}
    return client.post(SIGN_IN, data)


def test_a_created_officer_signs_in_with_the_password_and_the_printed_secret(client):
    printed = create()
    officer = User.objects.get(username="aigerim.n")
    assert officer.agency.slug == "health" and officer.get_full_name() == "Айгерим Нурланова"
    assert "otpauth://totp/qyzmet%3Aaigerim.n?secret=" in printed
    assert "█" in printed or "▀" in printed  # the QR code to scan
    secret = re.search(r"secret \(base32\): (\w+)", printed).group(1)
    device = totp_device_of(officer)
    assert secret and device is not None
    response = sign_in(client, "aigerim.n", PASSWORD, code_of(device))
    assert response.status_code == 302 and response["Location"] == "/back-office/"
    assert AuditRecord.objects.filter(action="officer.created", object_id=str(officer.pk))


def test_a_supervisor_may_reverse_decisions(db):
    create("supervisor.h", "--role", "supervisor")
    assert User.objects.get(username="supervisor.h").has_perm("applications.reverse_decision")
    listed = officers("list", "--agency", "health")
    assert re.search(
        r"supervisor\.h\tАйгерим Нурланова\thealth\tsupervisor\tpassword and TOTP", listed
    )


def test_the_password_must_pass_the_validators_and_nothing_is_created(db):
    with pytest.raises(CommandError, match="The password will not do"):
        create(password="123")
    assert not User.objects.filter(username="aigerim.n").exists()


def test_a_taken_user_name_and_an_unknown_agency_are_refused(db):
    create()
    with pytest.raises(CommandError, match="is taken already"):
        create("Aigerim.N")
    with pytest.raises(CommandError, match=r"No agency 'nowhere'\. Agencies: .*health"):
        officers("create", "x", "--agency", "nowhere", "--first-name", "A", "--last-name", "B")


def test_a_deactivated_officer_cannot_sign_in_and_their_session_ends(client):
    create()
    officer = User.objects.get(username="aigerim.n")
    device = totp_device_of(officer)
    assert sign_in(client, "aigerim.n", PASSWORD, code_of(device)).status_code == 302
    assert client.get("/back-office/").status_code == 200
    assert "aigerim.n can no longer sign in." in officers("deactivate", "aigerim.n")
    assert client.get("/back-office/").status_code == 302  # the open session is over
    refused = sign_in(client, "aigerim.n", PASSWORD, code_of(device, steps_ahead=1))
    assert refused.status_code == 400
    assert "aigerim.n" not in officers("list")
    assert "supervisor" not in officers("list", "--all") and "(deactivated)" in officers(
        "list", "--all"
    )
    assert AuditRecord.objects.filter(action="officer.deactivated", object_id=str(officer.pk))


def test_with_identity_providers_the_officer_has_no_password_and_is_tied_to_the_person(
    settings,
):
    settings.OFFICER_IDENTITY_PROVIDERS = ["eds"]
    iin = officer_iin()
    printed = create("eds.officer", "--iin", iin, password="")
    officer = User.objects.get(username="eds.officer")
    assert not officer.has_usable_password() and totp_device_of(officer) is None
    assert "otpauth" not in printed and "identity providers" in printed
    assert identity_of(officer).iin == iin
    assert "eds.officer\tАйгерим Нурланова\thealth\tofficer\tidentity provider" in officers("list")


def test_the_audit_log_names_the_operator_who_created_and_deactivated_an_officer(db):
    create("aigerim.n", "--operator", "d.sarsenov")
    officers("deactivate", "aigerim.n", "--operator", "d.sarsenov")
    officer = User.objects.get(username="aigerim.n")
    records = AuditRecord.objects.filter(object_id=str(officer.pk))
    created = records.get(action="officer.created")
    deactivated = records.get(action="officer.deactivated")
    assert created.details["operator"] == deactivated.details["operator"] == "d.sarsenov"


def test_an_iin_given_at_creation_ties_a_password_officer_to_their_person(db):
    create("aigerim.n", "--iin", officer_iin())
    assert identity_of(User.objects.get(username="aigerim.n")) is not None
