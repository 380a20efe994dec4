from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class JobsConfig(AppConfig):
    name = "qyzmet.jobs"
    label = "jobs"

    def ready(self) -> None:
        # Every app's tasks.py, so that the daily jobs they declare are in the schedule.
        autodiscover_modules("tasks")
