"""What every page shows of the deployment: its phase and how to reach its operator."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    return {
        "site": {
            "phase": settings.PHASE,
            "demo": settings.DEMO,
            "operator": settings.OPERATOR_NAME,
            "email": settings.CONTACT_EMAIL,
            "phone": settings.CONTACT_PHONE,
            "hours": settings.CONTACT_HOURS,
        }
    }
