"""factcheck settings, all taken from environment variables.

Development needs none of them: with DEBUG unset the site runs in debug mode on
an SQLite file, with a secret key generated once and kept in `.secret_key`
(ignored by git). Production sets DEBUG=0, SECRET_KEY, ALLOWED_HOSTS and
DATABASE_URL.
"""

import json
import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}")


def envint(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def envlist(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def _development_secret_key():
    # Generated once per checkout and kept out of git, so sessions survive restarts.
    path = BASE_DIR / ".secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


DEBUG = envbool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = _development_secret_key()

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # The claim's stored search vector and the search lookups (claims.search);
    # harmless on SQLite, where the vector stays empty.
    "django.contrib.postgres",
    "django.contrib.humanize",
    # The methodology and corrections-policy pages: text an admin edits in the admin.
    "django.contrib.sites",
    "django.contrib.flatpages",
    "django_filters",
    "django_tables2",
    "simple_history",
    # Tags on claims (claims.models.tags); its own Tag tables stay empty, claims has its own.
    "taggit",
    "axes",
    # The job queue's database backend for django.tasks: jobs wait in a table, run by
    # `manage.py db_worker`, and show (queued, running, failed with the error) in the admin.
    "django_tasks_db",
    # The API (api/): Django REST framework, its OpenAPI schema from drf-spectacular, and
    # Swagger UI's files served from our own static files (no CDN, under the CSP).
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "claims",
    "reports",
    "intake",
    "publishing",
    "api",
    "external",
    "scale",
    "notifications",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "factcheck.routers.ReplicaMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Below everything that may touch the session or the user, so a view's
    # database error becomes the 503 page before any of them sees it.
    "factcheck.middleware.DatabaseUnavailableMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "factcheck.urls"
WSGI_APPLICATION = "factcheck.wsgi.application"

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
                "claims.context_processors.roles",
                "notifications.context_processors.unread",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=envint("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if os.environ.get("DATABASE_REPLICA_URL"):
    # Reports and exports read from the replica (factcheck.routers); tests use
    # the primary's test database for it.
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=envint("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
for _alias in DATABASES:
    # Behind pgbouncer in transaction mode a server-side cursor cannot outlive
    # its transaction: DISABLE_SERVER_SIDE_CURSORS=1 (and CONN_MAX_AGE=0).
    DATABASES[_alias]["DISABLE_SERVER_SIDE_CURSORS"] = envbool("DISABLE_SERVER_SIDE_CURSORS", False)
    if DATABASES[_alias]["ENGINE"] == "django.db.backends.postgresql" and not envbool(
        "DATABASE_JIT", False
    ):
        # PostgreSQL's JIT compiles any query it estimates as costly, and the
        # compiling is what costs: the CSV export of 100,000 claims spent 3.7 s
        # of its 3.8 s in the database compiling. DATABASE_JIT=1 turns it back on.
        _options = DATABASES[_alias].setdefault("OPTIONS", {})
        _options["options"] = f"{_options.get('options', '')} -c jit=off".strip()
DATABASE_ROUTERS = ["factcheck.routers.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out login before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, with a user's permissions loaded in one query (claims.backends)
    # and the signed-in user's unread notifications counted with their row, for the header.
    "notifications.backends.UnreadCountBackend",
]
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = envint("AXES_COOLOFF_MINUTES", 15) / 60  # hours
# A lock is on one username from one address: a stranger's wrong passwords lock
# only the stranger out, never the account's owner at their own address.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Failures during a lockout do not restart it, or one request every few
# minutes would keep a lock on for ever.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Proxies in front of the site that append to X-Forwarded-For (factcheck/client_ip.py).
AXES_IPWARE_PROXY_COUNT = envint("AXES_PROXY_COUNT", 1 if envbool("BEHIND_PROXY", False) else 0)
AXES_CLIENT_IP_CALLABLE = "factcheck.client_ip.client_ip"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "claims:home"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 60 * 60 * 12)

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Stored files (archived copies of cited pages): local files under MEDIA_ROOT by default;
# in production any Django storage backend, e.g. django-storages' S3 with
# STORAGE_BACKEND=storages.backends.s3.S3Storage and its options as a JSON object in
# STORAGE_OPTIONS. They are never served from MEDIA_URL: a view checks who asks.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or BASE_DIR / "media")
MEDIA_URL = os.environ.get("MEDIA_URL", "media/")


def _storage_options(value):
    try:
        options = json.loads(value or "{}")
    except ValueError:
        options = None
    if not isinstance(options, dict):
        raise ImproperlyConfigured(f"STORAGE_OPTIONS must be a JSON object, not {value!r}")
    return options


STORAGES = {
    "default": {
        "BACKEND": os.environ.get("STORAGE_BACKEND")
        or "django.core.files.storage.FileSystemStorage",
        "OPTIONS": _storage_options(os.environ.get("STORAGE_OPTIONS")),
    },
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

DJANGO_TABLES2_TEMPLATE = "claims/table.html"
DJANGO_TABLES2_PAGE_RANGE = 8

# Production hardening; each can be relaxed by its variable behind a TLS proxy.
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if envbool("BEHIND_PROXY", False) else None
)
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", False)
# Joining the browsers' HSTS preload list binds the whole domain for months: the
# operator opts in with SECURE_HSTS_PRELOAD=1, so the deploy check need not nag.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# No inline script or style anywhere: pages work without JavaScript, styles live in static CSS.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# The largest article file an import accepts, in bytes.
FACTCHECK_IMPORT_MAX_BYTES = envint("FACTCHECK_IMPORT_MAX_BYTES", 2 * 1024 * 1024)
# The most claims one XLSX download holds; longer lists are downloaded as CSV, which streams.
FACTCHECK_XLSX_MAX_ROWS = envint("FACTCHECK_XLSX_MAX_ROWS", 50_000)

# The sites framework, which the flat pages need: one site.
SITE_ID = 1

FIXTURE_DIRS = [BASE_DIR / "fixtures"]
# The five seed articles fixtures/articles.json was built from, byte for byte;
# candidate_quality measures the candidate claims against them.
FACTCHECK_SEED_ARTICLES = BASE_DIR / "fixtures" / "seed_articles"

# Publishing: the organisation that signs the fact-checks (the public pages' byline
# and the ClaimReview's author), and what a verdict needs before it may be
# published (the IFCN code asks for traceable sources). FACTCHECK_PUBLISHER_NAME
# is the variable's older name, still read.
FACTCHECK_ORGANISATION = (
    os.environ.get("FACTCHECK_ORGANISATION")
    or os.environ.get("FACTCHECK_PUBLISHER_NAME")
    or "The Factcheck Desk"
)
FACTCHECK_PUBLISHER_URL = os.environ.get("FACTCHECK_PUBLISHER_URL", "https://factcheck.example/")
FACTCHECK_PUBLISH_MIN_PRIMARY_EVIDENCE = envint("FACTCHECK_PUBLISH_MIN_PRIMARY_EVIDENCE", 1)
FACTCHECK_PUBLISH_MIN_REVIEWS = envint("FACTCHECK_PUBLISH_MIN_REVIEWS", 2)
# Whether every confirmed primary web source must have been archived before publishing.
FACTCHECK_PUBLISH_REQUIRE_ARCHIVED = envbool("FACTCHECK_PUBLISH_REQUIRE_ARCHIVED", False)

# Work done outside the request (django.tasks). The database backend needs no other
# service: jobs are rows in the database, and any number of `manage.py db_worker`
# processes, on any number of machines, take them from it.
# "Trade" and "trade" are one tag (claims.models.tags keeps it so with a unique index too).
TAGGIT_CASE_INSENSITIVE = True

# Pages kept until the desk changes (claims.pagecache): at most this long (0 keeps none),
# in each server process (at most PAGE_CACHE_ENTRIES of them), or with PAGE_CACHE_URL
# (redis://host:port/db) in Redis, shared by every process of every server.
FACTCHECK_PAGE_CACHE_SECONDS = envint("PAGE_CACHE_SECONDS", 600)
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["PAGE_CACHE_URL"],
            "KEY_PREFIX": "factcheck",
        }
        if os.environ.get("PAGE_CACHE_URL")
        else {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "pages",
            "OPTIONS": {"MAX_ENTRIES": envint("PAGE_CACHE_ENTRIES", 300)},
        }
    ),
}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A job that meets a transient error is run at most this many times in all, the first
# retry this many seconds later and each next one twice as late (claims.jobs).
FACTCHECK_JOB_ATTEMPTS = envint("FACTCHECK_JOB_ATTEMPTS", 4)
FACTCHECK_JOB_RETRY_SECONDS = envint("FACTCHECK_JOB_RETRY_SECONDS", 30)


def _fetch_allow_private(value):
    """FACTCHECK_FETCH_ALLOW_PRIVATE: 1 allows every private address, a comma-separated list
    of networks (127.0.0.0/8, 10.1.0.0/16) allows those; unset or 0, none (claims.fetching)."""
    import ipaddress

    value = (value or "").strip()
    if value.lower() in ("", "0", "false", "no", "off"):
        return False
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    networks = [item.strip() for item in value.split(",") if item.strip()]
    for network in networks:
        try:
            ipaddress.ip_network(network, strict=False)
        except ValueError:
            raise ImproperlyConfigured(
                "FACTCHECK_FETCH_ALLOW_PRIVATE must be 1, 0 or a comma-separated list of "
                f"networks such as 127.0.0.0/8, not {value!r}"
            ) from None
    return networks


# Fetching pages (articles imported from a link, cited pages archived): timeouts in
# seconds (each connect and read, and the whole fetch), the most bytes read, the most
# redirects followed. Private addresses are refused unless allowed (tests allow loopback).
FACTCHECK_FETCH_ALLOW_PRIVATE = _fetch_allow_private(
    os.environ.get("FACTCHECK_FETCH_ALLOW_PRIVATE")
)
FACTCHECK_FETCH_TIMEOUT = envint("FACTCHECK_FETCH_TIMEOUT", 10)
FACTCHECK_FETCH_DEADLINE = envint("FACTCHECK_FETCH_DEADLINE", 30)
FACTCHECK_FETCH_MAX_BYTES = envint("FACTCHECK_FETCH_MAX_BYTES", 5 * 1024 * 1024)
FACTCHECK_FETCH_MAX_REDIRECTS = envint("FACTCHECK_FETCH_MAX_REDIRECTS", 5)
FACTCHECK_FETCH_USER_AGENT = os.environ.get(
    "FACTCHECK_FETCH_USER_AGENT", "factcheck/1.0 (+https://factcheck.example/)"
)

# Archiving cited pages: also ask the Internet Archive's Save Page Now for a copy
# (claims.archiving), at this endpoint followed by the page's address.
FACTCHECK_INTERNET_ARCHIVE = envbool("FACTCHECK_INTERNET_ARCHIVE", False)
FACTCHECK_INTERNET_ARCHIVE_ENDPOINT = os.environ.get(
    "FACTCHECK_INTERNET_ARCHIVE_ENDPOINT", "https://web.archive.org/save/"
)

# Mail (notifications), through Django's mailers. With no EMAIL_HOST, mail is printed on the
# console instead of sent, so development needs no mail server. EMAIL_USE_TLS is STARTTLS
# (port 587 unless EMAIL_PORT says), EMAIL_USE_SSL TLS from the start (465); not both.
# EMAIL_TIMEOUT: seconds an SMTP server may keep us waiting; then the job fails and is retried.
_email_host = os.environ.get("EMAIL_HOST", "")
if _email_host:
    _use_tls, _use_ssl = envbool("EMAIL_USE_TLS", False), envbool("EMAIL_USE_SSL", False)
    if _use_tls and _use_ssl:
        raise ImproperlyConfigured("Set EMAIL_USE_TLS or EMAIL_USE_SSL, not both.")
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _email_host,
                "port": envint("EMAIL_PORT", None),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": _use_tls,
                "use_ssl": _use_ssl,
                "timeout": envint("EMAIL_TIMEOUT", 30),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "factcheck <factcheck@localhost>")
# The site's address as people reach it, for the links in mail (which leave the site).
FACTCHECK_SITE_URL = os.environ.get("FACTCHECK_SITE_URL", "http://127.0.0.1:8000")

# The API: tokens (api.models.ApiToken) or the session; JSON only; every error JSON with a
# "detail" (api.exceptions); requests counted per token against FACTCHECK_API_RATE.
FACTCHECK_API_RATE = os.environ.get("FACTCHECK_API_RATE", "600/minute")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.PerTokenThrottle"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.exceptions.handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "factcheck API",
    "DESCRIPTION": (
        "Claims, evidence, reviews and verdicts, as the caller may see them. Send a token made "
        "on your account's API tokens page as `Authorization: Bearer <token>`."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# Webhooks (api.webhooks): a webhook whose deliveries fail this many times in a row, each
# after its retries, is switched off and its owner told.
FACTCHECK_WEBHOOK_MAX_FAILURES = envint("FACTCHECK_WEBHOOK_MAX_FAILURES", 5)
