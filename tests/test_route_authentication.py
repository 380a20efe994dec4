"""Every page needs a signed-in user unless it is listed here as public."""

from __future__ import annotations

import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

PUBLIC = {
    "/healthz",  # says "ok" or what is missing, nothing else
    "/readyz",
    "/",
    "/search/",
    "/life-situations/moving/",
    "/services/moving/",
    "/manifest.webmanifest",
    "/sw.js",
    "/offline/",
    "/privacy/",  # the footer's pages
    "/accessibility/",
    "/help/",
    "/contact/",
    "/sign-in/",
    "/sign-in/code/",
    "/sign-in/oidc/",  # a redirect provider's trip: how an anonymous visitor signs in
    "/sign-in/oidc/callback/",
    "/sign-in/eds/signature/",  # a signature provider's page
    "/sign-out/",
    "/demo/outbox/",
    "/demo/messenger/",
    "/statistics/",
    "/statistics/data.csv",
    "/statistics/data.json",
    "/verify/",
    "/verify/keys.json",
    "/verify/root.pem",
    "/verify/AAAA-BBBB-CCCC-DDDD/",
    "/i18n/setlang/",
    "/back-office/sign-in/",
    "/back-office/sign-in/oidc/",  # officers signing in through a provider (decision 36)
    "/back-office/sign-in/oidc/callback/",
    "/back-office/sign-in/eds/signature/",
    "/back-office/sign-out/",
    "/back-office/demo/totp/",
    "/sandbox-pay/ch_0000/",  # the sandbox provider's own hosted page
    "/payments/webhooks/sandbox/",  # signed by the provider
    "/sms/delivery-reports/http/",  # signed by the SMS gateway
}
# Django's admin, the APIs and the OAuth2 token endpoints (client credentials) check their own
# (GovStack's: tests/govstack/test_authentication.py).
SKIPPED_PREFIXES = ("/admin/", "/api/v1/", "/govstack/", "/oauth/")


def paths(resolver: URLResolver = None, prefix: str = "") -> list[str]:  # type: ignore[assignment]
    resolver = resolver or get_resolver()
    found = []
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            found.extend(paths(entry, route))
        elif isinstance(entry, URLPattern):
            found.append(route)
    return found


def concrete(route: str) -> str:
    route = route.replace("<uuid:application_id>", str(uuid.uuid4()))
    route = route.replace("<uuid:case_id>", str(uuid.uuid4()))
    route = route.replace("<uuid:offer_id>", str(uuid.uuid4()))
    route = route.replace("<uuid:payment_id>", str(uuid.uuid4()))
    route = route.replace("<uuid:mandate_id>", str(uuid.uuid4()))
    route = route.replace("<uuid:visit_id>", str(uuid.uuid4()))
    route = route.replace("<uuid:attachment_id>", str(uuid.uuid4()))
    route = route.replace("<str:reference>", "ch_0000").replace("<slug:provider>", "sandbox")
    route = route.replace("<slug:gateway>", "http")
    route = route.replace("<str:document_id>", "AAAA-BBBB-CCCC-DDDD")
    route = route.replace("<int:appeal_id>", "1").replace("<int:consultation_id>", "1")
    route = route.replace("<uuid:consent_id>", str(uuid.uuid4())).replace("<slug:action>", "revoke")
    route = route.replace("<slug:slug>", "moving").replace("<slug:step>", "details")
    # an identity provider: a signature provider's page, a redirect provider's trip
    route = route.replace("<slug:name>", "eds" if route.endswith("signature/") else "oidc")
    return "/" + route.lstrip("^").rstrip("$")


ROUTES = sorted({concrete(r) for r in paths() if not ("/" + r).startswith(SKIPPED_PREFIXES)})


def test_every_route_is_checked_and_every_public_one_exists():
    assert "/applications/" in ROUTES and "/back-office/" in ROUTES
    assert set(ROUTES) >= PUBLIC


@pytest.mark.django_db
@pytest.mark.parametrize("path", [p for p in ROUTES if p not in PUBLIC])
def test_a_private_page_sends_an_anonymous_visitor_to_sign_in(client, path):
    response = client.get(path)
    assert response.status_code in (302, 401, 403), path
    if response.status_code == 302:
        assert "/sign-in/" in response["Location"], response["Location"]


@pytest.mark.django_db
def test_an_officer_is_not_a_citizen_in_the_portal(client):
    from tests.factories import OfficerFactory

    client.force_login(OfficerFactory())
    assert client.get("/applications/").status_code == 403
    assert client.post("/apply/", {"kind": "service", "slug": "passport"}).status_code == 403


@pytest.mark.django_db
def test_a_citizen_cannot_enter_the_back_office(client, demo_people):
    from tests.factories import CitizenFactory

    client.force_login(CitizenFactory(iin=demo_people["parent"]))
    response = client.get("/back-office/")
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response["Location"].startswith("/back-office/sign-in/")
