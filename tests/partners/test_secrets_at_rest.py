"""Whoever reads the database gets nothing that opens the partner API or forges a webhook:
access and grant tokens are kept as their SHA-256 only, client secrets hashed, webhook
secrets encrypted; and the tokens and secrets still work."""

from __future__ import annotations

import base64
import hashlib
import importlib

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from oauth2_provider.models import AccessToken

from qyzmet.partners.models import Partner
from qyzmet.partners.onboarding import rotate_webhook_secret

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module(
    "qyzmet.partners.migrations.0006_webhook_secrets_encrypted_tokens_hashed"
)


def stored_row(model, pk) -> str:
    """The row as a database reader sees it: every column, as stored."""
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} WHERE id = %s", [pk])
        return " | ".join(str(value) for value in cursor.fetchone())


def stored_token_row(token: str) -> str:
    access = AccessToken.objects.get(token_checksum=hashlib.sha256(token.encode()).hexdigest())
    return stored_row(AccessToken, access.pk)


OWN = "/webhooks/deliveries"  # what a partner reads with its own token


def test_a_partners_access_token_is_not_in_the_database_yet_opens_the_api(hooked):
    row = stored_token_row(hooked.token)
    assert hooked.token not in row
    assert hooked.call("get", OWN).status_code == 200


def test_a_grant_token_bound_to_a_citizen_is_not_in_the_database_yet_works(partner, demo_people):
    grant = partner.grant(demo_people["parent"])
    row = stored_token_row(grant)
    assert grant not in row
    assert partner.call("get", "/applications", token=grant).status_code == 200


def test_a_token_read_from_the_database_opens_nothing(hooked):
    checksum = hashlib.sha256(hooked.token.encode()).hexdigest()
    stored = AccessToken.objects.get(token_checksum=checksum)
    assert stored.token == ""
    assert hooked.call("get", OWN, token=stored.token_checksum).status_code == 401


def test_a_partner_revokes_its_token_though_only_its_checksum_is_kept(hooked):
    credentials = f"{hooked.onboarded.client_id}:{hooked.onboarded.client_secret}"
    response = hooked.client.post(
        "/oauth/revoke/",
        {"token": hooked.token},
        HTTP_AUTHORIZATION="Basic " + base64.b64encode(credentials.encode()).decode(),
    )
    assert response.status_code == 200
    assert hooked.call("get", OWN).status_code == 401


def test_the_client_secret_is_stored_hashed(partner):
    row = stored_row(type(partner.partner.application), partner.partner.application.pk)
    assert partner.onboarded.client_secret not in row


def test_webhook_secrets_are_encrypted_in_the_database_and_still_read(hooked):
    old = hooked.partner.webhook_secret
    new = rotate_webhook_secret(partner=hooked.partner, actor=None, channel="cli")
    row = stored_row(Partner, hooked.partner.pk)
    assert old.startswith("whsec_") and new.startswith("whsec_")
    assert old not in row and new not in row and "whsec_" not in row
    partner = Partner.objects.get(pk=hooked.partner.pk)
    assert (partner.webhook_secret, partner.webhook_previous_secret) == (new, old)


def test_the_migration_seals_secrets_and_forgets_tokens_stored_in_clear(hooked):
    secret = "whsec_" + base64.b64encode(b"k" * 32).decode()
    table = connection.ops.quote_name(Partner._meta.db_table)
    tokens = connection.ops.quote_name(AccessToken._meta.db_table)
    with connection.cursor() as cursor:  # as an older qyzmet left them
        cursor.execute(
            f"UPDATE {table} SET webhook_secret = %s, webhook_previous_secret = %s WHERE id = %s",
            [secret, "", hooked.partner.pk],
        )
        cursor.execute(
            f"UPDATE {tokens} SET token = %s WHERE token_checksum = %s",
            [hooked.token, hashlib.sha256(hooked.token.encode()).hexdigest()],
        )
    assert secret in stored_row(Partner, hooked.partner.pk)
    assert hooked.token in stored_token_row(hooked.token)

    MIGRATION.encrypt_rows(apps, None)
    MIGRATION.forget_clear_tokens(apps, None)

    assert secret not in stored_row(Partner, hooked.partner.pk)
    assert Partner.objects.get(pk=hooked.partner.pk).webhook_secret == secret
    assert hooked.token not in stored_token_row(hooked.token)
    assert hooked.call("get", OWN).status_code == 200


def test_the_operator_reads_the_webhook_secret_once_when_onboarding(capsys):
    call_command(
        "partners", "onboard", "Hook Demo", "--scopes", "applications:read",
        "--webhook-url", "https://hook.test/qyzmet",
    )  # fmt: skip
    shown = capsys.readouterr().out.split("webhook secret:")[1].split()[0]
    partner = Partner.objects.get(slug="hook-demo")
    assert partner.webhook_secret == shown
    assert shown not in stored_row(Partner, partner.pk)
