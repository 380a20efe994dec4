"""The exchange: the one way registry data is read, by signed requests that name the client,
the subject, the fields and the purpose; every request, granted or refused, is recorded."""

from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "qyzmet.exchange"
    label = "exchange"

    def ready(self) -> None:
        # The rule of the purpose ``legal_basis`` (apps register theirs likewise); the
        # deployment checks.
        from qyzmet.exchange import checks, legal_bases  # noqa: F401
