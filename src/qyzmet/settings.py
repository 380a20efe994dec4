"""Django settings, built from the values read in ``qyzmet.conf`` (the only place that reads the
environment)."""

from __future__ import annotations

import datetime
import os
import secrets
from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONCE, NONE, SELF

from qyzmet import conf

ENV = conf.read()
# A demo (`qyzmet demo`) turns on its conveniences; elsewhere they stay off unless a setting
# turns one on, and then the checks in `core/checks.py` stop every process from starting.
DEMO: bool = ENV["QYZMET_DEMO"]


def _unless_set(value: Any, *, demo: Any, deployment: Any) -> Any:
    """``value`` where the setting was given, else what a demo or a deployment takes."""
    if value is None or value == "":
        return demo if DEMO else deployment
    return value


PACKAGE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(ENV["QYZMET_VAR_DIR"])
CATALOG_DIR = Path(ENV["QYZMET_CATALOG_DIR"])
MCI_TENGE: dict[int, int] = ENV["QYZMET_MCI_TENGE"]
PAYMENT_PROVIDER = str(_unless_set(ENV["QYZMET_PAYMENT_PROVIDER"], demo="sandbox", deployment=""))
PAYMENT_WEBHOOK_TOLERANCE_SECONDS: int = ENV["QYZMET_PAYMENT_WEBHOOK_TOLERANCE_SECONDS"]
PAYMENT_WEBHOOK_SECRET = str(ENV["QYZMET_PAYMENT_WEBHOOK_SECRET"])
DEVELOPMENT_TOKENS: bool = _unless_set(
    ENV["QYZMET_DEVELOPMENT_TOKENS"], demo=True, deployment=False
)
IDEMPOTENCY_KEY_HOURS: int = ENV["QYZMET_IDEMPOTENCY_KEY_HOURS"]
KEY_DIR = Path(ENV["QYZMET_KEY_DIR"] or VAR_DIR / "keys")
DATA_KEYS = str(ENV["QYZMET_DATA_KEYS"])
AUDIT_CHECKPOINT_FILE = Path(
    ENV["QYZMET_AUDIT_CHECKPOINT_FILE"] or VAR_DIR / "audit" / "checkpoints.jsonl"
)
AUDIT_SEAL_SECONDS: float = ENV["QYZMET_AUDIT_SEAL_SECONDS"]
AUDIT_SEAL_EVERY: int = ENV["QYZMET_AUDIT_SEAL_EVERY"]
PUBLIC_URL = str(ENV["QYZMET_PUBLIC_URL"]).rstrip("/")
DOCUMENT_UPLOAD_MAX_MB: int = ENV["QYZMET_DOCUMENT_UPLOAD_MAX_MB"]
MAX_REQUEST_MB: int = ENV["QYZMET_MAX_REQUEST_MB"]
SERVE_THREADS: int = ENV["QYZMET_SERVE_THREADS"]
ADMISSION_LIMIT: int = ENV["QYZMET_ADMISSION_LIMIT"]
QUEUE_DEADLINE_MS: int = ENV["QYZMET_QUEUE_DEADLINE_MS"]
SHED_RETRY_AFTER: int = ENV["QYZMET_SHED_RETRY_AFTER"]
WORKER_MAX_REQUESTS: int = ENV["QYZMET_WORKER_MAX_REQUESTS"]
ATTACHMENT_SCANNER = str(
    _unless_set(ENV["QYZMET_ATTACHMENT_SCANNER"], demo="unscanned", deployment="")
)
CLAMD_ADDRESS = str(ENV["QYZMET_CLAMD_ADDRESS"])
CLAMD_TIMEOUT_SECONDS: float = ENV["QYZMET_CLAMD_TIMEOUT_SECONDS"]
ATTACHMENT_KEEP_DAYS: int = ENV["QYZMET_ATTACHMENT_KEEP_DAYS"]
ATTACHMENT_HELD_HOURS: int = ENV["QYZMET_ATTACHMENT_HELD_HOURS"]
APPEAL_ATTACHMENTS_MAX: int = ENV["QYZMET_APPEAL_ATTACHMENTS_MAX"]
APPEAL_ATTACHMENTS_MAX_MB: int = ENV["QYZMET_APPEAL_ATTACHMENTS_MAX_MB"]
SMS_BACKEND = str(ENV["QYZMET_SMS_BACKEND"])
SMS_URL = str(ENV["QYZMET_SMS_URL"])
SMS_TOKEN = str(ENV["QYZMET_SMS_TOKEN"])
SMS_REPORT_SECRET = str(ENV["QYZMET_SMS_REPORT_SECRET"])
SMS_REPORT_TOLERANCE_SECONDS = int(ENV["QYZMET_SMS_REPORT_TOLERANCE_SECONDS"])
SMS_CALLBACK_BASE_URL = str(ENV["QYZMET_SMS_CALLBACK_BASE_URL"])
SMS_TIMEOUT_SECONDS = float(ENV["QYZMET_SMS_TIMEOUT_SECONDS"])
EMAIL_BACKEND = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
}[str(ENV["QYZMET_EMAIL_BACKEND"])]
EMAIL_FILE_PATH = VAR_DIR / "outbox" / "email"
EMAIL_HOST = str(ENV["QYZMET_EMAIL_HOST"])
EMAIL_PORT: int = ENV["QYZMET_EMAIL_PORT"]
EMAIL_HOST_USER = str(ENV["QYZMET_EMAIL_USER"])
EMAIL_HOST_PASSWORD = str(ENV["QYZMET_EMAIL_PASSWORD"])
EMAIL_USE_TLS: bool = ENV["QYZMET_EMAIL_TLS"]
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = str(ENV["QYZMET_EMAIL_FROM"])
PARTNER_GRANT_SECONDS: int = ENV["QYZMET_PARTNER_GRANT_SECONDS"]
PARTNER_CONSENT_DAYS: int = ENV["QYZMET_PARTNER_CONSENT_DAYS"]
CONSENT_WRONG_CODES_PER_DAY: int = ENV["QYZMET_CONSENT_WRONG_CODES_PER_DAY"]
TRACKER_LONGEST_CONCEALMENT_DAYS: int = ENV["QYZMET_TRACKER_LONGEST_CONCEALMENT_DAYS"]
WEBHOOK_TIMEOUT_SECONDS: float = ENV["QYZMET_WEBHOOK_TIMEOUT_SECONDS"]
OAUTH2_PROVIDER_APPLICATION_MODEL = "oauth2_provider.Application"
OAUTH2_PROVIDER = {
    "ACCESS_TOKEN_EXPIRE_SECONDS": ENV["QYZMET_PARTNER_TOKEN_SECONDS"],
    "SCOPES_BACKEND_CLASS": "qyzmet.partners.scopes.PartnerScopes",
    "PKCE_REQUIRED": True,
    # Partners use client credentials alone: the rest of OAuth 2.0 is held to RFC 9700.
    "COMPLIANT_BCP_RFC9700_IMPLICIT_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PASSWORD_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PKCE_METHOD": True,
    "COMPLIANT_BCP_RFC9700_ACCESS_TOKEN_TRANSPORT": True,
    "COMPLIANT_BCP_RFC9700_AUTHZ_RESPONSE_ISS": True,
    "COMPLIANT_BCP_RFC9700_REDIRECT_URI_SCHEME": True,
    "ALLOWED_REDIRECT_URI_SCHEMES": ["https"],
    "REFRESH_TOKEN_REUSE_PROTECTION": True,
    # Only the SHA-256 of access and refresh tokens is stored (RFC 9700): a database
    # reader gets nothing that opens the API.
    "COMPLIANT_BCP_RFC9700_TOKEN_STORAGE": True,
}


def _secret_key() -> str:
    if ENV["QYZMET_SECRET_KEY"]:
        return str(ENV["QYZMET_SECRET_KEY"])
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
SECRET_KEY_GENERATED = not ENV["QYZMET_SECRET_KEY"]
SECRET_KEY_FALLBACKS: list[str] = ENV["QYZMET_SECRET_KEY_FALLBACKS"]  # while rotating it
DEBUG: bool = ENV["QYZMET_DEBUG"]
DEMO_HOSTS = ["127.0.0.1", "localhost", "testserver"]
ALLOWED_HOSTS: list[str] = ENV["QYZMET_ALLOWED_HOSTS"] + (
    [host for host in DEMO_HOSTS if host not in ENV["QYZMET_ALLOWED_HOSTS"]] if DEMO else []
)

INSTALLED_APPS = [
    "qyzmet.core.admin_app.AdminConfig",  # Django's admin behind the second factor
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "oauth2_provider",
    "ninja",  # the API reference from its own static files, not a CDN with inline script
    "qyzmet.core",
    "qyzmet.keys",
    "qyzmet.jobs",
    "qyzmet.idempotency",
    "qyzmet.audit",
    "qyzmet.catalog",
    "qyzmet.registries",
    "qyzmet.exchange",
    "qyzmet.identity",
    "qyzmet.accounts",
    "qyzmet.representation",
    "qyzmet.applications",
    "qyzmet.notifications",
    "qyzmet.trust",
    "qyzmet.documents",
    "qyzmet.partners",
    "qyzmet.quality",
    "qyzmet.assistant",
    "qyzmet.offers",
    "qyzmet.appointments",
    "qyzmet.casework",
    "qyzmet.tracker",
    "qyzmet.payments",
    "qyzmet.attachments",
    "qyzmet.paysandbox",
    "qyzmet.demo",
    "qyzmet.api",
    "qyzmet.govstack",
    "qyzmet.portal",
    "qyzmet.backoffice",
    "qyzmet.messenger",
]

MIDDLEWARE = [
    "qyzmet.core.request_ids.RequestIdMiddleware",  # first: every log line names its request
    "qyzmet.operations.middleware.MetricsMiddleware",  # counts every request; scrapes apart
    # before anything reads the body (CSRF reads a form's, spooling its files to disk); the
    # request id is only read from a header, so a refused request still has one
    "qyzmet.request_size.RequestSizeMiddleware",
    # then text no database stores (before the session, which looks its cookie up)
    "qyzmet.request_text.RequestTextMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",  # after WhiteNoise: pages, not static files
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "qyzmet.urls"
WSGI_APPLICATION = "qyzmet.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out user name or address first
    "django.contrib.auth.backends.ModelBackend",
]
# Passwords an operator sets for officers and operators (``qyzmet officers create``,
# ``createsuperuser``, the admin): long, not common, not all digits, not like the user name.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Locking out after failed sign-ins of officers and operators (django-axes): per user name
# and per client address, counted in the database.
TRUSTED_PROXIES: list[str] = ENV["QYZMET_TRUSTED_PROXIES"]
AXES_FAILURE_LIMIT: int = ENV["QYZMET_LOCKOUT_FAILURES"]
AXES_COOLOFF_TIME = datetime.timedelta(minutes=ENV["QYZMET_LOCKOUT_MINUTES"])
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "qyzmet.core.clients.client_address"
AXES_LOCKOUT_CALLABLE = "qyzmet.core.lockouts.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # a lockout ends when it said it would
AXES_DISABLE_ACCESS_LOG = True  # successful sign-ins are in the audit log
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "code", "otp_token"]  # masked in logs
# Officers and operators sign in through these identity providers instead of password + TOTP
# (decision 36); empty: password + TOTP.
OFFICER_IDENTITY_PROVIDERS: list[str] = ENV["QYZMET_OFFICER_IDENTITY_PROVIDERS"]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "qyzmet.core.context_processors.site",
            ],
        },
    },
]


SQLITE_LOG_LIMIT_BYTES = 64 * 1024 * 1024  # the write-ahead log's size once emptied


def _database() -> dict[str, Any]:
    url = str(ENV["DATABASE_URL"]) or f"sqlite:///{VAR_DIR / 'qyzmet.sqlite3'}"
    database: dict[str, Any] = dict(
        dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    )
    if database["ENGINE"] == "django.db.backends.sqlite3":
        Path(database["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        # Kept open like PostgreSQL's, dropped when its file is removed or replaced.
        database["ENGINE"] = "qyzmet.core.sqlite"
        # Tests use a file of their own (threads in tests need a real file, runs must not clash).
        database["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}
        database["OPTIONS"] = {
            # WAL lets readers work while one writer commits; IMMEDIATE takes the write
            # lock at BEGIN so concurrent writers queue instead of failing mid-transaction.
            "transaction_mode": "IMMEDIATE",
            "timeout": ENV["QYZMET_SQLITE_BUSY_SECONDS"],
            # After a checkpoint that empties the log, a log grown past 64 MiB (a long
            # reader, a full disk) is cut back to that size instead of keeping its peak.
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                f" PRAGMA journal_size_limit={SQLITE_LOG_LIMIT_BYTES};"
            ),
        }
    elif database["ENGINE"].endswith("postgresql") and ENV["QYZMET_POSTGRES_PREPARED"]:
        # Parameters sent apart from the SQL, so that hot paths' statements can be prepared
        # (``core.prepared``, decision 0080); none is prepared outside them.
        database.setdefault("OPTIONS", {})["server_side_binding"] = True
    return database


DATABASES = {"default": _database()}
POSTGRES_PREPARED: bool = ENV["QYZMET_POSTGRES_PREPARED"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background jobs are rows in the database (django-tasks-db), run by `qyzmet worker`.
TASKS = {"default": {"BACKEND": "qyzmet.core.tasks.RequestIdBackend"}}  # jobs carry the request id
DAILY_JOBS_HOUR: int = ENV["QYZMET_DAILY_JOBS_HOUR"]
JOB_LEASE_SECONDS: float = ENV["QYZMET_JOB_LEASE_SECONDS"]
METRICS_ADDRESS: tuple[str, int] | None = ENV["QYZMET_METRICS_ADDRESS"]
VISIT_BOOKING_DAYS: int = ENV["QYZMET_VISIT_BOOKING_DAYS"]

LANGUAGE_CODE = "ru"
LANGUAGES = [("kk", "Қазақша"), ("ru", "Русский"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
FORMAT_MODULE_PATH = ["qyzmet.formats"]
TIME_ZONE = str(ENV["QYZMET_TIME_ZONE"])
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

LOGIN_URL = "/sign-in/"
OTP_TOTP_ISSUER = "qyzmet"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE: bool = _unless_set(ENV["QYZMET_SECURE_COOKIES"], demo=False, deployment=True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS: int = _unless_set(
    ENV["QYZMET_HSTS_SECONDS"], demo=0, deployment=365 * 24 * 3600
)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_" + str(ENV["QYZMET_PROXY_SSL_HEADER"]).upper().replace("-", "_"), "https")
    if ENV["QYZMET_PROXY_SSL_HEADER"]
    else None
)
SESSION_COOKIE_AGE = 60 * int(ENV["QYZMET_SESSION_IDLE_MINUTES"])
SESSION_SAVE_EVERY_REQUEST = True  # the cookie age is counted from the last request: idle timeout
DEMO_PAGES: bool = _unless_set(ENV["QYZMET_DEMO_PAGES"], demo=True, deployment=False)
# The footer's pages and the phase banner (core/context_processors.py).
PHASE = str(ENV["QYZMET_PHASE"])
OPERATOR_NAME = str(ENV["QYZMET_OPERATOR_NAME"]).strip()
CONTACT_EMAIL = str(
    _unless_set(ENV["QYZMET_CONTACT_EMAIL"].strip(), demo="support@qyzmet.example", deployment="")
)
CONTACT_PHONE = str(
    _unless_set(ENV["QYZMET_CONTACT_PHONE"].strip(), demo="+7 700 000 00 00", deployment="")
)
CONTACT_HOURS = str(ENV["QYZMET_CONTACT_HOURS"]).strip()
IDENTITY_PROVIDERS: list[str] = _unless_set(
    ENV["QYZMET_IDENTITY_PROVIDERS"] or None, demo=["demo"], deployment=[]
)
SIGNIN_CODES_PER_HOUR: int = ENV["QYZMET_SIGNIN_CODES_PER_HOUR"]
EDS_CA_CERTS: list[str] = ENV["QYZMET_EDS_CA_CERTS"]
EDS_FETCH_TIMEOUT: float = ENV["QYZMET_EDS_FETCH_TIMEOUT"]
EDS_CHALLENGE_MINUTES: int = ENV["QYZMET_EDS_CHALLENGE_MINUTES"]
EDS_NCALAYER_URL = str(ENV["QYZMET_EDS_NCALAYER_URL"])
SIGNIN_CODES_PER_ADDRESS: int = ENV["QYZMET_SIGNIN_CODES_PER_ADDRESS"]
OIDC_ISSUER = str(ENV["QYZMET_OIDC_ISSUER"]).strip()
OIDC_CLIENT_ID = str(ENV["QYZMET_OIDC_CLIENT_ID"])
OIDC_CLIENT_SECRET = str(ENV["QYZMET_OIDC_CLIENT_SECRET"])
OIDC_CLIENT_AUTH = str(ENV["QYZMET_OIDC_CLIENT_AUTH"])
OIDC_SCOPES: list[str] = ENV["QYZMET_OIDC_SCOPES"]
OIDC_IIN_CLAIM = str(ENV["QYZMET_OIDC_IIN_CLAIM"]).strip()
OIDC_TITLE = str(ENV["QYZMET_OIDC_TITLE"]).strip()
MESSENGER_BOT_CLIENT = str(ENV["QYZMET_MESSENGER_BOT_CLIENT"])
MESSENGER_BOT_TOKEN = str(ENV["QYZMET_MESSENGER_BOT_TOKEN"])
MESSENGER_API_URL = str(ENV["QYZMET_MESSENGER_API_URL"]).rstrip("/")
MESSENGER_WEBHOOK_SECRET = str(ENV["QYZMET_MESSENGER_WEBHOOK_SECRET"])
MESSENGER_LINK_CODES_PER_CHAT: int = ENV["QYZMET_MESSENGER_LINK_CODES_PER_CHAT"]
ASSISTANT_BACKEND = str(ENV["QYZMET_ASSISTANT_BACKEND"])
ASSISTANT_THREADS: int = ENV["QYZMET_ASSISTANT_THREADS"]
ASSISTANT_RETENTION_DAYS: int = ENV["QYZMET_ASSISTANT_RETENTION_DAYS"]
EXCHANGE_PROVIDERS: dict[str, str] = ENV["QYZMET_EXCHANGE_PROVIDERS"]
EXCHANGE_PLATFORM_AGENCY = str(ENV["QYZMET_EXCHANGE_PLATFORM_AGENCY"])
REPRESENTATION_AGENCY = str(ENV["QYZMET_REPRESENTATION_AGENCY"])
EXCHANGE_MESSAGE_SECONDS: int = ENV["QYZMET_EXCHANGE_MESSAGE_SECONDS"]
EXCHANGE_FORGERIES_PER_MINUTE: int = ENV["QYZMET_EXCHANGE_FORGERIES_PER_MINUTE"]
EXCHANGE_TIMEOUT_SECONDS: float = ENV["QYZMET_EXCHANGE_TIMEOUT_SECONDS"]
TRUST_LIST_SECONDS: int = ENV["QYZMET_TRUST_LIST_SECONDS"]
CATALOGUE_CACHE_SECONDS: int = ENV["QYZMET_CATALOGUE_CACHE_SECONDS"]
TRUST_ROOT = str(ENV["QYZMET_TRUST_ROOT"])
EXCHANGE_AGENCY = str(ENV["QYZMET_EXCHANGE_AGENCY"])
EXCHANGE_TLS_CERT = str(ENV["QYZMET_EXCHANGE_TLS_CERT"])
EXCHANGE_TLS_KEY = str(ENV["QYZMET_EXCHANGE_TLS_KEY"])
EXCHANGE_TLS_CA = str(ENV["QYZMET_EXCHANGE_TLS_CA"])
# Limits counted across processes (wrong sign-in codes, the exchange's forgery throttle) need
# a shared cache.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": ENV["QYZMET_CACHE_URL"],
        "KEY_PREFIX": "qyzmet",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
    if ENV["QYZMET_CACHE_URL"]
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Django's own deployment checks that qyzmet's (core/checks.py) replace with ones naming the
# QYZMET_ variables; W008: the TLS-terminating proxy redirects plain HTTP, not Django; W005 and
# W021: HSTS for subdomains and the preload list are the domain owner's choice, not the portal's.
SILENCED_SYSTEM_CHECKS = [
    "security.W004", "security.W005", "security.W008", "security.W009", "security.W012",
    "security.W016", "security.W018", "security.W020", "security.W021",
]  # fmt: skip
# Content-Security-Policy (django-csp): scripts and styles from our own static files only,
# never inline; a page with a chart lets its own <style> in by nonce. See operations.md.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],  # the API reference's icons are data: URIs in its CSS
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# One line per record on standard error (text or JSON), each naming the request it was written for
# (``X-Request-ID``, core/request_ids.py). Django's own errors (``django.request``: every
# unexpected error of a request, with its traceback), gunicorn's and the libraries' warnings
# are routed too, not only qyzmet's.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "qyzmet.core.request_ids.RequestIdFilter"}},
    "formatters": {
        "text": {
            "format": "%(asctime)s %(levelname)s %(name)s [request %(request_id)s] %(message)s"
        },
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            "json_ensure_ascii": False,
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": ENV["QYZMET_LOG_FORMAT"],
        }
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "qyzmet": {"level": ENV["QYZMET_LOG_LEVEL"]},
        "django": {"level": "WARNING"},
        "django.request": {"level": "ERROR"},  # 5xx with their tracebacks; not every 404
    },
}
