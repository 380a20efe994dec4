"""The audit record: one row for every change of state, written by ``record_audit`` with a
keyed hash of its content; the sealer numbers it and adds it to the Merkle tree whose signed
tree heads are kept here and in a file outside the database. ``AuditCheckpoint`` holds the
signed heads of the hash chain that records were linked into before the Merkle log."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class AuditRecord(models.Model):
    sequence = models.BigIntegerField(
        null=True,
        blank=True,
        unique=True,
        help_text="Place in the log, from 1, given when sealed; empty until then.",
    )
    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(
        max_length=150, help_text="Who acted, kept even if the account goes: user name or system."
    )
    action = models.CharField(max_length=64, db_index=True, help_text="e.g. application.submitted")
    object_type = models.CharField(max_length=64)
    object_id = models.CharField(max_length=64)
    channel = models.CharField(max_length=64, help_text="portal, partner:NAME, api, system...")
    details = models.JSONField(default=dict, blank=True)
    mac = models.CharField(max_length=64, help_text="HMAC-SHA256 of the content (audit key).")
    seal = models.CharField(
        max_length=64, blank=True, help_text="HMAC-SHA256 of the place and mac, by the sealer."
    )
    legacy_hash = models.CharField(
        max_length=64,
        blank=True,
        help_text="Its hash in the SHA-256 chain of the records written before the Merkle log.",
    )

    class Meta:
        indexes = [models.Index(fields=["object_type", "object_id"])]
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_id}"


class AuditTreeHead(models.Model):
    """The Merkle tree of the first ``size`` sealed records, signed with the platform key; a
    copy of each goes to an append-only file outside the database, so a truncated tail shows."""

    size = models.BigIntegerField(unique=True, help_text="Records in the tree (1 to size).")
    root = models.CharField(max_length=64, help_text="RFC 6962 root hash, hex.")
    frontier = models.JSONField(
        default=list, help_text="The right edge's subtree hashes: how the next seal goes on."
    )
    at = models.DateTimeField(default=timezone.now)
    key_id = models.CharField(max_length=64)
    signature = models.CharField(max_length=128, help_text="Ed25519, base64url.")

    class Meta:
        ordering = ["size"]

    def __str__(self) -> str:
        return f"tree head {self.size} {self.at:%Y-%m-%d %H:%M}"


class AuditCheckpoint(models.Model):
    """A signed head of the hash chain of the records written before the Merkle log (kept so
    that the checkpoints signed then still verify)."""

    sequence = models.BigIntegerField()
    hash = models.CharField(max_length=64)
    at = models.DateTimeField(default=timezone.now)
    key_id = models.CharField(max_length=64)
    signature = models.CharField(max_length=128, help_text="Ed25519, base64url.")

    class Meta:
        ordering = ["sequence", "at"]

    def __str__(self) -> str:
        return f"checkpoint {self.sequence} {self.at:%Y-%m-%d %H:%M}"


class AuditTreeNode(models.Model):
    """The hash of a perfect subtree of the Merkle tree, written by the sealer when its last
    leaf is sealed and never changed: node ``index`` of ``level`` covers records
    ``index * 2**level + 1`` to ``(index + 1) * 2**level``. Only levels from
    ``proofs.STORED_FROM`` up are kept (about one row per 64 records): a proof reads the few it
    needs and at most two runs of records, not the whole log. A wrong hash here cannot make a
    false proof check (the tree head is signed); it makes true ones fail."""

    level = models.PositiveSmallIntegerField()
    index = models.BigIntegerField()
    hash = models.CharField(max_length=64, help_text="SHA-256, hex.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["level", "index"], name="audit_tree_node_once")
        ]

    def __str__(self) -> str:
        return f"tree node {self.level}/{self.index}"
