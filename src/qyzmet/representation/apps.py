from django.apps import AppConfig


class RepresentationConfig(AppConfig):
    name = "qyzmet.representation"
    label = "representation"
    verbose_name = "Representation"
