"""Citizens of a prepared demo, each with an API token and a submission the API accepts,
printed as JSON: ``python -m tests.faults.citizens COUNT`` in the demo's environment."""

from __future__ import annotations

import json
import os
import sys

SERVICE = "criminal-record-certificate"  # one case, for any adult with an address


def citizens(count: int) -> list[dict[str, object]]:
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from qyzmet.accounts.models import citizen_username
    from qyzmet.accounts.services import create_api_token
    from qyzmet.catalog.selectors import service_version
    from qyzmet.demo.sample_forms import sample_values
    from qyzmet.registries.fields import age_on
    from qyzmet.registries.models import Person

    version = service_version(SERVICE)
    assert version is not None, SERVICE
    today = timezone.localdate()
    people = Person.objects.filter(death_date__isnull=True, building__isnull=False)
    adults = [p for p in people.exclude(iin="").order_by("id") if 18 <= age_on(p, today) <= 60]
    adults = adults[:count]
    made = []
    for person in adults:
        user = get_user_model().objects.filter(iin=person.iin).first()
        if user is None:
            user = get_user_model().objects.create(
                username=citizen_username(person.iin), iin=person.iin
            )
        made.append({
            "iin": person.iin,
            "token": create_api_token(user=user, label="faults", channel="faults"),
            "body": {"service": SERVICE, "data": {SERVICE: sample_values(version, person)},
                     "submit": True},
        })  # fmt: skip
    return made


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qyzmet.settings")
    import django

    django.setup()
    print(json.dumps(citizens(int(sys.argv[1])), default=str))
