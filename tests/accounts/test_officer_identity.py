"""Operators tie each officer's (and operator's) account to a person, the IIN an identity
provider proves: with `qyzmet officers link` or in the admin, audited, the IIN encrypted at
rest and shown masked; one person, one account. Wrong settings of
QYZMET_OFFICER_IDENTITY_PROVIDERS stop the server; officers left on passwords where a
stronger way is on are warned of. An agency's BIN comes from the catalogue."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import yaml
from django.core.checks import run_checks
from django.core.management import CommandError, call_command

from qyzmet.accounts.models import OfficerIdentity
from qyzmet.accounts.officer_identity import link_officer, unlinked_accounts
from qyzmet.audit.models import AuditRecord
from qyzmet.catalog.documents import read_catalog
from qyzmet.catalog.models import Agency
from qyzmet.catalog.services import load_catalog
from qyzmet.catalog.validation import validate_catalog
from qyzmet.core.errors import Conflict, Invalid
from tests.backoffice.conftest import sign_in_as
from tests.backoffice.signing_in import officer_iin
from tests.factories import CitizenFactory, OfficerFactory
from tests.keys.test_at_rest import raw_row

pytestmark = pytest.mark.django_db


def test_linking_ties_the_account_to_the_person_audited_with_the_iin_masked():
    officer = OfficerFactory()
    identity = link_officer(officer=officer, iin=f" {officer_iin()} ", channel="test")

    assert OfficerIdentity.objects.get(user=officer).iin == officer_iin()
    record = AuditRecord.objects.get(action="officer.identity_linked", object_id=officer.pk)
    assert record.details == {"iin": f"{officer_iin()[:4]}******{officer_iin()[-2:]}",
                              "replaced": False}  # fmt: skip
    assert officer_iin() not in raw_row(OfficerIdentity, identity.pk)  # encrypted at rest


def test_one_person_belongs_to_one_account():
    link_officer(officer=OfficerFactory(), iin=officer_iin(), channel="test")
    other = OfficerFactory(agency=Agency.objects.get(slug="health"))

    with pytest.raises(Conflict) as refused:
        link_officer(officer=other, iin=officer_iin(), channel="test")

    assert refused.value.params == {"username": "officer-internal-affairs"}
    assert not OfficerIdentity.objects.filter(user=other).exists()


def test_a_citizen_or_a_wrong_iin_cannot_be_tied():
    with pytest.raises(Invalid) as citizen:
        link_officer(officer=CitizenFactory(), iin=officer_iin(), channel="test")
    assert citizen.value.code == "officer.not_staff"
    with pytest.raises(Invalid) as wrong:
        link_officer(officer=OfficerFactory(), iin="123456789012", channel="test")
    assert wrong.value.code.startswith("iin.")


def test_tying_the_account_to_another_person_ends_its_sessions(client, settings):
    settings.OFFICER_IDENTITY_PROVIDERS = ["eds"]
    settings.IDENTITY_PROVIDERS = ["eds"]
    officer = OfficerFactory()
    first = link_officer(officer=officer, iin=officer_iin(), channel="test")
    client.force_login(officer)
    session = client.session
    session["otp_device_id"] = first.persistent_id  # as the back office logs it in
    session.save()
    assert client.get("/back-office/").status_code == 200

    link_officer(officer=officer, iin=officer_iin(40), channel="test")

    assert client.get("/back-office/").status_code == 302
    assert OfficerIdentity.objects.get(user=officer).iin == officer_iin(40)


def test_the_command_ties_unties_and_lists_who_is_tied_to_nobody(monkeypatch):
    officer = OfficerFactory()
    out = io.StringIO()
    assert officer in unlinked_accounts()
    call_command("officers", "unlinked", stdout=out)
    assert "officer-internal-affairs" in out.getvalue()

    monkeypatch.setattr("sys.stdin", io.StringIO(officer_iin() + "\n"))  # kept off the history
    call_command("officers", "link", officer.username, stdout=out)
    assert "is tied to the person with the IIN" in out.getvalue()
    assert officer_iin() not in out.getvalue()
    assert officer not in unlinked_accounts()

    call_command("officers", "unlink", officer.username, stdout=out)
    assert not OfficerIdentity.objects.filter(user=officer).exists()
    assert AuditRecord.objects.filter(action="officer.identity_unlinked", channel="cli").exists()


def test_the_command_says_why_it_cannot_tie():
    link_officer(officer=OfficerFactory(), iin=officer_iin(), channel="test")
    other = OfficerFactory(agency=Agency.objects.get(slug="health"))
    with pytest.raises(CommandError, match="already belongs to the account officer-internal"):
        call_command("officers", "link", other.username, "--iin", officer_iin())
    with pytest.raises(CommandError, match="no user"):
        call_command("officers", "link", "nobody", "--iin", officer_iin())


def test_an_operator_ties_an_officer_in_the_admin_and_sees_the_iin_masked(admin_client):
    officer = OfficerFactory()
    added = admin_client.post(
        "/admin/accounts/officeridentity/add/", {"user": officer.pk, "iin_typed": officer_iin()}
    )
    assert added.status_code == 302, added.content
    identity = OfficerIdentity.objects.get(user=officer)
    listing = admin_client.get("/admin/accounts/officeridentity/").text
    change = admin_client.get(f"/admin/accounts/officeridentity/{identity.pk}/change/")
    for page in (listing, change.text):
        assert f"{officer_iin()[:4]}******{officer_iin()[-2:]}" in page
        assert officer_iin() not in page
    assert admin_client.get("/admin/accounts/officeridentity/add/").status_code == 200
    changed = admin_client.post(
        f"/admin/accounts/officeridentity/{identity.pk}/change/", {"iin_typed": officer_iin(40)}
    )
    assert changed.status_code == 302, changed.content
    identity = OfficerIdentity.objects.get(user=officer)
    assert identity.iin == officer_iin(40)
    assert AuditRecord.objects.filter(action="officer.identity_linked", channel="admin").exists()

    deleted = admin_client.post(
        f"/admin/accounts/officeridentity/{identity.pk}/delete/", {"post": "yes"}
    )
    assert deleted.status_code == 302
    assert AuditRecord.objects.filter(action="officer.identity_unlinked", channel="admin").exists()


def test_the_admin_refuses_a_person_tied_to_another_account(admin_client):
    link_officer(officer=OfficerFactory(), iin=officer_iin(), channel="test")
    other = OfficerFactory(agency=Agency.objects.get(slug="health"))
    page = admin_client.post(
        "/admin/accounts/officeridentity/add/", {"user": other.pk, "iin_typed": officer_iin()}
    )
    assert page.status_code == 200
    assert "already belongs to the account officer-internal-affairs" in page.text


def test_the_admin_login_still_offers_the_totp_device_alone(client, admin_user):
    from qyzmet.accounts.officers import enroll_totp
    from tests.backoffice.conftest import PASSWORD, code_of

    admin_user.set_password(PASSWORD)
    admin_user.save()
    device = enroll_totp(officer=admin_user, channel="test")
    link_officer(officer=admin_user, iin=officer_iin(), channel="test")  # a second device

    logged_in = client.post(
        "/admin/login/?next=/admin/",
        {"username": admin_user.username, "password": PASSWORD, "otp_token": code_of(device)},
    )

    assert logged_in.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_an_identity_never_takes_a_typed_code():
    identity = link_officer(officer=OfficerFactory(), iin=officer_iin(), channel="test")
    assert identity.verify_token("123456") is False


def ids(settings, officers, citizens, *, deploy=False, demo=False):
    settings.OFFICER_IDENTITY_PROVIDERS = officers
    settings.IDENTITY_PROVIDERS = citizens
    settings.DEMO = demo
    return [m.id for m in run_checks(include_deployment_checks=deploy) if m.id.startswith(
        ("qyzmet.E09", "qyzmet.W09"))]  # fmt: skip


def test_a_wrong_officer_provider_stops_the_server(settings):
    assert ids(settings, ["egov-typo"], ["eds"]) == ["qyzmet.E090"]
    assert ids(settings, ["oidc"], ["eds"]) == ["qyzmet.E091"]  # not on
    assert ids(settings, ["sms"], ["sms"]) == ["qyzmet.E092"]  # proves no one alone
    assert ids(settings, ["eds", "oidc"], ["eds", "oidc", "sms"]) == []


def test_officers_on_passwords_where_an_eds_is_on_are_warned_of_outside_a_demo(settings):
    assert ids(settings, [], ["eds", "sms"], deploy=True) == ["qyzmet.W090"]
    assert ids(settings, [], ["sms"], deploy=True) == []  # nothing stronger to use
    assert ids(settings, ["eds"], ["eds"], deploy=True) == []
    assert ids(settings, [], ["eds", "demo"], deploy=True, demo=True) == []


def test_a_session_verified_by_totp_still_counts_without_the_setting(client, settings):
    settings.OFFICER_IDENTITY_PROVIDERS = []
    from tests.backoffice.conftest import officer_with_second_factor

    sign_in_as(client, officer_with_second_factor("internal-affairs"))
    assert client.get("/back-office/").status_code == 200


def test_an_agencys_bin_is_loaded_from_the_catalogue_and_checked(tmp_path: Path):
    path = tmp_path / "agencies.yaml"
    justice = {"id": "justice", "name": {"kk": "Ә", "ru": "Ю", "en": "Justice"},
               "short_name": {"kk": "ӘМ", "ru": "МЮ", "en": "MoJ"},
               "registries": ["property", "businesses"], "bin": "040340008429"}  # fmt: skip
    data = {"agencies": [justice]}
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    load_catalog(catalog=read_catalog([path]))
    assert Agency.objects.get(slug="justice").bin == "040340008429"

    data["agencies"][0]["bin"] = "040340008420"  # a wrong check digit
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    problems = validate_catalog(read_catalog([path]))
    assert [(p.path, p.message) for p in problems] == [
        ("agencies[0].bin", "is not a BIN (bad_check_digit)")
    ]
