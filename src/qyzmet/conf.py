"""Every setting qyzmet reads from the environment, each with a default and one line of help.

This is the only module that reads ``os.environ`` for configuration. ``qyzmet.settings``
turns these values into Django settings; ``qyzmet settings-docs`` writes
``docs/settings.md`` from the same table, so the docs never say something else.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Read first, as the defaults of other settings lie under it; its line in SETTINGS says it.
PROJECT_DIR = Path(os.environ.get("QYZMET_HOME", Path.cwd())).resolve()


def _bool(raw: str) -> bool:
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def _list(raw: str) -> list[str]:
    return [item.strip() for item in raw.split(",") if item.strip()]


def _per_year(raw: str) -> dict[int, int]:
    """``2025=3932,2026=4325`` (a bare number holds for every year) as {year: value}."""
    values: dict[int, int] = {}
    for item in _list(raw):
        year, _, value = item.rpartition("=")
        values[int(year) if year else 0] = int(value)
    if not values:
        raise ValueError("give at least one value, e.g. 2026=4325")
    return values


def _mapping(raw: str) -> dict[str, str]:
    """``a=x,b=y`` as {"a": "x", "b": "y"}."""
    pairs = [item.split("=", 1) for item in _list(raw)]
    if any(len(pair) != 2 for pair in pairs):
        raise ValueError(f"expected name=value pairs separated by commas, not {raw!r}")
    return {name.strip(): value.strip() for name, value in pairs}


def _optional_bool(raw: str) -> bool | None:
    """A yes/no, or ``None`` (empty) to let the deployment decide (demo or not)."""
    return _bool(raw) if raw.strip() else None


def _optional_int(raw: str) -> int | None:
    return int(raw) if raw.strip() else None


def _cache_url(raw: str) -> str:
    url = raw.strip()
    if url and not url.startswith(("redis://", "rediss://", "unix://")):
        raise ValueError(f"a redis://, rediss:// or unix:// URL, or nothing, not {url!r}")
    return url


def _networks(raw: str) -> list[str]:
    """``10.0.0.1,192.168.0.0/24,::1`` as a list of addresses and networks, each checked."""
    import ipaddress

    for entry in _list(raw):
        ipaddress.ip_network(entry, strict=False)  # ValueError names a malformed entry
    return _list(raw)


def _hour(raw: str) -> int:
    hour = int(raw)
    if not 0 <= hour <= 23:
        raise ValueError(f"an hour of the day is 0 to 23, not {hour}")
    return hour


PHASES = ("alpha", "beta", "live")


def _phase(raw: str) -> str:
    phase = raw.strip().lower()
    if phase not in PHASES:
        raise ValueError(f"the phase is one of {', '.join(PHASES)}, not {raw!r}")
    return phase


def _log_format(raw: str) -> str:
    chosen = raw.strip().lower()
    if chosen not in ("text", "json"):
        raise ValueError(f"the log format is text or json, not {raw!r}")
    return chosen


def _address(raw: str) -> tuple[str, int] | None:
    """``127.0.0.1:9100`` or ``[::1]:9100`` as (host, port); nothing as ``None``."""
    if not raw.strip():
        return None
    host, _, port = raw.strip().rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(f"an address is HOST:PORT, e.g. 127.0.0.1:9100, not {raw!r}")
    return host.strip("[]"), int(port)


def _client_auth(raw: str) -> str:
    method = raw.strip()
    if method not in {"client_secret_basic", "client_secret_post"}:
        raise ValueError(f"client_secret_basic or client_secret_post, not {method!r}")
    return method


def _scopes(raw: str) -> list[str]:
    """``openid email`` or ``openid,email`` as a list, ``openid`` first and always there."""
    scopes = [s for s in raw.replace(",", " ").split() if s != "openid"]
    return ["openid", *dict.fromkeys(scopes)]


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str
    parse: Callable[[str], Any] = str

    def read(self) -> Any:
        return self.parse(os.environ.get(self.name, self.default))


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "QYZMET_HOME",
        ".",
        "qyzmet's home folder (default: the current directory). It must hold `catalog/`, the "
        "catalogue's YAML files (agencies, services, life situations, reason templates; a copy "
        "of the repository's `catalog/`), unless `QYZMET_CATALOG_DIR` points elsewhere; "
        "`var/` (the SQLite database, keys, outboxes) is made in it unless `QYZMET_VAR_DIR` "
        "says otherwise.",
        lambda raw: Path(raw).resolve(),
    ),
    Setting(
        "DATABASE_URL",
        "",
        "Database: `postgres://...`, or `sqlite:////absolute/path.sqlite3` (WAL mode); empty: "
        "SQLite in `QYZMET_VAR_DIR/qyzmet.sqlite3`, next to the keys it needs.",
    ),
    Setting(
        "QYZMET_DEMO",
        "false",
        "This deployment is a demo: turns on the demo conveniences (demo pages and outbox, "
        "development tokens, the `demo` identity provider, the `sandbox` payment provider) and "
        "plain HTTP. `qyzmet demo` sets it; outside a demo a setting that turns one of them on "
        "stops every process from starting.",
        _bool,
    ),
    Setting("QYZMET_DEBUG", "false", "Django debug pages; never in production.", _bool),
    Setting(
        "QYZMET_SECRET_KEY",
        "",
        "Secret for sessions and signing. Empty: a key is generated into `var/secret_key`.",
    ),
    Setting(
        "QYZMET_SECRET_KEY_FALLBACKS",
        "",
        "Comma-separated previous secret keys, still accepted for sessions and signed values "
        "while `QYZMET_SECRET_KEY` is rotated (remove them once sessions have expired).",
        _list,
    ),
    Setting(
        "QYZMET_ALLOWED_HOSTS",
        "",
        "Comma-separated host names the server answers to (empty: none, so a server outside "
        "a demo refuses to start; a demo adds `127.0.0.1,localhost,testserver`).",
        _list,
    ),
    Setting(
        "QYZMET_SECURE_COOKIES",
        "",
        "Mark session and CSRF cookies Secure, sent over HTTPS only (empty: on, except in a "
        "demo served over plain HTTP).",
        _optional_bool,
    ),
    Setting(
        "QYZMET_HSTS_SECONDS",
        "",
        "Strict-Transport-Security max-age sent on HTTPS responses, in seconds (empty: one "
        "year, 0 in a demo).",
        _optional_int,
    ),
    Setting(
        "QYZMET_PROXY_SSL_HEADER",
        "",
        "Header by which the TLS-terminating proxy says a request came over HTTPS, e.g. "
        "`X-Forwarded-Proto` (its value must then be `https`); set it only when every request "
        "passes through that proxy, which must overwrite the header.",
    ),
    Setting(
        "QYZMET_TRUSTED_PROXIES",
        "",
        "Comma-separated addresses or networks of the reverse proxies whose `X-Forwarded-For` "
        "names the client (empty: the client is the connection's address).",
        _networks,
    ),
    Setting(
        "QYZMET_LOCKOUT_FAILURES",
        "5",
        "Failed sign-ins of officers and operators (admin, back office) that lock out the user "
        "name, and the client address, for `QYZMET_LOCKOUT_MINUTES`.",
        int,
    ),
    Setting(
        "QYZMET_LOCKOUT_MINUTES",
        "15",
        "How long a lockout after `QYZMET_LOCKOUT_FAILURES` failed sign-ins lasts.",
        int,
    ),
    Setting(
        "QYZMET_OFFICER_IDENTITY_PROVIDERS",
        "",
        "Identity providers officers and operators must sign in with (back office and admin), "
        "comma-separated: `eds`, `oidc` (each also on in `QYZMET_IDENTITY_PROVIDERS`); they "
        "replace the password and TOTP code. Empty: password and TOTP code, as before.",
        _list,
    ),
    Setting(
        "QYZMET_CATALOG_DIR", str(PROJECT_DIR / "catalog"), "Folder of the catalogue YAML files."
    ),
    Setting("QYZMET_VAR_DIR", str(PROJECT_DIR / "var"), "Folder for local state (SQLite, keys)."),
    Setting(
        "QYZMET_KEY_DIR",
        "",
        "Folder of the agencies' private signing keys (empty: `keys/` in `QYZMET_VAR_DIR`; "
        "created on first use; back it up, share it between app servers).",
    ),
    Setting(
        "QYZMET_DATA_KEYS",
        "",
        "The key ring that encrypts personal data, as JSON (empty: `data-keys.json` in the key "
        "folder, created on first use; see docs/operations.md).",
    ),
    Setting(
        "QYZMET_PUBLIC_URL",
        "http://127.0.0.1:8000",
        "Address citizens reach the portal at: printed on result documents and in their QR "
        "codes, in links sent in messages, and where payment providers send citizens back.",
    ),
    Setting(
        "QYZMET_DOCUMENT_UPLOAD_MAX_MB",
        "10",
        "Largest PDF, in megabytes, that the public verify page accepts.",
        int,
    ),
    Setting(
        "QYZMET_MAX_REQUEST_MB",
        "50",
        "Largest request body, in megabytes, an app server reads: a larger declared length is "
        "answered 413 before a byte is read. Keep it above the catalogue's largest Documents "
        "step (its files are sent together: the sum of their `max_mb`, each at most 20) and "
        "`QYZMET_DOCUMENT_UPLOAD_MAX_MB`.",
        int,
    ),
    Setting(
        "QYZMET_SERVE_THREADS",
        "2",
        "Threads of each `qyzmet serve` worker process: requests one process works on at once. "
        "Threads share one core and wait for each other's turn at it: raise this only where "
        "requests mostly wait for other servers (registries over the network).",
        int,
    ),
    Setting(
        "QYZMET_ADMISSION_LIMIT",
        "16",
        "Requests one `qyzmet serve` worker process takes in at once (working on them or "
        "waiting for a thread); a request past it is shed at once: 503 with `Retry-After` "
        "(a waiting-room page on the portal), having done nothing. Health, readiness, metrics "
        "and static files are never shed. Raise it with the threads; lower it for a tighter "
        "latency (docs/operations.md, Overload).",
        int,
    ),
    Setting(
        "QYZMET_QUEUE_DEADLINE_MS",
        "1000",
        "Longest a taken-in request waits for a thread, in milliseconds: one that waited longer "
        "is shed as if it came past `QYZMET_ADMISSION_LIMIT` (its caller has waited enough).",
        int,
    ),
    Setting(
        "QYZMET_SHED_RETRY_AFTER",
        "5",
        "Seconds a shed request's `Retry-After` asks the caller to wait (the waiting-room page "
        "reloads itself after them).",
        int,
    ),
    Setting(
        "QYZMET_WORKER_MAX_REQUESTS",
        "0",
        "Requests after which a `qyzmet serve` worker process is replaced by a fresh one "
        "(gunicorn's `max_requests`, with a jitter of a tenth): a safety net against memory "
        "that grows. 0: never.",
        int,
    ),
    Setting(
        "QYZMET_PARTNER_TOKEN_SECONDS",
        "600",
        "Lifetime of a partner's OAuth2 access token (client credentials), in seconds.",
        int,
    ),
    Setting(
        "QYZMET_PARTNER_GRANT_SECONDS",
        "900",
        "Lifetime of a token bound to a consenting citizen, in seconds.",
        int,
    ),
    Setting(
        "QYZMET_PARTNER_CONSENT_DAYS",
        "90",
        "Days a citizen's consent to a partner lasts unless revoked earlier.",
        int,
    ),
    Setting(
        "QYZMET_CONSENT_WRONG_CODES_PER_DAY",
        "50",
        "Wrong consent codes one partner may send in a day; then its confirmations are refused "
        "(429) until the day ends, and the operators are told.",
        int,
    ),
    Setting(
        "QYZMET_TRACKER_LONGEST_CONCEALMENT_DAYS",
        "180",
        "The longest an investigation may hide an access from the citizen's data tracker, in days.",
        int,
    ),
    Setting(
        "QYZMET_SMS_BACKEND",
        "console",
        "SMS gateway: `console` (the log, codes masked), `file` (`var/outbox/sms.log`) or "
        "`http` (a gateway's HTTP API with delivery reports; see docs/identity.md).",
    ),
    Setting(
        "QYZMET_SMS_URL",
        "",
        "Where the `http` SMS gateway takes messages (POST {to, text, client_message_id, "
        "callback_url}); `https://` outside a demo.",
    ),
    Setting("QYZMET_SMS_TOKEN", "", "The bearer token of the `http` SMS gateway; never commit it."),
    Setting(
        "QYZMET_SMS_REPORT_SECRET",
        "",
        "Secret the `http` SMS gateway signs its delivery reports with (HMAC-SHA256, "
        "`X-Sms-Signature`); empty: every report is refused.",
    ),
    Setting(
        "QYZMET_SMS_REPORT_TOLERANCE_SECONDS",
        "300",
        "How far a signed delivery report's timestamp may be from now before it is refused as "
        "a replay.",
        int,
    ),
    Setting(
        "QYZMET_SMS_CALLBACK_BASE_URL",
        "",
        "Address the SMS gateway reaches qyzmet at for delivery reports, which it posts to "
        "`<this>/sms/delivery-reports/<gateway>/` (empty: `QYZMET_PUBLIC_URL`).",
    ),
    Setting(
        "QYZMET_SMS_TIMEOUT_SECONDS",
        "10",
        "How long a worker waits for the SMS gateway to connect or answer.",
        float,
    ),
    Setting(
        "QYZMET_EMAIL_BACKEND",
        "console",
        "E-mail: `smtp`, `console` (the log) or `file` (`var/outbox/email/`).",
    ),
    Setting("QYZMET_EMAIL_HOST", "localhost", "SMTP server."),
    Setting("QYZMET_EMAIL_PORT", "587", "SMTP port.", int),
    Setting("QYZMET_EMAIL_USER", "", "SMTP user name."),
    Setting("QYZMET_EMAIL_PASSWORD", "", "SMTP password."),
    Setting("QYZMET_EMAIL_TLS", "true", "Use STARTTLS with the SMTP server.", _bool),
    Setting("QYZMET_EMAIL_FROM", "qyzmet <noreply@qyzmet.local>", "Sender of qyzmet's e-mails."),
    Setting(
        "QYZMET_AUDIT_CHECKPOINT_FILE",
        "",
        "Append-only file the audit log's signed tree heads are copied to (empty: "
        "`audit/checkpoints.jsonl` in `QYZMET_VAR_DIR`); keep it off the database server.",
    ),
    Setting(
        "QYZMET_AUDIT_SEAL_SECONDS",
        "60",
        "How often each worker seals the audit records written since and signs a tree head "
        "(`qyzmet audit verify` fails on records left unsealed twice as long).",
        float,
    ),
    Setting(
        "QYZMET_AUDIT_SEAL_EVERY",
        "1000",
        "Also seal the audit log after about this many records (a job enqueued by the writer).",
        int,
    ),
    Setting(
        "QYZMET_WEBHOOK_TIMEOUT_SECONDS",
        "5",
        "How long a worker waits for a partner's webhook endpoint to connect or answer.",
        float,
    ),
    Setting(
        "QYZMET_MCI_TENGE",
        "2024=3692,2025=3932,2026=4325",
        "Value of one MCI (monthly calculation index) in tenge per year (`YEAR=TENGE,...`, set "
        "by each year's budget law), used to price fees; a year not listed takes the latest "
        "earlier one.",
        _per_year,
    ),
    Setting(
        "QYZMET_PAYMENT_PROVIDER",
        "",
        "Payment provider citizens pay fees through (empty: none, fees cannot be paid online; "
        "a demo: `sandbox`, the built-in test provider with its hosted page at `/sandbox-pay/`, "
        "which only a demo may use).",
    ),
    Setting(
        "QYZMET_PAYMENT_WEBHOOK_SECRET",
        "",
        "Secret the payment provider signs its webhooks with (HMAC-SHA256). Empty: derived from "
        "the secret key (fine for the sandbox only).",
    ),
    Setting(
        "QYZMET_PAYMENT_WEBHOOK_TOLERANCE_SECONDS",
        "300",
        "How old a signed payment webhook may be before it is refused as a replay.",
        int,
    ),
    Setting(
        "QYZMET_DEVELOPMENT_TOKENS",
        "",
        "Accept citizens' development API tokens (`Authorization: Bearer qz_...`); empty: only "
        "in a demo, and only a demo may turn them on.",
        _optional_bool,
    ),
    Setting(
        "QYZMET_IDEMPOTENCY_KEY_HOURS",
        "24",
        "Hours an `Idempotency-Key` of the API is remembered: a retry within them gets the first "
        "response again.",
        int,
    ),
    Setting(
        "QYZMET_SQLITE_BUSY_SECONDS",
        "30",
        "Seconds a request waits for SQLite's write lock before it is answered 503 (the "
        "database is busy); PostgreSQL ignores it.",
        int,
    ),
    Setting(
        "QYZMET_POSTGRES_PREPARED",
        "true",
        "PostgreSQL keeps the plans of the hot paths' statements (a submission, a token's "
        "lookup, an idempotency key's claim) on each connection instead of planning them for "
        "every request: parameters "
        "are sent apart from the SQL and those statements prepared (decision 0080). Set false "
        "behind a pooler that hands one client's statements to other server connections "
        "(PgBouncer's transaction mode without `max_prepared_statements`); SQLite ignores it.",
        _bool,
    ),
    Setting(
        "QYZMET_TIME_ZONE", "Asia/Almaty", "Time zone for deadlines and dates shown to people."
    ),
    Setting(
        "QYZMET_VISIT_BOOKING_DAYS",
        "14",
        "How many days ahead a visit to a service centre can be booked (from tomorrow's "
        "first slot to the end of the last of these days).",
        int,
    ),
    Setting(
        "QYZMET_LOG_LEVEL", "INFO", "Log level of qyzmet's own loggers (DEBUG, INFO, WARNING)."
    ),
    Setting(
        "QYZMET_LOG_FORMAT",
        "text",
        "Log records on standard error: `text` (a line: time, level, logger, [request ID], "
        "message) or `json` (an object a line, with `request_id`, for a log collector).",
        _log_format,
    ),
    Setting(
        "QYZMET_METRICS_ADDRESS",
        "",
        "Where `qyzmet serve` also listens for Prometheus to scrape `/metrics` (e.g. "
        "`127.0.0.1:9100`, an address the public cannot reach); the public address answers 404 "
        "for it. Empty: no metrics are served.",
        _address,
    ),
    Setting(
        "QYZMET_DAILY_JOBS_HOUR",
        "3",
        "Hour (local time, 0-23) from which workers run the daily jobs (overdue notices, "
        "purges); a worker started after a missed run catches up at once.",
        _hour,
    ),
    Setting(
        "QYZMET_JOB_LEASE_SECONDS",
        "30",
        "A background worker not heard from for this long is presumed dead: its jobs, and the "
        "notifications and webhooks it was sending, are taken again by another worker.",
        float,
    ),
    Setting(
        "QYZMET_PHASE",
        "beta",
        "The portal's phase, shown in a banner under the header with a link for feedback: "
        "`alpha`, `beta` or `live` (no banner).",
        _phase,
    ),
    Setting(
        "QYZMET_OPERATOR_NAME",
        "",
        "Who runs this portal and answers for the personal data it keeps (named on the privacy, "
        "accessibility and contacts pages); empty: a demo says it is a demo, a deployment is "
        "warned.",
    ),
    Setting(
        "QYZMET_CONTACT_EMAIL",
        "",
        "The operator's e-mail address for help, feedback and questions about personal data, "
        "shown in the footer's pages (empty: none; a demo shows `support@qyzmet.example`).",
    ),
    Setting(
        "QYZMET_CONTACT_PHONE",
        "",
        "The operator's telephone number for help, shown in the footer's pages (empty: none; a "
        "demo shows a made-up number).",
    ),
    Setting(
        "QYZMET_CONTACT_HOURS",
        "",
        "When the telephone line answers, in words (e.g. `Mon-Fri 9:00-18:00`); empty: not said.",
    ),
    Setting(
        "QYZMET_DEMO_PAGES",
        "",
        "Serve demo-only pages (the outbox of sign-in and consent codes, `/demo/outbox/`, the "
        "messenger simulator, `/demo/messenger/`, officers' current codes); empty: only in a "
        "demo, and only a demo may turn them on.",
        _optional_bool,
    ),
    Setting(
        "QYZMET_IDENTITY_PROVIDERS",
        "",
        "Identity providers citizens sign in with, comma-separated, in the order the sign-in "
        "page shows them (empty: none, citizens cannot sign in; a demo: `demo`, IIN + a "
        "one-time code shown in the outbox, which only a demo may use).",
        _list,
    ),
    Setting(
        "QYZMET_SIGNIN_CODES_PER_HOUR",
        "5",
        "One-time sign-in codes one browser session or chat may ask for per hour, and that "
        "may be sent to one IIN per hour from one client address (or one chat).",
        int,
    ),
    Setting(
        "QYZMET_SIGNIN_CODES_PER_ADDRESS",
        "30",
        "One-time sign-in codes that may be requested from one client address per hour.",
        int,
    ),
    Setting(
        "QYZMET_OIDC_ISSUER",
        "",
        "Issuer URL of the OpenID provider of the `oidc` identity provider (its metadata is "
        "read from ISSUER/.well-known/openid-configuration); https outside a demo.",
    ),
    Setting("QYZMET_OIDC_CLIENT_ID", "", "This portal's client id at the OpenID provider."),
    Setting("QYZMET_OIDC_CLIENT_SECRET", "", "This portal's client secret at the OpenID provider."),
    Setting(
        "QYZMET_OIDC_CLIENT_AUTH",
        "client_secret_basic",
        "How the token endpoint is told the client: `client_secret_basic` (HTTP Basic) or "
        "`client_secret_post` (in the form).",
        _client_auth,
    ),
    Setting(
        "QYZMET_OIDC_SCOPES",
        "openid",
        "Scopes asked of the OpenID provider, separated by spaces or commas (`openid` always).",
        _scopes,
    ),
    Setting(
        "QYZMET_OIDC_IIN_CLAIM",
        "iin",
        "The ID token's claim that carries the person's IIN (for example `iin`, or `sub` "
        "where the provider's subject is the IIN).",
    ),
    Setting(
        "QYZMET_OIDC_TITLE",
        "OpenID Connect",
        "The OpenID provider's name as the sign-in page says it in every language (for "
        'example `eGov ID`): the button reads "Continue with ...".',
    ),
    Setting(
        "QYZMET_EDS_CA_CERTS",
        "",
        "CA certificates EDS signatures are validated to, comma-separated files or folders of "
        "PEM/DER certificates (Kazakhstan: NCA RK's root and intermediate certificates); "
        "self-signed ones are the trust roots. Empty: every EDS signature is refused.",
        _list,
    ),
    Setting(
        "QYZMET_EDS_FETCH_TIMEOUT",
        "10",
        "Seconds to wait for one OCSP answer or CRL download when checking an EDS certificate "
        "(behind a proxy: `HTTP_PROXY`/`HTTPS_PROXY`, as requests reads them).",
        float,
    ),
    Setting(
        "QYZMET_EDS_NCALAYER_URL",
        "wss://127.0.0.1:13579",
        "Where the EDS sign-in page finds NCALayer on the person's computer (its local "
        "WebSocket); the page's Content-Security-Policy lets it connect there alone.",
    ),
    Setting(
        "QYZMET_EDS_CHALLENGE_MINUTES",
        "5",
        "Minutes within which a sign-in challenge must come back signed with an EDS.",
        int,
    ),
    Setting(
        "QYZMET_SESSION_IDLE_MINUTES",
        "30",
        "Sessions end after this many minutes without a request.",
        int,
    ),
    Setting(
        "QYZMET_MESSENGER_BOT_CLIENT",
        "simulator",
        "How the messenger bot sends messages: `simulator` (kept for `/demo/messenger/`) or "
        "`telegram` (the Bot API at `QYZMET_MESSENGER_API_URL`).",
    ),
    Setting(
        "QYZMET_MESSENGER_BOT_TOKEN",
        "",
        "The bot's token from Telegram's @BotFather, for the `telegram` client; never commit it.",
    ),
    Setting(
        "QYZMET_MESSENGER_API_URL",
        "https://api.telegram.org",
        "Base address of the bot API (Telegram's, or a messenger's compatible one).",
    ),
    Setting(
        "QYZMET_MESSENGER_WEBHOOK_SECRET",
        "",
        "Secret the bot API sends in `X-Telegram-Bot-Api-Secret-Token` (setWebhook's "
        "`secret_token`: 1-256 of `A-Z a-z 0-9 _ -`). Empty: derived from the secret key.",
    ),
    Setting(
        "QYZMET_MESSENGER_LINK_CODES_PER_CHAT",
        "5",
        "One-time codes one messenger chat may ask for per hour to link itself (for any IINs).",
        int,
    ),
    Setting(
        "QYZMET_ASSISTANT_BACKEND",
        "auto",
        "How the assistant ranks life situations and services: `blended` (the embedding model "
        "and words), `embedding`, `lexical` (words only), or `auto` (blended where the "
        "`assistant` extra is installed, else lexical).",
    ),
    Setting(
        "QYZMET_ASSISTANT_THREADS",
        "1",
        "CPU threads the assistant's model may use for one request (1 keeps web workers fair).",
        int,
    ),
    Setting(
        "QYZMET_ASSISTANT_RETENTION_DAYS",
        "365",
        "Days the assistant's records (redacted, for the auditors' report) are kept; purged daily.",
        int,
    ),
    Setting(
        "QYZMET_EXCHANGE_PROVIDERS",
        "",
        "Where each registry is served over HTTP, as `registry=URL` pairs (e.g. "
        "`population=http://10.0.0.5:8101`); a registry not listed is read in-process.",
        _mapping,
    ),
    Setting(
        "QYZMET_EXCHANGE_PLATFORM_AGENCY",
        "digital-development",
        "The agency the platform's own systems (sign-in, offers, partner consents) ask the "
        "registries as, under the coded legal bases of `exchange/legal-bases.yaml`.",
    ),
    Setting(
        "QYZMET_REPRESENTATION_AGENCY",
        "justice",
        "The agency whose officers record notarised mandates and guardianships in the back "
        "office (an agency id of `catalog/agencies.yaml`).",
    ),
    Setting(
        "QYZMET_EXCHANGE_MESSAGE_SECONDS",
        "60",
        "How old an exchange message may be when it arrives; older ones are refused as stale.",
        int,
    ),
    Setting(
        "QYZMET_EXCHANGE_FORGERIES_PER_MINUTE",
        "60",
        "How many requests with a refused signature one address may send a registry server in a "
        "minute; then it is answered 429, unread and unrecorded, until the minute is over (0: no "
        "limit).",
        int,
    ),
    Setting(
        "QYZMET_TRUST_ROOT",
        "",
        "The trust root's certificate (a PEM file's path, or the PEM itself) that must have "
        "issued every agency key; empty: `trust-root.pem` in the key folder, made on first use "
        "(demo). See docs/operations.md, 'Signing keys'.",
    ),
    Setting(
        "QYZMET_CATALOGUE_CACHE_SECONDS",
        "10",
        "How long a process keeps the current catalogue (each service's and life situation's "
        "current version) before reading it again: a version `qyzmet catalog load` publishes "
        "in another process is used here at most this long after; 0 reads it on every use.",
        int,
    ),
    Setting(
        "QYZMET_TRUST_LIST_SECONDS",
        "5",
        "How long a process keeps what it read of the trust list (each agency's current key, the "
        "keys it verified) before reading it again; a key retired at most this long (plus 5 s of "
        "clock skew) before an exchange message was issued still verifies it. Keep it the same "
        "on every server.",
        int,
    ),
    Setting(
        "QYZMET_EXCHANGE_TIMEOUT_SECONDS",
        "5",
        "How long the platform waits for a registry served over HTTP to connect or answer.",
        float,
    ),
    Setting(
        "QYZMET_EXCHANGE_AGENCY",
        "",
        "The agency whose registries this process serves (set by `qyzmet registry serve`).",
    ),
    Setting(
        "QYZMET_EXCHANGE_TLS_CERT",
        "",
        "PEM file of this server's exchange certificate (and chain): the server certificate of "
        "`qyzmet registry serve`, the client certificate the platform shows registries at `https`.",
    ),
    Setting(
        "QYZMET_EXCHANGE_TLS_KEY",
        "",
        "PEM file of the private key of `QYZMET_EXCHANGE_TLS_CERT` (readable by qyzmet alone).",
    ),
    Setting(
        "QYZMET_EXCHANGE_TLS_CA",
        "",
        "PEM file of the CA certificate(s) that issue the exchange's certificates: a registry "
        "server admits only clients with one, the platform talks only to registries with one.",
    ),
    Setting(
        "QYZMET_CACHE_URL",
        "",
        "Shared cache for limits counted across processes and servers (wrong sign-in codes, the "
        "exchange's forgery throttle): `redis://HOST:6379/0`, reached by every app server; "
        "empty: each process counts alone in its memory (a demo, one process).",
        _cache_url,
    ),
    # Attachments
    Setting(
        "QYZMET_ATTACHMENT_SCANNER",
        "",
        "Malware scanner every attachment passes before it is kept: `clamd` (ClamAV's daemon "
        "at `QYZMET_CLAMD_ADDRESS`). Empty: none, so no attachment can be uploaded and a "
        "server outside a demo refuses to start; a demo: `unscanned`, which lets every file "
        "through and which only a demo may use.",
    ),
    Setting(
        "QYZMET_CLAMD_ADDRESS",
        "",
        "Where clamd listens, for the `clamd` scanner: `tcp://HOST:PORT` or "
        "`unix:///run/clamav/clamd.ctl`.",
    ),
    Setting(
        "QYZMET_CLAMD_TIMEOUT_SECONDS",
        "30",
        "How long an upload waits for clamd's verdict before the citizen is told to try again.",
        float,
    ),
    Setting(
        "QYZMET_ATTACHMENT_KEEP_DAYS",
        "1095",
        "Days an attachment's content is kept after its case is decided or withdrawn (or after "
        "its upload, when the application was never submitted); then a daily job deletes it.",
        int,
    ),
    Setting(
        "QYZMET_ATTACHMENT_HELD_HOURS",
        "24",
        "Hours a document uploaded through GovStack (`POST /documents`) is held for the "
        "application that names it; one never named is then deleted by the daily job.",
        int,
    ),
    Setting(
        "QYZMET_APPEAL_ATTACHMENTS_MAX",
        "5",
        "Files a citizen may attach to one appeal or complaint (each PDF, JPEG or PNG).",
        int,
    ),
    Setting(
        "QYZMET_APPEAL_ATTACHMENTS_MAX_MB",
        "20",
        "Megabytes the files attached to one appeal may hold together (one file at most that).",
        int,
    ),
)


def read() -> dict[str, Any]:
    """The value of every setting, keyed by its environment variable name."""
    return {setting.name: setting.read() for setting in SETTINGS}


def markdown_table() -> str:
    """The settings as a Markdown table, for ``docs/settings.md``."""
    lines = [
        "# Settings",
        "",
        "Generated by `qyzmet settings-docs` from `src/qyzmet/conf.py`; do not edit by hand.",
        "",
        "| variable | default | what it does |",
        "|---|---|---|",
    ]
    for setting in SETTINGS:
        default = setting.default.replace(str(PROJECT_DIR), ".")
        lines.append(f"| `{setting.name}` | `{default}` | {setting.help} |")
    return "\n".join(lines) + "\n"
