from django.apps import AppConfig


class PaySandboxConfig(AppConfig):
    """The sandbox payment provider: a stand-in for a bank's acquiring service, with its own
    ledger, hosted payment page and signed webhooks. It knows nothing of qyzmet's payments."""

    name = "qyzmet.paysandbox"
    default_auto_field = "django.db.models.BigAutoField"
