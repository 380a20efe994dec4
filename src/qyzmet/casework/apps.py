"""Casework beyond one review and one decision: the stages a case passes through and the roles
that act at each, and appeals against decisions. The case's state machine lives beside
``applications`` (whose decisions, reversals and send-backs it calls), not inside it."""

from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "qyzmet.casework"
    label = "casework"
    verbose_name = "Casework: stages and appeals"

    def ready(self) -> None:
        from qyzmet.applications.history import on_case_status
        from qyzmet.casework.appeal_closing import close_moot_appeals
        from qyzmet.casework.stages import void_prepared_decisions

        on_case_status(void_prepared_decisions)
        on_case_status(close_moot_appeals)  # a delay complaint once decided, a withdrawn case's
