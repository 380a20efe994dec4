"""Attachments: documents a citizen adds to an application when the registries do not hold
them (a medical certificate, a photo): checked by content, scanned, kept encrypted, opened by
the officer of the case, deleted after the retention term."""
