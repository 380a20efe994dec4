"""Exchange requests about a citizen, as the exchange records them (``DataAccess``), and the
helpers that move time for the data tracker's concealments."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import factory
from django.utils import timezone

from qyzmet.core.pseudonyms import subject_digest
from qyzmet.exchange.models import DataAccess
from qyzmet.tracker.models import Concealment


class DataAccessFactory(factory.django.DjangoModelFactory):
    """A granted read of someone's population data for the registry's own upkeep; pass
    ``iin`` for whom. Traits: ``refused``."""

    class Meta:
        model = DataAccess

    class Params:
        iin = "900101300001"
        refused = factory.Trait(outcome="refused", refusal="field_not_in_policy")

    message_id = factory.LazyFunction(lambda: str(uuid.uuid4()))
    at = factory.LazyFunction(timezone.now)
    client_agency = "labour"
    client_system = "prefill"
    subject = factory.LazyAttribute(lambda o: subject_digest(o.iin))
    registry = "population"
    provider_agency = "internal-affairs"
    fields = factory.LazyFunction(
        lambda: ["population.person.full_name", "population.person.birth_date"]
    )
    purpose_kind = "legal_basis"
    purpose_ref = "registry-maintenance"
    outcome = "granted"
    refusal = ""


def access_caused_by(application: Any, **kwargs: Any) -> DataAccess:
    """A read of the applicant's data for ``application`` (pre-fill by default)."""
    return DataAccessFactory(
        iin=application.subject_iin,
        purpose_kind="application",
        purpose_ref=str(application.pk),
        **kwargs,
    )


def days_pass(days: float) -> None:
    """As if ``days`` had passed for every concealment: each ends that much sooner."""
    for concealment in Concealment.objects.all():
        shift = datetime.timedelta(days=days)
        concealment.hidden_at -= shift
        concealment.until -= shift
        concealment.save(update_fields=["hidden_at", "until"])
