"""The result document as a PDF: A4, the agency, the title, the holder, the facts, a QR code.

Drawn with fpdf2 and the Roboto font (both pure Python packages, so no system libraries are
needed); the QR code is drawn as vector squares. Labels are translated into the document's
language; the values come translated already in the content.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import font_roboto
import segno
from django.utils import formats, translation
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import XPos, YPos

FONTS = Path(font_roboto.__file__).parent / "files"
INK = (25, 33, 48)
MUTED = (90, 98, 112)
ACCENT = (0, 94, 128)
QR_SIZE = 42.0  # mm
MARGIN = 18.0


def _date(value: str) -> str:
    return formats.date_format(datetime.date.fromisoformat(value[:10]), "DATE_FORMAT")


class _Page(FPDF):
    def __init__(self) -> None:
        super().__init__(format="A4")
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(auto=True, margin=MARGIN + QR_SIZE / 2)
        self.add_font("Roboto", "", str(FONTS / "Roboto-Regular.ttf"))
        self.add_font("Roboto", "B", str(FONTS / "Roboto-Bold.ttf"))

    def line_of(self, text: str, *, size: float, style: str = "", color=INK, height=0.0) -> None:
        self.set_font("Roboto", style, size)
        self.set_text_color(*color)
        self.multi_cell(
            0, height or size * 0.5, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )

    def facts(self, rows: list[dict[str, str]], scale: float = 1.0) -> None:
        """Label and value side by side; the next row starts below the taller of the two."""
        label_width = (self.w - 2 * MARGIN) * 0.38
        line = 5.2 * scale
        for row in rows:
            self.set_font("Roboto", "", 9.5 * scale)
            self.set_text_color(*MUTED)
            y = self.get_y()
            self.multi_cell(
                label_width, line, row["label"], align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
            )
            label_bottom = self.get_y()
            self.set_xy(MARGIN + label_width + 2, y)
            self.set_font("Roboto", "", 10.5 * scale)
            self.set_text_color(*INK)
            self.multi_cell(0, line, row["value"], align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            self.set_y(max(self.get_y(), label_bottom) + 1.6 * scale)

    def qr(self, text: str, x: float, y: float) -> None:
        code = segno.make(text, error="m")
        modules = code.matrix
        cell = QR_SIZE / len(modules)
        self.set_fill_color(0, 0, 0)
        for r, row in enumerate(modules):
            for c, dark in enumerate(row):
                if dark:
                    self.rect(x + c * cell, y + r * cell, cell, cell, style="F")


SCALES = (1.0, 0.92, 0.84, 0.76, 0.68)  # of the facts' type, tried until the document fits


def render_pdf(*, content: dict[str, Any], qr_text: str, key_id: str) -> bytes:
    """The unsigned PDF of a result document with ``content`` (see ``content.py``): one page,
    its facts set smaller when they would not fit at their size."""
    with translation.override(content["language"]):
        for scale in SCALES:
            pdf = _drawn(content=content, qr_text=qr_text, key_id=key_id, scale=scale)
            if pdf.pages_count == 1:
                break
        return bytes(pdf.output())


def _drawn(*, content: dict[str, Any], qr_text: str, key_id: str, scale: float) -> _Page:
    """The document drawn with its facts' type at ``scale`` (it may run to a second page)."""
    pdf = _Page()
    pdf.set_title(content["title"])
    pdf.set_author(content["agency"])
    pdf.set_subject(f"qyzmet-document:{content['id']}")
    pdf.set_creator("qyzmet")
    pdf.set_lang(content["language"])
    pdf.set_creation_date(datetime.datetime.fromisoformat(content["issued_at"]))
    pdf.add_page()

    pdf.line_of(_("Republic of Kazakhstan"), size=9, color=MUTED)
    pdf.line_of(content["agency"], size=12, style="B", color=ACCENT, height=6)
    pdf.ln(8)
    pdf.line_of(content["title"], size=20, style="B", height=9)
    pdf.ln(2)
    pdf.line_of(
        _("Document No. %(number)s of %(date)s")
        % {"number": content["id"], "date": _date(content["issued_at"])},
        size=10,
        color=MUTED,
    )
    pdf.ln(6)
    pdf.facts(
        [
            {"label": _("Issued to"), "value": content["holder_name"]},
            {
                "label": _("BIN") if content.get("holder_kind") == "company" else _("IIN"),
                "value": content["holder_iin"],
            },
            {"label": _("Service"), "value": content["service"]},
            {
                "label": _("Decision"),
                "value": _("approved on %(date)s") % {"date": _date(content["decided_on"])},
            },
        ],
        scale,
    )
    if content["rows"]:
        pdf.ln(2)
        pdf.line_of(_("Details"), size=11, style="B", height=7)
        pdf.facts(content["rows"], scale)

    top = max(pdf.get_y() + 8, pdf.h - MARGIN - QR_SIZE)
    if top + QR_SIZE > pdf.h - MARGIN:
        pdf.add_page()
        top = MARGIN
    pdf.qr(qr_text, MARGIN, top)
    # The signature note stands beside the QR code, below the body's page-break line: it
    # never starts a page of its own (up to 9 lines fit the code's height).
    pdf.set_auto_page_break(auto=False)
    pdf.set_xy(MARGIN + QR_SIZE + 6, top + 2)
    pdf.set_font("Roboto", "", 9)
    pdf.set_text_color(*MUTED)
    pdf.multi_cell(
        0,
        4.6,
        _(
            "Signed electronically by %(agency)s (key %(key)s). Check it at %(url)s or "
            "scan the QR code: it can be checked without a connection, with the agency's "
            "published key."
        )
        % {"agency": content["agency"], "key": key_id, "url": content["verify_url"]},
        align="L",
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    return pdf
