"""Accounts: development API tokens (only their digest is stored)."""

from __future__ import annotations

import secrets

from django.db import transaction
from django.db.models import QuerySet

from qyzmet.accounts.models import ApiToken, User
from qyzmet.audit.services import record_audit
from qyzmet.core.prepared import prepared
from qyzmet.core.selects import kept_select

PREFIX = "qz_"  # every development token starts so; a partner's OAuth2 token never does


def is_api_token(token: str) -> bool:
    """Whether ``token`` has the shape of a development token (no query asked)."""
    return token.startswith(PREFIX)


def create_api_token(*, user: User, label: str = "", channel: str = "cli") -> str:
    """A new development token for ``user``; the token is shown once and stored hashed."""
    token = PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        record = ApiToken.objects.create(user=user, digest=ApiToken.digest_of(token), label=label)
        record_audit(actor=user, action="api_token.created", obj=record, channel=channel)
    return token


@prepared  # one lookup by key, on every API request (decision 0080)
def user_for_token(token: str) -> User | None:
    """The active user holding ``token``, or ``None``. The digest is unique, so the user is read
    in one statement without an ORDER BY (every API request asks)."""
    users = _users_by_token(ApiToken.digest_of(token))
    return users[0] if users else None


@kept_select  # compiled once per connection (decision 84)
def _users_by_token(digest: str) -> QuerySet[User]:
    return User.objects.filter(api_tokens__digest=digest, is_active=True)[:1]
