"""Bar charts of service quality as self-contained SVG, rendered on the server.

No script, no external resource (fonts, styles or scripts): the SVG works inline in a page
with JavaScript off and offline. Each chart has a ``<title>`` and a ``<desc>`` in the active
language and ``role="img"``; the templates put a table of the same figures beside it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pygal
from django.utils.translation import gettext as _
from pygal.etree import etree
from pygal.style import Style

from qyzmet.core.texts import pick
from qyzmet.quality.figures import Row
from qyzmet.quality.formats import decimal, duration, duration_ticks, percent
from qyzmet.quality.narrow_chart import narrow_bar_chart

WIDTH = 800
BAR_HEIGHT = 20
ROW_GAP = 14
FRAME_HEIGHT = 110
PERCENT_TICKS = (0, 20, 40, 60, 80, 100)
MIN_COMMON_WORDS = 2
LABEL_CHARACTERS = 42
# Printed values sit just past the end of their bar, dark on white, whatever the bar colour.
VALUE_CSS = (
    "inline:.pygal-chart .text-overlay text.value"
    "{text-anchor:start;transform:translate(6px,0);fill:#1b1f24}"
)

STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#1b1f24",
    foreground_strong="#1b1f24",
    foreground_subtle="#4a5560",
    font_family='system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif',
    colors=("#0b5c8a", "#9a4f00"),
    opacity="1",
    opacity_hover="1",
    label_font_size=14,
    major_label_font_size=14,
    value_font_size=13,
    legend_font_size=14,
    no_data_font_size=20,
    guide_stroke_color="#c9d1d9",
    major_guide_stroke_color="#c9d1d9",
)


def _number(value: float | None) -> str:
    return "" if value is None else decimal(value)


def _common_words(labels: Sequence[str]) -> tuple[int, int]:
    """How many leading and trailing words every label shares, in runs of two words or more
    ("Қазақстан Республикасы ...", "... Республики Казахстан"): they tell the bars nothing.
    A single shared word ("Министерство") is kept, or the rest would not read."""
    words = [label.split() for label in labels]
    if len(words) < 2:
        return 0, 0
    shortest = min(len(w) for w in words)
    lead = 0
    while lead < shortest - 1 and len({w[lead] for w in words}) == 1:
        lead += 1
    lead = lead if lead >= MIN_COMMON_WORDS else 0
    trail = 0
    while lead + trail < shortest - 1 and len({w[-1 - trail] for w in words}) == 1:
        trail += 1
    return lead, (trail if trail >= MIN_COMMON_WORDS else 0)


def chart_labels(
    labels: Sequence[str], *, drop_common_words: bool = False, limit: int = LABEL_CHARACTERS
) -> list[str]:
    """Labels for the bars: names longer than ``limit`` cut, and with ``drop_common_words``
    the words every label shares dropped (the table beside gives every name in full)."""
    lead, trail = _common_words(labels) if drop_common_words else (0, 0)
    short = [" ".join(label.split()[lead : len(label.split()) - trail]) for label in labels]
    return [text if len(text) <= limit else text[: limit - 1].rstrip(" ,") + "…" for text in short]


def _accessible(*, title: str, description: str) -> Callable[[Any], Any]:
    """An XML filter: drop scripts, comments and the tooltips' overlay (for a script we do
    not send; its inline ``style`` attribute would break the page's CSP), name the chart
    with a title and a desc."""

    def apply(root: Any) -> Any:
        for parent in list(root.iter()):
            for child in list(parent):
                overlay = "tooltip-overlay" in (child.get("class") or "").split()
                if child.tag == "script" or child.tag is etree.Comment or overlay:
                    parent.remove(child)
        chart_id = root.get("id") or "chart"
        for element in root.findall("title"):
            root.remove(element)
        title_node = etree.Element("title", id=f"{chart_id}-title")
        title_node.text = title
        desc_node = etree.Element("desc", id=f"{chart_id}-desc")
        desc_node.text = description
        root.insert(0, desc_node)
        root.insert(0, title_node)
        root.set("role", "img")
        root.set("aria-labelledby", f"{chart_id}-title {chart_id}-desc")
        return root

    return apply


def bar_chart(
    *,
    title: str,
    description: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    formatter: Callable[[float | None], str] = _number,
    maximum: float | None = None,
    ticks: Sequence[float] | None = None,
    drop_common_words: bool = False,
    narrow: bool = False,
) -> str:
    """A horizontal bar chart, one bar per label and series, as an SVG string; an empty
    string when there is no figure to draw. ``narrow``: the chart for a phone, each name
    above its bars (see narrow_chart)."""
    # Rows with no figure yet (nothing decided) stay in the table, not on the chart.
    drawn = [i for i in range(len(labels)) if any(v[i] is not None for _n, v in series)]
    if not drawn:
        return ""
    labels = [labels[i] for i in drawn]
    series = [(name, [values[i] for i in drawn]) for name, values in series]
    if narrow:
        return narrow_bar_chart(
            title=title,
            description=description,
            labels=chart_labels(labels, drop_common_words=drop_common_words, limit=10_000),
            series=series,
            colors=STYLE.colors,
            formatter=formatter,
            maximum=maximum,
        )
    per_row = BAR_HEIGHT * len(series) + ROW_GAP
    chart = pygal.HorizontalBar(
        style=STYLE,
        js=[],
        css=("file://style.css", "file://graph.css", VALUE_CSS),
        margin_right=48,
        disable_xml_declaration=True,
        no_prefix=False,
        width=WIDTH,
        height=FRAME_HEIGHT + per_row * len(labels),
        legend_at_bottom=True,
        legend_at_bottom_columns=max(len(series), 1),
        print_values=True,
        print_values_position="top",
        value_formatter=formatter,
        truncate_label=-1,
        truncate_legend=-1,
        range=(0, maximum) if maximum is not None else None,
        y_labels=ticks,
    )
    # Horizontal bars are drawn bottom up: reverse, so the first row is read first.
    chart.x_labels = list(reversed(chart_labels(labels, drop_common_words=drop_common_words)))
    for name, values in series:
        chart.add(name, list(reversed(values)))
    chart.add_xml_filter(_accessible(title=title, description=description))
    return str(chart.render(is_unicode=True))


def _median_and_p90(rows: Sequence[Row], *, journey: bool = False) -> list[tuple[str, list]]:
    measures = [r.journey for r in rows] if journey else [r.figures for r in rows]
    return [
        (_("Median"), [getattr(m, "median_days", None) for m in measures]),
        (_("90th percentile"), [getattr(m, "p90_days", None) for m in measures]),
    ]


def duration_chart(
    *,
    title: str,
    description: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, list]],
    narrow: bool = False,
) -> str:
    """A bar chart of durations in days: its ticks at round steps (hours or days) and every
    tick and value told with its unit (``6 h``, ``2 d 5 h``), whatever the scale."""
    largest = max((v for _name, values in series for v in values if v is not None), default=0.0)
    ticks = duration_ticks(largest or 1.0)
    return bar_chart(
        title=title,
        description=description,
        labels=labels,
        series=series,
        formatter=_duration,
        maximum=ticks[-1],
        ticks=ticks,
        narrow=narrow,
    )


def _duration(value: float | None) -> str:
    return "" if value is None else duration(value)


def journey_chart(rows: Sequence[Row], *, narrow: bool = False) -> str:
    """Days from submitting an application for a life situation to its last decision."""
    return duration_chart(
        title=_("Whole life situations: days from application to the last decision"),
        description=_(
            "Median and 90th percentile, in days, per life situation. "
            "The table next to the chart gives the same figures."
        ),
        labels=[pick(r.title) or r.slug for r in rows],
        series=_median_and_p90(rows, journey=True),
        narrow=narrow,
    )


def processing_chart(rows: Sequence[Row], *, narrow: bool = False) -> str:
    """Days from submission to decision per service."""
    return duration_chart(
        title=_("Processing time per service, in days"),
        description=_(
            "Median and 90th percentile, in days, from submission to decision. "
            "The table next to the chart gives the same figures."
        ),
        labels=[pick(r.title) or r.slug for r in rows],
        series=_median_and_p90(rows),
        narrow=narrow,
    )


def _percent(value: float | None) -> str:
    return "" if value is None else percent(value / 100)


def on_time_chart(rows: Sequence[Row], *, narrow: bool = False) -> str:
    """Share of cases decided within the legal deadline per agency, in per cent."""
    shares = [r.figures.on_time_share for r in rows]
    return bar_chart(
        title=_("Deadlines kept, in per cent"),
        description=_(
            "Share of cases decided within the legal deadline; open cases past their "
            "deadline count as missed. The table next to the chart gives the same figures."
        ),
        labels=[pick(r.title) or r.slug for r in rows],
        series=[(_("Deadlines kept"), [None if s is None else s * 100 for s in shares])],
        formatter=_percent,
        maximum=100,
        ticks=PERCENT_TICKS,
        drop_common_words=True,
        narrow=narrow,
    )
