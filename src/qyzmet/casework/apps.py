from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "qyzmet.casework"
    label = "casework"
    verbose_name = "Casework: stages and appeals"
