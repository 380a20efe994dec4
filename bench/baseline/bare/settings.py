"""Settings of the bare stack: the database of ``DATABASE_URL`` opened as qyzmet opens it
(SQLite: WAL, ``synchronous=NORMAL``, ``BEGIN IMMEDIATE``; PostgreSQL: persistent
connections), Django's security and common middleware, nothing else."""

from __future__ import annotations

import os
from typing import Any

import dj_database_url

SECRET_KEY = "bench-only-bare-stack"  # a throwaway server on 127.0.0.1
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = ["bare"]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
]
ROOT_URLCONF = "bare.urls"
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def _database() -> dict[str, Any]:
    database: dict[str, Any] = dict(
        dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)
    )
    if database["ENGINE"] == "django.db.backends.sqlite3":
        # Kept open across requests, as qyzmet keeps its own (qyzmet.core.sqlite).
        database["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            ),
        }
    return database


DATABASES = {"default": _database()}
