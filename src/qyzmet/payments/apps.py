from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "qyzmet.payments"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # A rejected case whose service refunds on rejection gets its fee back.
        from qyzmet.applications.fees import on_fee_lowered
        from qyzmet.applications.history import on_case_status
        from qyzmet.notifications.kinds import KINDS
        from qyzmet.payments.notices import KINDS as PAYMENT_KINDS
        from qyzmet.payments.refunds import refund_lowered_fee, refund_rejected_case

        on_case_status(refund_rejected_case)
        on_fee_lowered(refund_lowered_fee)  # a correction lowered a fee paid: the difference
        # What citizens are told of their payments is one more set of notification kinds.
        KINDS.update(PAYMENT_KINDS)
