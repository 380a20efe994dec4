from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "qyzmet.audit"
    label = "audit"

    def ready(self) -> None:
        from qyzmet.audit import checks  # noqa: F401  (registers the deployment checks)
