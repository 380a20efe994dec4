from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "qyzmet.accounts"
    label = "accounts"

    def ready(self) -> None:
        # The identity providers, whose modules build on accounts.identity (which registers
        # them), and their deployment checks.
        from qyzmet.accounts import identity  # noqa: F401
