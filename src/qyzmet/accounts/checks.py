"""Deployment checks of signing in (``qyzmet check --deploy``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register

SHARED_CACHES = ("django.core.cache.backends.redis.RedisCache",)


@register(Tags.security, deploy=True)
def check_limits_are_shared(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Wrong sign-in codes are counted in the cache: in each process's memory, every process
    of every app server allows its own five."""
    backend = settings.CACHES["default"]["BACKEND"]
    if backend in SHARED_CACHES:
        return []
    return [
        Warning(
            "Wrong sign-in codes are counted in each process's memory, so every process allows "
            "its own count.",
            hint="Set QYZMET_CACHE_URL to a Redis shared by the app servers.",
            id="qyzmet.W050",
        )
    ]
