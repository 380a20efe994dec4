"""What a file is, by its content: the name and the type the browser claims are never
believed (a program renamed ``.pdf`` is a program). puremagic reads the file's signature
bytes, in pure Python: no libmagic to install."""

from __future__ import annotations

import puremagic

# What puremagic may call the types the catalogue allows, and the name a person knows them by.
ALIASES = {"image/jpg": "image/jpeg", "image/x-png": "image/png"}
TYPE_NAMES = {"application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG"}


def detected_type(content: bytes) -> str:
    """The MIME type of ``content`` by its signature bytes; ``""`` when none is recognised."""
    if not content:
        return ""
    try:
        matches = puremagic.magic_string(content)
    except (puremagic.PureError, ValueError):
        return ""
    for match in matches:  # the most confident first
        if match.mime_type:
            return ALIASES.get(match.mime_type, match.mime_type)
    return ""


def type_names(types: list[str]) -> str:
    """The allowed types as a person reads them: ``PDF, JPEG, PNG``."""
    return ", ".join(TYPE_NAMES.get(t, t) for t in types)


# The allow-list: the types an attachment may be (the catalogue schema's ``types``), each with
# the extension its download is named with.
EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
UNKNOWN_TYPE = "application/octet-stream"


def served_type(content_type: str) -> str:
    """The Content-Type an attachment is served with: its stored type when that is on the
    allow-list, else ``application/octet-stream`` (never a type a browser would render)."""
    return content_type if content_type in EXTENSIONS else UNKNOWN_TYPE


def download_name(kind: str, content_type: str) -> str:
    """The name a downloaded attachment is saved under: its kind, never the citizen's name."""
    return f"{kind}.{EXTENSIONS.get(content_type, 'bin')}"


def download_headers(name: str) -> dict[str, str]:
    """The headers a file a citizen attached is served with, to whoever downloads it: saved
    under ``name`` (one the platform made, never the citizen's), never shown inline, never
    kept by a cache, its type never guessed from the content."""
    return {
        "Content-Disposition": f'attachment; filename="{name}"',
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
    }
