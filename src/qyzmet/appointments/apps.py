from django.apps import AppConfig


class AppointmentsConfig(AppConfig):
    name = "qyzmet.appointments"
    label = "appointments"
    verbose_name = "Appointments at service centres"

    def ready(self) -> None:
        from qyzmet.applications.history import on_case_status
        from qyzmet.appointments import checks  # noqa: F401  (the booking window's check)
        from qyzmet.appointments.services import release_visits

        on_case_status(release_visits)  # a withdrawn or rejected case frees its visit's place
