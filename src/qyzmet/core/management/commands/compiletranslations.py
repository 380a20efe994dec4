"""``qyzmet compiletranslations``: compile the committed .po files into .mo files.

Uses polib, so no GNU gettext is needed on the machine (``make`` runs it on install)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import polib
from django.core.management.base import BaseCommand

import qyzmet


class Command(BaseCommand):
    help = "Compile qyzmet's translations (.po) into .mo files, without GNU gettext."

    def handle(self, *args: Any, **options: Any) -> None:
        compiled = 0
        for po_path in sorted(Path(qyzmet.__file__).parent.rglob("locale/*/LC_MESSAGES/*.po")):
            mo_path = po_path.with_suffix(".mo")
            written = mo_path.with_name(f"{mo_path.name}.{os.getpid()}")
            polib.pofile(str(po_path)).save_as_mofile(str(written))
            os.replace(written, mo_path)  # a process reading it meanwhile sees a whole file
            compiled += 1
        self.stdout.write(f"Compiled {compiled} translation file(s).")
