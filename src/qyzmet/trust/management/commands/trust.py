"""``qyzmet trust list|create|rotate AGENCY|certify|root|new-root|export``: the agencies' signing
keys and the trust root that certifies them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from django.core.management.base import BaseCommand, CommandError

from qyzmet.catalog.models import Agency
from qyzmet.trust.certification import Outcome, certify_agency_keys
from qyzmet.trust.keys import certified_key, published_keys, rotate_agency_key, signing_key
from qyzmet.trust.models import AgencyKey
from qyzmet.trust.root import (
    NotCertified,
    RootKey,
    TrustRootError,
    fingerprint,
    new_root,
    root_key,
    trust_root,
    write_root,
)

ROOT_KEY_HELP = (
    "The trust root's private key (a PEM file, e.g. on offline media); default: "
    "trust-root.pem in the key folder."
)


class Command(BaseCommand):
    help = (
        "The trust list of agency signing keys and its trust root: `list`, `create` (a key for "
        "every agency without one), `rotate AGENCY`, `certify` (keys made before the root), "
        "`root` (its certificate), `new-root FILE --certificate FILE`, `export` (the JSON Web "
        "Key Set verifiers download)."
    )

    def add_arguments(self, parser: Any) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("list", help="Every key, current and retired, and if it is certified.")
        create = actions.add_parser("create", help="Create the key of every agency lacking one.")
        rotate = actions.add_parser("rotate", help="Retire an agency's key and create the next.")
        rotate.add_argument("agency", help="The agency's slug.")
        certify = actions.add_parser(
            "certify",
            help="Have the root certify the keys made before it whose private key is here.",
        )
        for action in (create, rotate, certify):
            action.add_argument("--root-key", type=Path, help=ROOT_KEY_HELP)
        actions.add_parser("root", help="Print the trust root's certificate and fingerprint.")
        new = actions.add_parser(
            "new-root", help="Make a trust root: both halves in FILE (keep it offline)."
        )
        new.add_argument("file", type=Path, help="Where its private key and certificate go.")
        new.add_argument(
            "--certificate", type=Path, required=True,
            help="Where its certificate alone goes (for QYZMET_TRUST_ROOT on every server).",
        )  # fmt: skip
        actions.add_parser("export", help="Print the published key set (JSON).")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        try:
            getattr(self, "_" + action.replace("-", "_"))(**options)
        except TrustRootError as error:
            raise CommandError(str(error)) from None

    def _root_key(self, options: dict[str, Any]) -> RootKey:
        return root_key(options.get("root_key"))

    def _list(self, **options: Any) -> None:
        for record in AgencyKey.objects.select_related("agency"):
            state = f"retired {record.retired_at:%Y-%m-%d}" if record.retired_at else "current"
            try:
                certified_key(record)
            except NotCertified:
                state += ", NOT certified by the trust root (qyzmet trust certify)"
            self.stdout.write(f"{record.agency.slug:28} {record.key_id:48} {state}")

    def _create(self, **options: Any) -> None:
        root = self._root_key(options)
        for agency in Agency.objects.all():
            self.stdout.write(f"{agency.slug:28} {signing_key(agency=agency, root=root).key_id}")

    def _rotate(self, **options: Any) -> None:
        chosen = Agency.objects.filter(slug=options["agency"]).first()
        if chosen is None:
            raise CommandError(f"No agency {options['agency']}.")
        root = self._root_key(options)
        self.stdout.write(f"New key {rotate_agency_key(agency=chosen, root=root).key_id}.")

    def _certify(self, **options: Any) -> None:
        results = certify_agency_keys(root=self._root_key(options))
        for result in results:
            self.stdout.write(f"{result.agency:28} {result.key_id:48} {result.outcome}")
        outcomes = {r.outcome for r in results}
        if outcomes & {Outcome.NO_PRIVATE_KEY, Outcome.OTHER_PRIVATE_KEY}:
            self.stderr.write(
                "Keys skipped verify nothing until certified: run this where their private "
                "keys are (docs/operations.md, 'Signing keys')."
            )
        if outcomes & {Outcome.NOT_SELF_SIGNED, Outcome.OTHER_AGENCY}:
            self.stderr.write(
                "Keys refused for their certificate are not keys made before the root for "
                "their row's agency (a row written or changed in the database?): they stay "
                "uncertified; give the agency a new key with `qyzmet trust rotate AGENCY`."
            )

    def _root(self, **options: Any) -> None:
        root = trust_root()
        self.stdout.write(root.public_bytes(serialization.Encoding.PEM).decode(), ending="")
        self.stdout.write(f"SHA-256 fingerprint: {fingerprint(root)}")

    def _new_root(self, **options: Any) -> None:
        root = new_root()
        if not write_root(options["file"], root):
            raise CommandError(f"{options['file']} exists; a trust root is never overwritten.")
        certificate = options["certificate"]
        certificate.write_bytes(root.certificate.public_bytes(serialization.Encoding.PEM))
        self.stdout.write(
            f"Trust root {fingerprint(root.certificate)}: private key and certificate in "
            f"{options['file']} (keep it offline), certificate in {certificate} (set "
            "QYZMET_TRUST_ROOT to it on every server, and publish its fingerprint)."
        )

    def _export(self, **options: Any) -> None:
        self.stdout.write(json.dumps(published_keys(), ensure_ascii=False, indent=2))
