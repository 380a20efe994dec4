"""Charts are self-contained, accessible SVG in the reader's language."""

from __future__ import annotations

import re
from xml.etree import ElementTree

from django.utils import translation

from qyzmet.quality.charts import bar_chart, chart_labels, on_time_chart, processing_chart
from qyzmet.quality.figures import Figures, Row
from qyzmet.quality.formats import duration, duration_ticks


def agency(name_ru: str, *, decided: int, on_time: int) -> Row:
    figures = Figures(cases=decided, decided=decided, decided_on_time=on_time)
    return Row(id=1, slug="x", title={"ru": name_ru, "en": name_ru}, figures=figures)


def test_a_chart_has_a_title_and_description_and_no_script_or_outside_resource():
    with translation.override("ru"):
        svg = on_time_chart([
            agency("Министерство юстиции Республики Казахстан", decided=4, on_time=3),
            agency("Министерство внутренних дел Республики Казахстан", decided=2, on_time=2),
        ])  # fmt: skip
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert "<title" in svg and "Соблюдение сроков, в процентах</title>" in svg
    assert "<desc" in svg and "Доля дел, решённых в установленный законом срок" in svg
    assert "<script" not in svg and "<!--" not in svg
    assert "href" not in svg and "@import" not in svg and "url(" not in svg
    assert "75\u00a0%" in svg, "values are written the Russian way"
    assert ">Министерство юстиции<" in svg, "the words every bar shares are left out"


def test_nothing_decided_draws_no_chart():
    assert bar_chart(title="t", description="d", labels=["a"], series=[("m", [None])]) == ""


def test_long_names_are_cut_on_the_chart_only():
    [label] = chart_labels(
        ["Государственная регистрация прав (обременений) на недвижимое имущество"]
    )
    assert len(label) <= 42 and label.endswith("…")


def test_durations_are_told_in_minutes_hours_and_days_in_the_readers_language():
    hour = 1 / 24
    with translation.override("en"):
        told = [duration(d) for d in (0, 0.0001, 0.5 * hour, 1.5 * hour, 15 * hour, 2.2, 12.4)]
    assert [t.replace("\u00a0", " ") for t in told] == [
        "0", "< 1 min", "30 min", "1 h 30 min", "15 h", "2 d 5 h", "12 d"
    ]  # fmt: skip
    with translation.override("ru"):
        assert duration(2.2).replace("\u00a0", " ") == "2 дн. 5 ч"
    with translation.override("kk"):
        assert duration(2.2).replace("\u00a0", " ") == "2 күн 5 сағ"


def test_duration_ticks_are_round_steps_whatever_the_scale():
    hour = 1 / 24
    assert duration_ticks(0.1) == [i * 0.5 * hour for i in range(6)]
    assert duration_ticks(1.7) == [i * 12 * hour for i in range(5)]
    assert duration_ticks(11.3) == [0, 2, 4, 6, 8, 10, 12]


def test_no_tick_of_a_chart_of_hours_reads_zero():
    """Processing times of a few hours were drawn against ticks all reading 0,0."""
    rows = [
        Row(id=1, slug="a", title={"ru": "А"},
            figures=Figures(cases=2, decided=2, median_hours=2, p90_hours=5))
    ]  # fmt: skip
    with translation.override("ru"):
        svg = processing_chart(rows)
    ticks = re.findall(r'<g class="guides"><path[^>]*/><text[^>]*>([^<]*)</text>', svg)
    assert [t.replace("\u00a0", " ") for t in ticks] == ["0", "1 ч", "2 ч", "3 ч", "4 ч", "5 ч"]


def test_on_a_phone_each_name_stands_whole_above_its_bars():
    """pygal's chart puts the names beside the bars: on a phone they left the bars no room."""
    name = "Государственная регистрация прав (обременений) на недвижимое имущество"
    rows = [
        Row(id=1, slug="a", title={"ru": name},
            figures=Figures(cases=2, decided=2, median_hours=2, p90_hours=5)),
        Row(id=2, slug="b", title={"ru": "Паспорт"},
            figures=Figures(cases=1, decided=1, median_hours=1, p90_hours=1)),
    ]  # fmt: skip
    with translation.override("ru"):
        svg = processing_chart(rows, narrow=True)
    root = ElementTree.fromstring(svg)
    assert root.get("role") == "img" and root.get("viewBox").startswith("0 0 330 ")
    assert "<script" not in svg and "<style" not in svg and " style=" not in svg
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert texts[:2] == ["Медиана", "90-й процентиль"], "a legend of the two series on top"
    lines = texts[2:5]
    assert " ".join(lines) == name and all(len(line) <= 32 for line in lines), "whole, wrapped"
    assert [t.replace("\u00a0", " ") for t in texts[5:7]] == ["2 ч", "5 ч"]
    bars = [float(r.get("width")) for r in root.iter("{http://www.w3.org/2000/svg}rect")][2:]
    assert bars[1] == max(bars) and bars[0] == bars[1] * 2 / 5, "bars to scale"
    ys = [float(t.get("y")) for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert ys == sorted(ys), "read top to bottom: each name above its bars"
