from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "qyzmet.demo"
    label = "demo"
