from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "qyzmet.applications"
    label = "applications"

    def ready(self) -> None:
        # The exchange's rules for the purposes ``application`` and ``case``.
        from qyzmet.applications import purposes  # noqa: F401
