"""The exchange policy of offers (``exchange.policy``): for an offer, the platform may read the
registry fields its rule's values come from, about the citizen it is made to."""

from __future__ import annotations

import uuid

from django.conf import settings

from qyzmet.exchange.messages import ExchangeRequest
from qyzmet.exchange.policy import Allowance, Asker, Refusal, purposes
from qyzmet.offers.models import Offer
from qyzmet.offers.values import registry_sources


@purposes.register("offer")
def offer_allowance(request: ExchangeRequest, asker: Asker) -> Allowance:
    try:
        offer_id = uuid.UUID(request.purpose.ref)
    except ValueError:
        raise Refusal("purpose.unknown", f"{request.purpose.ref!r} is not an id") from None
    offer = Offer.objects.select_related("rule_version").filter(pk=offer_id).first()
    if offer is None:
        raise Refusal("purpose.unknown", f"no offer {request.purpose.ref}")
    if request.client.agency != settings.EXCHANGE_PLATFORM_AGENCY:
        raise Refusal("purpose.client", "offers are made by the platform")
    return Allowance(
        fields=frozenset(registry_sources(offer.rule_version.definition)),
        subjects=frozenset({offer.citizen_iin}),
    )
