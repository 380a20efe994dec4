from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "qyzmet.partners"
    label = "partners"
    verbose_name = "Partners"
