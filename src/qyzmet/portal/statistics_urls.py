"""Public statistics of service quality and open data; citizens' ratings of decided cases.

The statistics and open data are public; rating needs a signed-in citizen."""

from django.urls import path

from qyzmet.portal.views import rating, statistics

urlpatterns = [
    path("", statistics.statistics, name="statistics"),
    path("data.csv", statistics.statistics_csv, name="statistics-csv"),
    path("data.json", statistics.statistics_json, name="statistics-json"),
    path("rate/<uuid:case_id>/", rating.rate_case_view, name="rate-case"),
]
