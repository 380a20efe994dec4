from django.apps import AppConfig


class AppointmentsConfig(AppConfig):
    name = "qyzmet.appointments"
    label = "appointments"
    verbose_name = "Appointments at service centres"
