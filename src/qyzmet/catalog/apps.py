from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class CatalogConfig(AppConfig):
    name = "qyzmet.catalog"
    label = "catalog"

    def ready(self) -> None:
        from qyzmet.catalog.current import WATCHED, forget_on_change

        for model in WATCHED:  # what the process keeps of the catalogue is read afresh
            post_save.connect(forget_on_change, sender=model, dispatch_uid=f"forget-{model}")
            post_delete.connect(forget_on_change, sender=model, dispatch_uid=f"forget-{model}-")
