from django.apps import AppConfig


class IdempotencyConfig(AppConfig):
    name = "qyzmet.idempotency"
    label = "idempotency"
