"""``qyzmet messenger set-webhook [URL]``: connect the Telegram bot to this server;
``qyzmet messenger purge``: forget answered updates older than a week (run daily)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from qyzmet.messenger.clients import BotApiError
from qyzmet.messenger.purging import purge_updates
from qyzmet.messenger.webhook import set_webhook


class Command(BaseCommand):
    help = "Messenger bot: `set-webhook [URL]` connects the bot; `purge` forgets old updates."

    def add_arguments(self, parser: Any) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        connect = actions.add_parser(
            "set-webhook",
            help="Tell the bot API (QYZMET_MESSENGER_API_URL, with the bot token) to post "
            "updates to URL/messenger/telegram/webhook with the secret token.",
        )
        connect.add_argument(
            "url", nargs="?", default="", help="This server's public HTTPS address "
            "(default: QYZMET_PUBLIC_URL).",
        )  # fmt: skip
        actions.add_parser("purge", help="Forget answered updates older than a week.")

    def handle(self, *args: Any, action: str, url: str = "", **options: Any) -> None:
        if action == "purge":
            self.stdout.write(f"Forgot {purge_updates()} answered update(s).")
            return
        try:
            webhook = set_webhook(public_url=url or settings.PUBLIC_URL)
        except BotApiError as error:
            raise CommandError(f"The bot API refused: {error}") from None
        self.stdout.write(f"The bot API now posts updates to {webhook} (with the secret token).")
