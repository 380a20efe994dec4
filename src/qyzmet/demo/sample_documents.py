"""Sample files for the documents a service requires, held for a submission the demo (or a
test) is about to make, as a citizen's GovStack upload would be (``attachments.held``)."""

from __future__ import annotations

from typing import Any

from qyzmet.attachments.scanners import Scanner
from qyzmet.attachments.services import hold_document

SAMPLES = {  # the smallest files that a content check takes for what they say they are
    "application/pdf": ("sample.pdf", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"),
    "image/png": (
        "sample.png",
        bytes.fromhex(
            "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
            "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
        ),
    ),
}


def sample_documents(
    *, citizen: Any, version: Any, channel: str, scanner: Scanner | None = None
) -> list[str]:
    """Hold a sample file for each attachment ``version`` requires; their ids."""
    held = []
    for kind in version.attachments:
        if not kind.get("required"):
            continue
        types = kind.get("types") or list(SAMPLES)
        filename, content = SAMPLES["application/pdf" if "application/pdf" in types else types[0]]
        document = hold_document(
            citizen=citizen, service=version.slug, kind=kind["id"], filename=filename,
            content=content, channel=channel, scanner=scanner,
        )  # fmt: skip
        held.append(str(document.pk))
    return held
