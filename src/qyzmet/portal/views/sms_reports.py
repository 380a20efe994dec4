"""The SMS gateway's delivery reports (public, signed by the gateway, which sends no cookie):
``POST /sms/delivery-reports/<gateway>/``. 200 with the message's status; 404 for an unknown
gateway or message, 403 for a forged or replayed report, 400 for an unreadable one."""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.views.decorators.csrf import csrf_exempt

from qyzmet.core.errors import DomainError
from qyzmet.core.messages import render as render_message
from qyzmet.notifications.sms_delivery import receive_delivery_report

STATUS = {"not_found": 404, "forbidden": 403, "invalid": 400, "malformed": 400}


def _json(body: dict[str, str], status: int) -> HttpResponse:
    return HttpResponse(
        json.dumps(body, ensure_ascii=False), status=status, content_type="application/json"
    )


@csrf_exempt  # the gateway sends no cookie; the report's signature authenticates it
def sms_delivery_report(request: HttpRequest, gateway: str) -> HttpResponse:
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        message = receive_delivery_report(
            gateway=gateway, body=request.body, headers=request.headers
        )
    except DomainError as error:
        body = {"code": error.code, "message": render_message(error.code, error.params)}
        return _json(body, STATUS.get(error.kind, 400))
    return _json({"status": message.status}, 200)
