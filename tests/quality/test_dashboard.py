"""The agency dashboard partial the back office includes."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from qyzmet.catalog.models import Agency
from qyzmet.quality.selectors import agency_dashboard
from qyzmet.quality.services import rate_case
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def test_the_dashboard_partial_shows_one_agencys_figures_and_comments(citizen):
    case = ApplicationFactory(approved=True, citizen=citizen).cases.get()
    rate_case(citizen=citizen, case=case, score=3, comment="Queue <b>too</b> long.",
              channel="portal")  # fmt: skip
    dashboard = agency_dashboard(Agency.objects.get(slug="internal-affairs"))
    with translation.override("ru"):
        html = render_to_string("quality/agency_dashboard.html", {"stats": dashboard})
    assert "<svg" in html and "<script" not in html
    assert "Queue &lt;b&gt;too&lt;/b&gt; long." in html, "comments are escaped"
    assert citizen.iin not in html, "officers never see who rated"
