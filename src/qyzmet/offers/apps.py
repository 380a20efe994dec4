from django.apps import AppConfig


class OffersConfig(AppConfig):
    name = "qyzmet.offers"
    label = "offers"

    def ready(self) -> None:
        # Every new registry event enqueues, in its own transaction, the job making its offers.
        from qyzmet.offers.making import enqueue_offers
        from qyzmet.registries.events import subscribe

        subscribe(enqueue_offers)
        # The exchange's rule for the purpose ``offer``.
        from qyzmet.offers import purposes  # noqa: F401
