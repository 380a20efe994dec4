from django.apps import AppConfig


class AppointmentsConfig(AppConfig):
    name = "qyzmet.appointments"
    label = "appointments"
    verbose_name = "Appointments at service centres"

    def ready(self) -> None:
        from qyzmet.appointments import checks  # noqa: F401  (the booking window's check)
