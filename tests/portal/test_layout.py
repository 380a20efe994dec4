"""What every portal page shows around its content: one search form on the home page, a header
whose few main links leave the rest to a menu, the start action near the top, and a footer
with help, contacts, privacy and accessibility pages in every language, under a phase banner."""

from __future__ import annotations

import re

import pytest

from qyzmet.conf import _phase
from qyzmet.core.checks import deployment
from qyzmet.portal.templatetags.portal import PRIMARY_LIMIT
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db

FOOTER_PAGES = {
    "/help/": {"en": "Help", "ru": "Помощь", "kk": "Көмек"},
    "/contact/": {"en": "Contacts", "ru": "Контакты", "kk": "Байланыс"},
    "/privacy/": {
        "en": "How your personal data are handled",
        "ru": "Как обрабатываются ваши персональные данные",
        "kk": "Дербес деректеріңіз қалай өңделеді",
    },
    "/accessibility/": {
        "en": "Accessibility statement",
        "ru": "Заявление о доступности",
        "kk": "Қолжетімділік туралы мәлімдеме",
    },
}
PUBLIC_PAGES = ["/", "/search/?q=moving", "/life-situations/moving/", "/services/passport/",
                "/statistics/", "/sign-in/", "/verify/", *FOOTER_PAGES]  # fmt: skip


def page(client, path, language="en"):
    response = client.get(path, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, path
    return response.content.decode()


def section(html, start, end):
    return html[html.index(start) : html.index(end, html.index(start))]


def test_the_home_page_has_one_search_form(client):
    html = page(client, "/")
    assert len(re.findall(r'<form[^>]*action="/search/"', html)) == 1


def test_a_signed_in_header_shows_a_few_main_links_and_the_rest_in_the_account_menu(client):
    client.force_login(CitizenFactory(language="en"))
    html = page(client, "/applications/")

    service_nav = section(html, '<nav class="service-nav"', "</nav>")
    main_links = re.findall(r"<a href=\"([^\"]+)\"", service_nav)
    assert 2 <= len(main_links) <= PRIMARY_LIMIT
    assert "/applications/" in main_links
    account = section(html, '<details class="account-menu">', "</details>")
    for path in ("/account/", "/data-tracker/", "/consents/", "/account/representatives/"):
        assert f'href="{path}"' in account and path not in main_links
    assert 'action="/sign-out/"' in account
    phone_menu = section(html, '<details class="header-menu">', "</details>")
    for path in [*main_links, "/data-tracker/", "/account/"]:
        assert f'href="{path}"' in phone_menu  # a phone reaches every link through the Menu


def test_a_visitor_not_signed_in_sees_sign_in_and_no_account_menu(client):
    html = page(client, "/")
    assert "account-menu" not in html
    assert 'href="/sign-in/"' in section(html, '<div class="header-wide">', "</div>")


def test_the_start_button_comes_before_the_details_of_a_life_situation(client):
    html = page(client, "/life-situations/moving/")
    start = html.index('action="/apply/"')
    assert start < html.index("<table") and start < html.index("What you will need")


def test_the_start_button_comes_before_the_details_of_a_service(client):
    html = page(client, "/services/passport/")
    assert html.index('action="/apply/"') < html.index("What the state already knows")


def test_each_services_table_cell_says_its_column_for_a_phone(client):
    html = page(client, "/life-situations/moving/", "ru")
    table = section(html, "<tbody>", "</tbody>")
    assert table.count("<td") == table.count("data-label=")
    assert 'data-label="Срок по закону"' in table


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_every_portal_page_has_the_footer_links(client, path):
    footer = section(page(client, path), '<footer class="site-footer">', "</footer>")
    for link in FOOTER_PAGES:
        assert f'href="{link}"' in footer


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
@pytest.mark.parametrize("path", list(FOOTER_PAGES))
def test_the_footer_pages_answer_in_each_language(client, path, language):
    html = page(client, path, language)
    assert f'<html lang="{language}">' in html
    assert f"<h1>{FOOTER_PAGES[path][language]}</h1>" in html


def test_the_contacts_page_shows_the_operators_contacts_from_the_settings(client, settings):
    settings.OPERATOR_NAME = "Ministry of Digital Development"
    settings.CONTACT_EMAIL = "help@egov.example"
    settings.CONTACT_PHONE = "+7 717 200 00 00"
    html = page(client, "/contact/")
    assert 'href="mailto:help@egov.example"' in html
    assert 'href="tel:+77172000000"' in html
    assert "This portal is run by Ministry of Digital Development" in html
    assert "Run by Ministry of Digital Development." in html  # the footer


def test_without_contacts_the_page_says_so_and_the_deployment_check_warns(client, settings):
    settings.OPERATOR_NAME = settings.CONTACT_EMAIL = settings.CONTACT_PHONE = ""
    assert "has not published its contact details yet" in page(client, "/contact/")
    ids = {message.id for message in deployment()}
    assert {"qyzmet.W120", "qyzmet.W121"} <= ids


def test_the_privacy_page_states_the_configured_periods(client, settings):
    settings.PARTNER_CONSENT_DAYS = 45
    settings.ASSISTANT_RETENTION_DAYS = 30
    html = page(client, "/privacy/")
    assert "A consent lasts 45 days" in html and "for 30 days" in html
    assert 'href="/data-tracker/"' in html and 'href="/consents/"' in html


@pytest.mark.parametrize(("phase", "shown"), [("alpha", "Alpha"), ("beta", "Beta"), ("live", None)])
def test_the_phase_banner_shows_the_configured_phase(client, settings, phase, shown):
    settings.PHASE = phase
    html = page(client, "/")
    if shown is None:
        assert "phase-banner" not in html
    else:
        banner = section(html, '<div class="phase-banner">', "</div>")
        assert f'<strong class="phase-tag">{shown}</strong>' in banner
        assert 'href="/contact/#feedback"' in banner


def test_the_phase_is_alpha_beta_or_live():
    assert _phase(" Live ") == "live"
    with pytest.raises(ValueError, match="alpha, beta, live"):
        _phase("gamma")


def test_the_back_office_has_no_citizens_phase_banner(client, settings):
    settings.PHASE = "beta"
    page = client.get("/back-office/sign-in/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "phase-banner" not in page and "#feedback" not in page
