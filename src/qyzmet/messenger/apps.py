from django.apps import AppConfig


class MessengerConfig(AppConfig):
    name = "qyzmet.messenger"
    label = "messenger"
    verbose_name = "messenger"

    def ready(self) -> None:
        # The notification channel that writes to linked chats: a plugin of notifications.
        from qyzmet.messenger.notifying import register_channel

        register_channel()
