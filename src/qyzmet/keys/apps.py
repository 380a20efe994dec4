from django.apps import AppConfig


class KeysConfig(AppConfig):
    name = "qyzmet.keys"
    label = "keys"
    verbose_name = "Data keys"

    def ready(self) -> None:
        from django.core import checks

        from qyzmet.keys.startup import data_keys_check

        checks.register(data_keys_check)
