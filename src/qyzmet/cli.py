"""The ``qyzmet`` command: qyzmet's own commands and every Django management command.

qyzmet demo [--people N] [--seed S] [--no-serve]   prepare the demo and serve it
qyzmet serve [--host H] [--port P] [--workers N]   serve with gunicorn and a background worker
qyzmet worker [--batch]                            run background jobs until stopped
qyzmet catalog validate|load [PATH...]             check or load catalogue files
qyzmet catalog list --json                         print the loaded catalogue
qyzmet registries generate --people N --seed S     (re)generate synthetic registries
qyzmet registry event birth|death|... --person IIN  record a registry event (offers follow)
qyzmet registry serve --agency X [--port P]       serve an agency's registries (mutual TLS)
qyzmet exchange security-log [--hours N]           forged exchange requests, for operators
qyzmet assist "text" [--json] | --jsonl            the assistant's suggestions for words
qyzmet assistant report|index|purge                its accuracy in real use; embed; purge
qyzmet payments reconcile [--date YYYY-MM-DD]      compare the provider's records with qyzmet's
qyzmet keys status|rotate|retire KEY|check         the data keys of personal data at rest
qyzmet verify-signature APPLICATION [--json]       check an application's signature again now
qyzmet officers create|list|deactivate ...         officers of the agencies (docs/operations.md)
qyzmet settings-docs                               write docs/settings.md
qyzmet migrate, createsuperuser, shell, ...        Django's management commands
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qyzmet.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv[1:] if argv is None else argv)
    if not args:
        args = ["help"]
    if args[0] == "demo":
        # The demo is the one place its conveniences are switched on (QYZMET_DEMO, conf.py);
        # the server and worker it starts inherit the switch.
        os.environ["QYZMET_DEMO"] = "true"
    execute_from_command_line(["qyzmet", *args])


if __name__ == "__main__":
    main()
