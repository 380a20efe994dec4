from django.apps import AppConfig


class AssistantConfig(AppConfig):
    name = "qyzmet.assistant"
    label = "assistant"
    verbose_name = "assistant"
