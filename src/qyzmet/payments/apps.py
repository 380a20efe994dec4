from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "qyzmet.payments"
    default_auto_field = "django.db.models.BigAutoField"
