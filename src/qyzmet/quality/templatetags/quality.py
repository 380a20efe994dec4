"""Template helpers of the statistics: figures per language and the charts as inline SVG.

``{% load quality %}`` then ``{{ figures.median_days|figure }}``, ``{{ share|percent }}``,
``{{ count|whole }}`` and ``{% processing_chart rows %}``."""

from __future__ import annotations

from collections.abc import Sequence

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from qyzmet.quality import charts, formats
from qyzmet.quality.figures import Row
from qyzmet.quality.models import Score

register = template.Library()


@register.filter
def figure(value: float | None) -> str:
    """A figure with one decimal, e.g. days or a mean score: ``2,5`` in kk/ru, ``2.5`` in en."""
    return formats.decimal(value)


@register.filter
def whole(value: int | None) -> str:
    """A count grouped the way the language groups thousands."""
    return formats.decimal(value, places=0)


@register.filter
def percent(share: float | None) -> str:
    return formats.percent(share)


@register.simple_tag
def score_choices() -> list[tuple[str, str]]:
    """``{% score_choices as choices %}``: ("1", "very poor") ... ("5", "excellent")."""
    return [(str(value), str(label)) for value, label in Score.choices]


def _figure(context: template.Context, svg: str, narrow: str) -> SafeString:
    # The wide SVG is built by pygal from our own figures; the text in it is XML-escaped. Its
    # one <style> carries the page's CSP nonce (no inline style is allowed without it). The
    # narrow one, for a phone (the stylesheet shows one of the two), has no style.
    if not svg:
        return format_html('<p class="muted">{}</p>', _("Nothing decided yet: no chart to draw."))
    nonce = getattr(context.get("request"), "csp_nonce", None)
    if nonce is not None:  # a lazy value: reading it puts it in the header
        svg = svg.replace("<style", format_html('<style nonce="{}"', str(nonce)), 1)
    return format_html(
        '<figure class="panel chart"><div class="chart-wide">{}</div>'
        '<div class="chart-narrow">{}</div></figure>',
        mark_safe(svg),
        mark_safe(narrow),
    )


@register.simple_tag(takes_context=True)
def journey_chart(context: template.Context, rows: Sequence[Row]) -> SafeString:
    """The journey per life situation as a figure with an inline SVG chart."""
    return _figure(context, charts.journey_chart(rows), charts.journey_chart(rows, narrow=True))


@register.simple_tag(takes_context=True)
def processing_chart(context: template.Context, rows: Sequence[Row]) -> SafeString:
    """Processing days per service (median and 90th percentile)."""
    return _figure(
        context, charts.processing_chart(rows), charts.processing_chart(rows, narrow=True)
    )


@register.simple_tag(takes_context=True)
def on_time_chart(context: template.Context, rows: Sequence[Row]) -> SafeString:
    """Share of deadlines kept per row, in per cent."""
    return _figure(context, charts.on_time_chart(rows), charts.on_time_chart(rows, narrow=True))


@register.filter
def duration(days: float | None) -> str:
    """A duration in days with its units: ``5 h``, ``2 d 5 h`` (``2 дн. 5 ч`` in Russian)."""
    return formats.duration(days)
