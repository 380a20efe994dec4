"""The bot API's webhook: ``POST /messenger/telegram/webhook`` with an ``Update`` as JSON and
the secret token in ``X-Telegram-Bot-Api-Secret-Token``. It answers at once (200) and a
background job answers the citizen; 400 for what is not an update, 401/403 without the right
secret (whatever the method), 405 for anything but POST."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.views.decorators.csrf import csrf_exempt

from qyzmet.messenger.webhook import SECRET_HEADER, accept_update, secret_refusal


@csrf_exempt  # the bot API sends no cookie; the secret token authenticates it
def telegram_webhook(request: HttpRequest) -> HttpResponse:
    secret = request.headers.get(SECRET_HEADER)
    if refusal := secret_refusal(secret):
        return HttpResponse(status=refusal.value)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return HttpResponse(status=accept_update(body=request.body, secret=secret).value)
