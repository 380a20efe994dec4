"""Charts are self-contained, accessible SVG in the reader's language."""

from __future__ import annotations

from django.utils import translation

from qyzmet.quality.charts import bar_chart, chart_labels, on_time_chart
from qyzmet.quality.figures import Figures, Row


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
