from django.apps import AppConfig


class TrustConfig(AppConfig):
    name = "qyzmet.trust"
    label = "trust"
    verbose_name = "Trust list"
