from django.urls import include, path

from qyzmet.portal.views import catalog

app_name = "portal"

urlpatterns = [
    path("", catalog.home, name="home"),
    path("search/", catalog.search, name="search"),
    path("life-situations/<slug:slug>/", catalog.life_situation, name="life-situation"),
    path("services/<slug:slug>/", catalog.service, name="service"),
    path("", include("qyzmet.portal.account_urls")),
    path("statistics/", include("qyzmet.portal.statistics_urls")),
]
