"""A server for real people refuses to start with an SMS set-up that would lose codes or leak
them, naming the setting to change; a demo may use the console."""

from __future__ import annotations

from django.core.checks import Tags, run_checks

SECRET = "k" * 16 + "7Qp2xYw9Lm4Zr8Tv3Ns6Hb1Jc5Fd0Ga"


def found(*, deploy: bool = True) -> dict[str, str]:
    messages = run_checks(tags=[Tags.security], include_deployment_checks=deploy)
    return {m.id: m.msg for m in messages if m.id.startswith(("qyzmet.E06", "qyzmet.W06"))}


def real_gateway(settings, **changes) -> None:
    settings.DEMO = False
    settings.IDENTITY_PROVIDERS = ["sms"]
    settings.SMS_BACKEND = "http"
    settings.SMS_URL = "https://sms.example.kz/v1/messages"
    settings.SMS_TOKEN = "a-token"
    settings.SMS_REPORT_SECRET = SECRET
    settings.PUBLIC_URL = "https://qyzmet.example.kz"
    settings.SMS_CALLBACK_BASE_URL = ""
    for name, value in changes.items():
        setattr(settings, name, value)


def test_a_real_gateway_set_up_fully_passes(settings):
    real_gateway(settings)
    assert found() == {}


def test_sign_in_by_sms_with_the_console_or_a_file_is_an_error(settings):
    for backend in ("console", "file"):
        real_gateway(settings, SMS_BACKEND=backend)
        assert "QYZMET_SMS_BACKEND is `" + backend in found()["qyzmet.E060"]


def test_the_http_gateway_without_its_address_token_or_report_secret_is_an_error(settings):
    real_gateway(settings, SMS_URL="", SMS_TOKEN="")
    assert found()["qyzmet.E061"].startswith("QYZMET_SMS_URL and QYZMET_SMS_TOKEN not set")
    real_gateway(settings, SMS_REPORT_SECRET="")
    assert "QYZMET_SMS_REPORT_SECRET is not set" in found()["qyzmet.E062"]
    real_gateway(settings, SMS_REPORT_SECRET="short")
    assert "qyzmet.W060" in found()


def test_plain_http_to_the_gateway_is_an_error_and_reports_over_it_a_warning(settings):
    real_gateway(settings, SMS_URL="http://sms.example.kz/v1/messages")
    assert "QYZMET_SMS_URL is plain HTTP" in found()["qyzmet.E063"]
    real_gateway(settings, SMS_CALLBACK_BASE_URL="http://10.0.0.7:8000")
    assert "http://10.0.0.7:8000" in found()["qyzmet.W061"]


def test_a_demo_may_send_codes_to_the_console(settings):
    real_gateway(settings, DEMO=True, SMS_BACKEND="console", SMS_URL="", SMS_REPORT_SECRET="")
    assert found() == {}


def test_an_unknown_gateway_stops_every_process_demo_or_not(settings):
    settings.SMS_BACKEND = "carrier-pigeon"
    assert "`carrier-pigeon`, which is no SMS gateway" in found(deploy=False)["qyzmet.E064"]
