from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "qyzmet.accounts"
    label = "accounts"

    def ready(self) -> None:
        from qyzmet.accounts import checks  # noqa: F401  (registers the deployment checks)
