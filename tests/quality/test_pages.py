"""The public statistics page and its open data, read by anyone without signing in."""

from __future__ import annotations

import csv
import datetime
import io
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from qyzmet.quality.export import COLUMNS
from qyzmet.quality.services import rate_case
from tests.factories import ApplicationFactory
from tests.quality.conftest import moving, timed

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"
SVG = re.compile(r"<svg\b.*?</svg>", re.DOTALL)
WIDE = re.compile(r'<div class="chart-wide">(<svg\b.*?</svg>)', re.DOTALL)  # for a desktop
NARROW = re.compile(r'<div class="chart-narrow">(<svg\b.*?</svg>)', re.DOTALL)  # for a phone


@pytest.fixture
def decided(citizen):
    """Two decided passport cases, 36 and 12 hours after submission, one rated 4."""
    submitted = timezone.now() - datetime.timedelta(days=3)
    cases = [ApplicationFactory(approved=True, citizen=citizen).cases.get() for _ in range(2)]
    timed(cases[0], submitted=submitted, hours=36)
    timed(cases[1], submitted=submitted, hours=12)
    rate_case(citizen=citizen, case=cases[0], score=4, channel="portal")


@pytest.fixture
def journey(parent):
    """One 'moving' application, fully decided in 30 hours."""
    moving(parent, ago=datetime.timedelta(days=2), certificate_hours=1, residence_hours=30,
           now=timezone.now())  # fmt: skip


@pytest.mark.parametrize(
    ("language", "heading", "median", "journey_days"),
    [("kk", "Қызмет сапасы", "1 күн", "1 күн 6 сағ"),
     ("ru", "Качество услуг", "1 дн.", "1 дн. 6 ч"),
     ("en", "Service quality", "1 d", "1 d 6 h")],
)  # fmt: skip
def test_the_statistics_page_shows_charts_and_tables_in_each_language(
    client, decided, journey, language, heading, median, journey_days
):
    response = client.get(reverse("portal:statistics"), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    page = response.content.decode()
    assert f'<html lang="{language}">' in page
    assert f"<h1>{heading}</h1>" in page
    charts = SVG.findall(page)
    assert len(WIDE.findall(page)) == len(NARROW.findall(page)) == 3, "journeys, agencies, services"
    assert len(charts) == 6, "each chart drawn for a desktop and for a phone"
    for chart in charts:
        assert "<script" not in chart
        assert 'role="img"' in chart and "<title" in chart and "<desc" in chart
        assert "href=" not in chart, "no external resource"
    assert page.count("<table") == 3, "a table of the same figures beside each chart"
    cells = [cell.replace(NBSP, " ") for cell in re.findall(r"<td[^>]*>([^<]*)</td>", page)]
    assert median in cells, "the median of 12 and 36 hours: one day"
    assert journey_days in cells, "the journey of 30 hours: one day and six hours"


def test_each_table_is_folded_under_its_chart_so_the_page_reads_at_a_glance(client, decided):
    page = client.get(reverse("portal:statistics"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert page.count("<table") == page.count('<details class="data-table">') == 2
    for folded in re.findall(r'<details class="data-table">.*?</details>', page, re.DOTALL):
        assert "<summary>Show the data as a table</summary>" in folded
        assert folded.count("<table") == 1
    assert page.index('class="headline-figures"') < page.index("<svg"), "headline figures first"
    headline = re.search(r'<ul class="headline-figures".*?</ul>', page, re.DOTALL).group()
    assert "Cases" in headline and ">2<" in headline, "two cases"
    assert "100%" in headline, "both decided within the deadline"
    assert "Mean rating, out of 5" in headline and "4.0" in headline


def test_the_duration_charts_ticks_carry_units_and_none_reads_zero(client, decided):
    """The ticks once all read 0,0: processing times of hours were written as days with one
    decimal."""
    for language, units in (("kk", ("сағ", "күн")), ("ru", ("ч", "дн.")), ("en", ("h", "d"))):
        page = client.get(reverse("portal:statistics"), HTTP_ACCEPT_LANGUAGE=language)
        services = WIDE.findall(page.content.decode())[-1]
        ticks = re.findall(r'<g class="guides"><path[^>]*/><text[^>]*>([^<]*)</text>', services)
        assert len(ticks) >= 3, services
        assert not {"0,0", "0.0"} & set(ticks)
        assert all(tick.split(NBSP)[-1] in units for tick in ticks if tick != "0"), ticks


def test_the_page_can_be_narrowed_to_a_period_and_an_agency(client, decided):
    response = client.get(reverse("portal:statistics"), {"days": "30", "agency": "education"})
    assert response.status_code == 200
    assert response.context["stats"].days == 30
    assert response.context["stats"].services == []
    assert "No figures yet" in response.content.decode()
    odd = client.get(reverse("portal:statistics"), {"days": "9" * 5000, "agency": "x" * 500})
    assert odd.status_code == 200 and odd.context["stats"].days is None


def test_the_csv_has_a_header_row_and_one_line_per_situation_agency_and_service(client, decided):
    response = client.get(reverse("portal:statistics-csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Access-Control-Allow-Origin"] == "*"
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))
    assert tuple(rows[0]) == COLUMNS
    passport = next(r for r in rows if r["level"] == "service" and r["slug"] == "passport")
    assert passport["title_kk"] == "Паспорт алу" or passport["title_kk"]
    assert passport["agency"] == "internal-affairs"
    assert (passport["cases"], passport["decided"], passport["median_hours"]) == ("2", "2", "24.0")
    assert (passport["ratings"], passport["mean_rating"]) == ("1", "4.0")
    assert passport["journey_median_hours"] == ""
    assert {r["level"] for r in rows} == {"agency", "service"}, "no life situation applied for"


def test_the_json_has_ids_three_language_titles_and_the_same_figures(client, decided, journey):
    response = client.get(reverse("portal:statistics-json"), {"days": "90"})
    assert response.status_code == 200
    document = json.loads(response.content)
    assert document["period_days"] == 90 and document["agency"] is None
    assert set(document) >= {"generated_at", "life_situations", "agencies", "services"}
    service = next(s for s in document["services"] if s["slug"] == "passport")
    assert isinstance(service["id"], int)
    assert set(service["title"]) == {"kk", "ru", "en"}
    assert service["figures"]["median_hours"] == 24.0
    assert service["figures"]["on_time_share"] == 1.0
    [situation] = document["life_situations"]
    assert situation["slug"] == "moving" and situation["title"]["kk"] == "Жаңа мекенжайға көшу"
    assert situation["journey"] == {"applications": 1, "median_hours": 30.0, "p90_hours": 30.0}
    police = next(a for a in document["agencies"] if a["slug"] == "internal-affairs")
    assert police["figures"]["cases"] == 3, "two passports and one residence registration"


def test_the_open_data_is_public_and_read_only(client):
    for name in ("portal:statistics", "portal:statistics-csv", "portal:statistics-json"):
        assert client.get(reverse(name)).status_code == 200
        assert client.post(reverse(name)).status_code == 405


def test_the_agency_table_names_agencies_and_their_cases_past_the_deadline(client):
    from tests.factories import ApplicationFactory

    ApplicationFactory(approved=True, service="passport")
    page = client.get("/statistics/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<th scope="col">Open past the deadline</th>' in page
    assert '<th scope="col">Agency</th>' in page


def test_the_charts_style_themselves_only_with_the_pages_csp_nonce(client, decided, journey):
    response = client.get(reverse("portal:statistics"))
    policy = response.headers["Content-Security-Policy"]
    nonce = re.search(r"style-src [^;]*'nonce-([^']+)'", policy).group(1)
    page = response.content.decode()
    charts = WIDE.findall(page)
    assert len(charts) == 3
    for chart in charts:
        assert chart.count("<style") == 1 and f'<style nonce="{nonce}"' in chart
    for chart in SVG.findall(page):
        assert " style=" not in chart, "an inline style attribute: CSP would refuse it"
    for chart in NARROW.findall(page):
        assert "<style" not in chart, "the phone's chart is drawn with attributes only"
