from django.apps import AppConfig


class TrackerConfig(AppConfig):
    name = "qyzmet.tracker"
    label = "tracker"
