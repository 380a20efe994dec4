from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "qyzmet.notifications"
    label = "notifications"

    def ready(self) -> None:
        from qyzmet.notifications import checks  # noqa: F401  (the SMS gateway's checks)
