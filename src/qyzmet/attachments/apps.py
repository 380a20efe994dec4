from django.apps import AppConfig


class AttachmentsConfig(AppConfig):
    name = "qyzmet.attachments"
    label = "attachments"

    def ready(self) -> None:
        from qyzmet.attachments import checks  # noqa: F401  (registers the system checks)
