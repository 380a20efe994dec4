"""Through /api/v1: the centres and free times of a service (public), and a partner acting
for the citizen books, moves and cancels the visit of their ID-card application, under the
same rules and scopes as the other application endpoints."""

from __future__ import annotations

import pytest
from django.utils import timezone

from qyzmet.applications.models import Application
from qyzmet.appointments.models import Visit, VisitStatus
from tests.appointments.helpers import another_citizen, id_card_case
from tests.callers import bearer
from tests.partners.conftest import partner, submit_through  # noqa: F401

pytestmark = pytest.mark.django_db


def slots(client, centre="astana-yesil"):
    answer = client.get(f"/api/v1/service-centres/{centre}/slots?service=id-card")
    assert answer.status_code == 200, answer.content
    return answer.json()


def test_anyone_lists_the_centres_and_free_times_of_a_service(client):
    centres = client.get("/api/v1/services/id-card/service-centres").json()
    assert [c["id"] for c in centres] == ["almaty-almaly", "astana-saryarka", "astana-yesil"]
    yesil = centres[-1]
    assert yesil["opening_hours"]["sat"] == ["09:00", "13:00"]
    assert (yesil["slot_minutes"], yesil["capacity"]) == (20, 2)
    assert client.get("/api/v1/services/passport/service-centres").json() == []
    free = slots(client)
    assert free and all(s["free"] == 2 for s in free)
    unknown = client.get("/api/v1/service-centres/nowhere/slots?service=id-card")
    assert unknown.status_code == 404


def test_a_partner_books_moves_and_cancels_for_the_citizen(client, partner):  # noqa: F811
    citizen = another_citizen(3)
    application = submit_through(partner, citizen.iin, "id-card")
    [case] = application["cases"]
    grant = partner.grant(citizen.iin)
    path = f"/applications/{application['id']}/cases/{case['id']}/visit"
    first, second = slots(client)[:2]

    booked = partner.call("put", path, {"centre": "astana-yesil", "starts_at": first["starts_at"]},
                          token=grant)  # fmt: skip
    assert booked.status_code == 201, booked.content
    assert booked.json()["status"] == "booked"
    assert booked.json()["purpose"]["en"] == "Photo and fingerprints for the identity card"
    after = {s["starts_at"]: s["free"] for s in slots(client)}
    assert after[first["starts_at"]] == 1

    moved = partner.call("put", path, {"centre": "astana-yesil", "starts_at": second["starts_at"]},
                         token=grant)  # fmt: skip
    assert moved.status_code == 200
    assert partner.call("get", path, token=grant).json()["starts_at"] == moved.json()["starts_at"]
    visit = Visit.objects.get(case_id=case["id"])
    assert visit.channel.startswith("partner:")

    assert partner.call("delete", path, token=grant).status_code == 204
    visit.refresh_from_db()
    assert visit.status == VisitStatus.CANCELLED
    again = partner.call("delete", path, token=grant, HTTP_ACCEPT_LANGUAGE="ru")
    assert again.status_code == 404 and again.json()["detail"] == "Записи нет."


def test_refusals_say_why_in_the_callers_language(client):
    case = id_card_case()
    auth = bearer(case.application.citizen)
    path = f"/api/v1/applications/{case.application_id}/cases/{case.pk}/visit"

    def put(body, language="en"):
        return client.put(path, body, content_type="application/json",
                          HTTP_ACCEPT_LANGUAGE=language, **auth)  # fmt: skip

    past = put({"centre": "astana-yesil", "starts_at": "2020-01-06T10:00:00+05:00"}, "kk")
    assert past.status_code == 422 and past.json()["code"] == "visit.past"
    assert "уақыт өтіп кетті" in past.json()["detail"]
    free = slots(client)[0]["starts_at"]
    odd = timezone.datetime.fromisoformat(free) + timezone.timedelta(minutes=5)
    assert put({"centre": "astana-yesil", "starts_at": odd.isoformat()}).json()["code"] == (
        "visit.no_slot"
    )
    assert put({"centre": "nowhere", "starts_at": free}).status_code == 404
    assert put({"centre": "astana-yesil"}).status_code == 422
    assert put({"centre": "astana-yesil", "starts_at": free}).status_code == 201


def test_the_last_place_and_the_ten_days_are_conflicts(client):
    first, second = id_card_case(), id_card_case(another_citizen())
    free = slots(client, "astana-saryarka")[0]["starts_at"]

    def put(case, centre="astana-saryarka", at=free):
        return client.put(
            f"/api/v1/applications/{case.application_id}/cases/{case.pk}/visit",
            {"centre": centre, "starts_at": at}, content_type="application/json",
            **bearer(case.application.citizen),
        )  # fmt: skip

    assert put(first).status_code == 201
    full = put(second)
    assert full.status_code == 409 and full.json()["code"] == "visit.slot_full"
    again = id_card_case(first.application.citizen)
    other_centre = slots(client, "almaty-almaly")[0]["starts_at"]
    soon = put(again, "almaty-almaly", other_centre)
    assert soon.status_code == 409 and soon.json()["code"] == "visit.too_soon"


def test_a_partner_cannot_book_for_an_application_not_made_through_it(client, partner):  # noqa: F811
    case = id_card_case(another_citizen(4))
    grant = partner.grant(case.application.citizen.iin)
    free = slots(client)[0]["starts_at"]
    path = f"/applications/{case.application_id}/cases/{case.pk}/visit"
    answer = partner.call("put", path, {"centre": "astana-yesil", "starts_at": free}, token=grant)
    assert answer.status_code == 404
    assert not Visit.objects.filter(case=case).exists()
    assert Application.objects.filter(pk=case.application_id).exists()


def test_a_time_without_its_offset_is_a_422_naming_the_format(client):
    case = id_card_case()
    path = f"/api/v1/applications/{case.application_id}/cases/{case.pk}/visit"
    free = timezone.datetime.fromisoformat(slots(client)[0]["starts_at"])
    for sent in [free.replace(tzinfo=None).isoformat(), "2027-02-30T10:00:00+05:00"]:
        answer = client.put(path, {"centre": "astana-yesil", "starts_at": sent},
                            content_type="application/json", HTTP_ACCEPT_LANGUAGE="ru",
                            **bearer(case.application.citizen))  # fmt: skip
        assert answer.status_code == 422, answer.content
        [error] = answer.json()["errors"]
        assert (error["field"], error["code"]) == ("starts_at", "format.date_time")
        assert "+05:00" in error["message"]
    assert not Visit.objects.filter(case=case).exists()


def test_a_time_past_the_last_local_date_is_too_far_not_a_server_error(client):
    case = id_card_case()
    answer = client.put(
        f"/api/v1/applications/{case.application_id}/cases/{case.pk}/visit",
        {"centre": "astana-yesil", "starts_at": "9999-12-31T23:00:00-05:00"},
        content_type="application/json", **bearer(case.application.citizen),
    )  # fmt: skip
    assert answer.status_code == 422 and answer.json()["code"] == "visit.too_far"
