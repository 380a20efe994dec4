from django.apps import AppConfig


class GovStackConfig(AppConfig):
    name = "qyzmet.govstack"
    label = "govstack"
    verbose_name = "GovStack Registration building block"
