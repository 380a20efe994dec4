from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "qyzmet.core"
    label = "core"

    def ready(self) -> None:
        from qyzmet.core import (
            checks,  # noqa: F401  (registers the deployment checks)
            tasks,  # noqa: F401  (jobs name the request that enqueued them)
        )
