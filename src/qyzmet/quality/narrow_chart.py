"""A bar chart for a phone's width, drawn as SVG by hand: each row's name on lines of its own,
its bars beneath across the whole width, each value printed just past its bar.

pygal puts the names beside the bars; on a 390 px wide screen they leave the bars no room, and
scaled down its text is too small to read (decision 0049). This chart is as wide as a phone in
user units, so its text keeps its size. No script, no style: attributes only (the page's CSP
needs no nonce), a ``<title>`` and ``<desc>`` and ``role="img"`` like the wide chart."""

from __future__ import annotations

import textwrap
import uuid
from collections.abc import Callable, Sequence
from xml.etree import ElementTree as ET

WIDTH = 330  # a 390 px phone gives it 340 px: its text is drawn at its size
PADDING = 4
LABEL_SIZE = 14
VALUE_SIZE = 13
LINE = 19  # a line of a name
BAR = 16
BAR_GAP = 4
ROW_GAP = 14
VALUE_ROOM = 104  # kept right of the longest bar for its value ("12 күн 23 сағ")
CHARACTERS_PER_LINE = 32  # bold Kazakh at 14 px: about 8.5 px a character
MAX_LINES = 3
INK = "#1b1f24"
FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif'


def _text(
    parent: ET.Element, *, x: float, y: float, text: str, size: int, bold: bool = False
) -> None:
    node = ET.SubElement(parent, "text", x=f"{x:g}", y=f"{y:g}", fill=INK)
    node.set("font-size", str(size))
    if bold:
        node.set("font-weight", "600")
    node.text = text


def narrow_bar_chart(
    *,
    title: str,
    description: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    colors: Sequence[str],
    formatter: Callable[[float | None], str],
    maximum: float | None = None,
) -> str:
    """The SVG of a bar chart one phone wide: names above their bars, a legend on top when
    there is more than one series. ``maximum`` is the value of a bar the whole width."""
    chart_id = f"narrow-{uuid.uuid4().hex[:12]}"
    largest = max((v for _name, values in series for v in values if v is not None), default=0)
    scale = (WIDTH - 2 * PADDING - VALUE_ROOM) / (maximum or largest or 1)
    root = ET.Element("svg", xmlns="http://www.w3.org/2000/svg", role="img")
    root.set("aria-labelledby", f"{chart_id}-title {chart_id}-desc")
    root.set("font-family", FONT)
    ET.SubElement(root, "title", id=f"{chart_id}-title").text = title
    ET.SubElement(root, "desc", id=f"{chart_id}-desc").text = description
    y: float = PADDING
    if len(series) > 1:  # one series is named by the chart's title
        for (name, _values), color in zip(series, colors, strict=False):
            ET.SubElement(root, "rect", x=str(PADDING), y=f"{y + 3:g}", width="14", height="14",
                          fill=color)  # fmt: skip
            _text(root, x=PADDING + 22, y=y + 15, text=name, size=LABEL_SIZE)
            y += LINE + 2
        y += ROW_GAP / 2
    for row, label in enumerate(labels):
        lines = textwrap.wrap(label, CHARACTERS_PER_LINE, max_lines=MAX_LINES, placeholder=" …")
        for line in lines or [""]:
            _text(root, x=PADDING, y=y + 14, text=line, size=LABEL_SIZE, bold=True)
            y += LINE
        y += 2
        for (_name, values), color in zip(series, colors, strict=False):
            value = values[row]
            if value is not None:
                width = max(value * scale, 1.0) if value > 0 else 0.0
                ET.SubElement(root, "rect", x=str(PADDING), y=f"{y:g}", width=f"{width:.1f}",
                              height=str(BAR), fill=color)  # fmt: skip
                _text(root, x=PADDING + width + 6, y=y + 12.5, text=formatter(value),
                      size=VALUE_SIZE)  # fmt: skip
            y += BAR + BAR_GAP
        y += ROW_GAP
    height = y - ROW_GAP + PADDING
    root.set("viewBox", f"0 0 {WIDTH} {height:g}")
    root.set("width", str(WIDTH))
    root.set("height", f"{height:g}")
    return ET.tostring(root, encoding="unicode")
