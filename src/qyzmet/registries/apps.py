from django.apps import AppConfig


class RegistriesConfig(AppConfig):
    name = "qyzmet.registries"
    label = "registries"
