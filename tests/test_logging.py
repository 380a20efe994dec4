"""Log records name the request they were written for, as text or as JSON for a collector."""

from __future__ import annotations

import copy
import io
import json
import logging
import logging.config

import pytest
from django.conf import settings
from django.urls import path

from qyzmet import urls

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged(request):
    """What the console handler writes, with the formatter ``request.param`` (text, json)."""
    config = copy.deepcopy(settings.LOGGING)
    config["handlers"]["console"]["formatter"] = request.param
    written = io.StringIO()
    logging.config.dictConfig(config)
    handler = logging.getLogger().handlers[0]
    handler.setStream(written)  # type: ignore[attr-defined]
    yield written
    logging.config.dictConfig(settings.LOGGING)


@pytest.mark.parametrize("logged", ["json"], indirect=True)
def test_json_lines_name_the_request(client, logged):
    logging.getLogger("qyzmet.api").warning("Database unavailable in %s", "POST /api/v1/x")
    from qyzmet.core.request_ids import _current

    token = _current.set("support-ticket-77")
    try:
        logging.getLogger("qyzmet.api").error("Unexpected error: %s", "ключ")
    finally:
        _current.reset(token)
    first, second = (json.loads(line) for line in logged.getvalue().splitlines())
    assert first["request_id"] == "-" and first["level"] == "WARNING"
    assert second["request_id"] == "support-ticket-77"
    assert second["message"] == "Unexpected error: ключ"
    assert second["logger"] == "qyzmet.api"


def broken(request):
    raise RuntimeError("a bug in a view")


urlpatterns = [path("broken/", broken), *urls.urlpatterns]
handler500 = urls.handler500


@pytest.mark.urls("tests.test_logging")
@pytest.mark.parametrize("logged", ["text"], indirect=True)
def test_a_servers_error_is_logged_with_its_request_id(client, logged):
    client.raise_request_exception = False
    response = client.get("/broken/", HTTP_X_REQUEST_ID="support-ticket-77")
    assert response.status_code == 500
    assert "support-ticket-77" in response.content.decode()  # the page says what to quote
    lines = logged.getvalue()
    expected = "ERROR django.request [request support-ticket-77] Internal Server Error: /broken/"
    assert expected in lines
    assert "RuntimeError: a bug in a view" in lines
