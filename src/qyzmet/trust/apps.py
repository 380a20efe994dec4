from django.apps import AppConfig


class TrustConfig(AppConfig):
    name = "qyzmet.trust"
    label = "trust"
    verbose_name = "Trust list"

    def ready(self) -> None:
        from qyzmet.trust import checks  # noqa: F401  (registers the deployment checks)
