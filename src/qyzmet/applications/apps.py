from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "qyzmet.applications"
    label = "applications"

    def ready(self) -> None:
        # The exchange's rules for the purposes ``application`` and ``case``.
        from qyzmet.applications import (
            checks,  # noqa: F401  (signing: qyzmet.W080)
            purposes,  # noqa: F401
        )
