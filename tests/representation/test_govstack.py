"""GovStack's specification has no representation; qyzmet takes ``onBehalfOf`` as an
extension of ``applicationFileSubmit``, asked of the same selector: a representative submits
a file in the principal's name within the mandate, is refused outside it, and the principal
sees the file among theirs."""

from __future__ import annotations

import pytest
from django.test import Client

from qyzmet.catalog.selectors import service_version
from qyzmet.demo.sample_forms import sample_values
from qyzmet.registries.fields import find_person
from qyzmet.representation.mandates import accept_mandate, end_mandate, grant_mandate
from tests.callers import bearer
from tests.govstack.conftest import Caller, assert_conforms
from tests.representation.conftest import OTHER_SERVICE, SERVICE, later

pytestmark = pytest.mark.django_db


@pytest.fixture
def mandate(principal, representative):
    given = grant_mandate(
        principal=principal, representative_iin=representative.iin, services=[SERVICE],
        until=later(30), channel="portal",
    )  # fmt: skip
    return accept_mandate(mandate=given, representative=representative, channel="portal")


def submit(representative, principal, slug=SERVICE, language="en"):
    values = sample_values(service_version(slug), find_person(principal.iin))
    body = {"applicantId": representative.iin, "onBehalfOf": principal.iin,
            "formData": {"data": {slug: values}}}  # fmt: skip
    return Caller(Client(), bearer(representative))(
        "POST", f"/services/{slug}/applications", body, language=language
    )


def test_a_representative_submits_a_file_in_the_principals_name(principal, representative, mandate):
    response = submit(representative, principal)

    assert response.status_code == 200, response.content
    file = response.json()
    assert_conforms(file, "/services/{serviceId}/applications", "post", 200)
    assert file["applicantId"] == representative.iin
    assert file["applicationData"]["onBehalfOf"] == principal.iin


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("kk", "оның сенімхаты бұл қызметті қамтымайды"),
        ("ru", "его доверенность не распространяется на эту услугу"),
        ("en", "their mandate does not cover this service"),
    ],
)
def test_outside_the_mandate_the_file_is_refused_saying_why(
    principal, representative, mandate, language, said
):
    response = submit(representative, principal, OTHER_SERVICE, language)

    assert response.status_code == 403
    assert response.json()["code"] == "representation.not_allowed"
    assert said in str(response.json())


def test_after_the_mandate_ended_the_file_is_refused(principal, representative, mandate):
    end_mandate(mandate=mandate, person=principal, channel="portal")

    response = submit(representative, principal)

    assert response.status_code == 403
    assert "their mandate was ended" in str(response.json())


def test_the_principal_sees_the_file_made_in_their_name(principal, representative, mandate):
    made = submit(representative, principal).json()
    as_principal = Caller(Client(), bearer(principal))

    listed = as_principal("GET", "/applications")
    one = as_principal("GET", f"/applications/{made['fileId']}")

    assert [f["fileId"] for f in listed.json()] == [made["fileId"]]
    assert one.status_code == 200
    assert one.json()["applicationData"]["onBehalfOf"] == principal.iin
