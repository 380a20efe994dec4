from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "qyzmet.accounts"
    label = "accounts"

    def ready(self) -> None:
        # The identity providers, whose modules build on accounts.identity (which registers
        # them), and their deployment checks; the checks of how officers sign in.
        from qyzmet.accounts import identity, officer_checks  # noqa: F401
