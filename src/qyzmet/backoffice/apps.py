from django.apps import AppConfig


class BackofficeConfig(AppConfig):
    name = "qyzmet.backoffice"
    label = "backoffice"
