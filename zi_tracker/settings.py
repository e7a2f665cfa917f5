"""ZI Tracker settings: one file, driven by environment variables (see README.md)."""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


DEBUG = env_bool("DEBUG", False)


def secret_key_from_file(path: Path) -> str:
    """A random key made on first start and kept beside the database, unless SECRET_KEY is set."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = os.environ.get("SECRET_KEY") or secret_key_from_file(
    Path(os.environ.get("SECRET_KEY_FILE", BASE_DIR / "var" / "secret_key"))
)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

# Demo users and the seed decree are created only on request, never where this is False.
ZI_ALLOW_DEMO = env_bool("ZI_ALLOW_DEMO", DEBUG)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "import_export",
    "simple_history",
    "axes",
    "csp",
    "accounts",
    "actionplan",
    "evidence",
    "reports",
    "rollup",
    "ops",
    "reminders",
    "django_tasks",
    "django_tasks_db",
    "notifications",
    "exports",
    "lke",
    "monitoring",
]

MIDDLEWARE = [
    # First: every later middleware's and view's log lines carry the request id.
    "zi_tracker.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "zi_tracker.middleware.ChosenLanguageMiddleware",
    # A file answering a long export's request says so by a cookie: its button's spinner stops.
    "zi_tracker.download_token.DownloadTokenMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page is behind login unless a view says otherwise (login_not_required).
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "accounts.middleware.IdleSessionMiddleware",
    # Last, as django-axes asks: it turns a lockout raised during login into its lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "zi_tracker.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.permissions.caps_context",
                "zi_tracker.context_processors.navigation",
            ],
            "builtins": ["zi_tracker.template_filters"],
        },
    },
]

WSGI_APPLICATION = "zi_tracker.wsgi.application"

(BASE_DIR / "var").mkdir(exist_ok=True)  # the default SQLite file and generated key live here
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
# PostgreSQL only: a statement running longer is cancelled (the error names it) instead of
# holding a worker and the database's CPU on a pathological plan (issue 18). 0 = no limit.
# The test run defaults to 30 s (conftest.py); production sets it, e.g. 60000.
DB_STATEMENT_TIMEOUT_MS = int(os.environ.get("DB_STATEMENT_TIMEOUT_MS", "0"))
# PostgreSQL only: no JIT compilation. The row status is one large expression per row; its estimated
# cost passes jit_above_cost, and compiling it took 390 ms of a 480 ms dashboard query that runs in
# 45 ms (EXPLAIN ANALYZE, 2,300 rows). JIT pays off on long analytical scans, not on these pages.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = " ".join(
        ["-c jit=off", *([f"-c statement_timeout={DB_STATEMENT_TIMEOUT_MS}"] if DB_STATEMENT_TIMEOUT_MS else [])]
    )
# SQLite as an embedded production database (issue 16): every connection in WAL mode (readers never
# block the writer), waiting up to DB_SQLITE_BUSY_TIMEOUT_S for the write lock instead of failing at
# once, and each transaction taking that lock at BEGIN (IMMEDIATE). A DEFERRED transaction that read
# first and writes later cannot wait: SQLite refuses it at once with "database is locked" when
# another connection wrote since its read (3.9 % of saves under load, HTTP 500).
# synchronous=NORMAL is safe against corruption in WAL mode; a power cut may lose the last commits.
DB_SQLITE_BUSY_TIMEOUT_S = float(os.environ.get("DB_SQLITE_BUSY_TIMEOUT_S", "20"))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": DB_SQLITE_BUSY_TIMEOUT_S,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The dashboard's figures and each plan's figures generation are cached (reports.figures). In the
# database by default: every worker process shares it, it needs no other server, and it goes away
# with the database it describes; `migrate` creates its table. ZI_CACHE=locmem keeps it in the
# process instead: for one process only (tests, runserver), since a change would end the plan's
# generation in its own worker alone.
# Django's database cache counts its rows before every set and, above MAX_ENTRIES, deletes the
# expired ones, then a third of the live ones in key order (a plan's generation key as likely as
# any). zi_tracker.cache keeps the sweep of expired rows and drops the key-order cull, so a live
# entry stays until it expires (figures at midnight) or its generation ends. MAX_ENTRIES is how
# many rows may gather before a sweep: it bounds the table, and so the COUNT(*) that only a reader
# computing figures pays (writers never set; bench/bench_dashboard.py measured 1.5 ms at 20,000
# rows on PostgreSQL); a day of a national year's ~550 plans, a few keys each, fits under it.
CACHES = {
    "default": {
        "BACKEND": "zi_tracker.cache.ExpiredOnlyDatabaseCache",
        "LOCATION": "zi_cache",
        "OPTIONS": {"MAX_ENTRIES": 5_000},
    }
    if os.environ.get("ZI_CACHE", "database") == "database"
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "shared"},
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    # Counts failed logins and refuses a locked-out user/address before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Lockout: after ZI_LOGIN_FAILURE_LIMIT wrong passwords for one username from one address, that
# pair is refused for ZI_LOGIN_LOCKOUT_MINUTES (per pair, so nobody can lock a colleague out from
# another machine). Superusers unlock early in admin (Axes → Access attempts: delete) or with
# `manage.py axes_reset_username <name>`.
AXES_FAILURE_LIMIT = int(os.environ.get("ZI_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("ZI_LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Behind nginx/Apache the client's address is the last hop the proxy adds to X-Forwarded-For.
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("ZI_PROXY_COUNT", "0")) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if AXES_IPWARE_PROXY_COUNT else ["REMOTE_ADDR"]
)

# Idle timeout: a session ends after ZI_SESSION_IDLE_MINUTES without a request (renewed at most
# once a minute by accounts.middleware.IdleSessionMiddleware, not written on every request).
SESSION_COOKIE_AGE = int(os.environ.get("ZI_SESSION_IDLE_MINUTES", "30")) * 60

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Evidence storage: local disk under MEDIA_ROOT (the default), or with ZI_STORAGE=s3 an S3-compatible
# object store (AWS S3, MinIO, Ceph RGW, ...). Either way nothing is ever served by URL: downloads
# go through evidence:download's permission check and are streamed by the app. Credentials come
# from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (or the machine's role), never from this file.
ZI_STORAGE = os.environ.get("ZI_STORAGE", "local")
if ZI_STORAGE == "local":
    _EVIDENCE_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
elif ZI_STORAGE == "s3":
    if not os.environ.get("ZI_S3_BUCKET"):
        raise ImproperlyConfigured("ZI_STORAGE=s3 needs ZI_S3_BUCKET (and usually ZI_S3_ENDPOINT_URL)")
    _EVIDENCE_STORAGE = {
        "BACKEND": "zi_tracker.storage_s3.S3EvidenceStorage",
        "OPTIONS": {
            "bucket_name": os.environ["ZI_S3_BUCKET"],
            "endpoint_url": os.environ.get("ZI_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("ZI_S3_REGION") or None,
            "location": os.environ.get("ZI_S3_PREFIX", ""),
            "addressing_style": os.environ.get("ZI_S3_ADDRESSING_STYLE") or None,
            "verify": os.environ.get("ZI_S3_CA_BUNDLE") or None,
            # Private objects; ZI_S3_ACL= (empty) for buckets whose ACLs are disabled (private by policy).
            "default_acl": os.environ.get("ZI_S3_ACL", "private") or None,
            "file_overwrite": False,
            # The app never asks for an object's URL; were one ever made, it would expire in a minute.
            "querystring_auth": True,
            "querystring_expire": 60,
            "signature_version": "s3v4",
        },
    }
else:
    raise ImproperlyConfigured(f"ZI_STORAGE must be local or s3, not {ZI_STORAGE!r}")
STORAGES = {
    "default": _EVIDENCE_STORAGE,
    # Hashed and compressed names (collectstatic writes the manifest), cached for a year by browsers.
    "staticfiles": {"BACKEND": "zi_tracker.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
# Admin exports: import-export strips a leading "="; our resources also prefix + - @ (zi_tracker.spreadsheets).
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "ZI Tracker <zi-tracker@localhost>")

# Background tasks (notification e-mails, large exports): "immediate" runs them in the request after its commit
# (development, tests); "database" queues them in the database for `manage.py db_worker`.
ZI_TASKS = os.environ.get("ZI_TASKS", "immediate" if DEBUG else "database")
_TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
if ZI_TASKS not in _TASK_BACKENDS:
    raise ImproperlyConfigured(f"ZI_TASKS must be one of {', '.join(_TASK_BACKENDS)}, not {ZI_TASKS!r}")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[ZI_TASKS]}}

# Large exports go to the background worker (the `exports` app; README "Large exports"): a Laporan
# Monev of more than ZI_EXPORT_BACKGROUND_ROWS plan rows (about 50 ms a row: 2,300 rows took 116 s,
# near gunicorn's 120 s timeout), an evidence bundle of more than ZI_EXPORT_BACKGROUND_FILES files
# or ZI_EXPORT_BACKGROUND_MB MiB (a slow office link moves ~10 MB/s). Smaller ones stay immediate.
# A finished file is kept ZI_EXPORT_KEEP_HOURS, then `manage.py clean_exports` deletes it.
ZI_EXPORT_BACKGROUND_ROWS = int(os.environ.get("ZI_EXPORT_BACKGROUND_ROWS", "300"))
ZI_EXPORT_BACKGROUND_FILES = int(os.environ.get("ZI_EXPORT_BACKGROUND_FILES", "2000"))
ZI_EXPORT_BACKGROUND_BYTES = int(float(os.environ.get("ZI_EXPORT_BACKGROUND_MB", "500")) * 1024 * 1024)
ZI_EXPORT_KEEP_HOURS = int(os.environ.get("ZI_EXPORT_KEEP_HOURS", "24"))

SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
# HTTPS (SECURE_COOKIES=1 says the site is served over it): redirect plain HTTP, and tell browsers
# to use HTTPS only (HSTS) for a year, subdomains included. /healthz/ stays reachable over HTTP.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", SESSION_COOKIE_SECURE)
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000" if SESSION_COOKIE_SECURE else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", SESSION_COOKIE_SECURE)
if env_bool("TRUST_X_FORWARDED_PROTO", False):
    # Only behind a proxy that sets this header itself (nginx: proxy_set_header X-Forwarded-Proto $scheme).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Content-Security-Policy (django-csp): only our own scripts, no inline script, no framing.
# Styles allow inline `style=` attributes (the server-side charts and Bootstrap use them).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "frame-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Logs go to stderr (journald, docker logs): one JSON object per line in production (LOG_FORMAT=json,
# the default without DEBUG), plain text in development; each line carries the request id.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "zi_tracker.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "zi_tracker.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": LOG_FORMAT},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # WeasyPrint and fontTools are chatty at INFO about every font subset.
    "loggers": {
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "WARNING"},
    },
}

# Evidence uploads: the per-file limit is enforced while the upload streams in
# (evidence.uploads.SizeLimitUploadHandler), before a file is read whole; larger bodies go to disk.
ZI_EVIDENCE_MAX_BYTES = int(float(os.environ.get("ZI_EVIDENCE_MAX_MB", "20")) * 1024 * 1024)
ZI_EVIDENCE_MAX_FILES = int(os.environ.get("ZI_EVIDENCE_MAX_FILES", "10"))
FILE_UPLOAD_HANDLERS = [
    "evidence.uploads.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # files above 2.5 MB stream to a temporary file
DATA_UPLOAD_MAX_NUMBER_FILES = ZI_EVIDENCE_MAX_FILES
FILE_UPLOAD_PERMISSIONS = 0o640
# Absolute address used in reminder e-mails.
ZI_BASE_URL = os.environ.get("ZI_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# A month's progress reports are due by this day of the next month; PICs with rows still
# unreported hear of it in the three days before (notifications, from the daily send_reminders).
ZI_REPORT_DUE_DAY = int(os.environ.get("ZI_REPORT_DUE_DAY", "5"))

# Error reporting to Sentry (or a compatible server such as GlitchTip), only when SENTRY_DSN is set.
# No personal data is sent (user names, addresses, cookies); events carry the request id.
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN:
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        integrations=[DjangoIntegration()],
        environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
        traces_sample_rate=float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0")),
        send_default_pii=False,
    )
