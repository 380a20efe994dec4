"""The portal installs on a phone and says so when it is offline."""

import json

from django.test import override_settings


def test_the_manifest_names_the_app_and_its_icons(client, db):
    response = client.get("/manifest.webmanifest", HTTP_ACCEPT_LANGUAGE="kk")
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["display"] == "standalone" and manifest["lang"] == "kk"
    assert {icon["sizes"] for icon in manifest["icons"]} >= {"192x192", "512x512"}


def test_the_service_worker_keeps_an_offline_notice(client, db):
    script = client.get("/sw.js").content.decode()
    assert '"/offline/"' in script
    page = client.get("/offline/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Нет подключения к интернету" in page


@override_settings(LANGUAGE_CODE="kk")
def test_money_is_written_the_kazakh_way(db):
    from django.utils import translation

    from qyzmet.core.templatetags.qyzmet import tenge

    with translation.override("kk"):
        assert tenge(4) == "17\xa0300 ₸"
    with translation.override("en"):
        assert tenge(4) == "17,300 ₸"
