"""Settings for the careers portal, read from environment variables only.

Every variable is documented in README.md. Debug is off unless asked for, and
without debug the site refuses to start without a secret key.
"""

import ipaddress
import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import URLValidator, validate_email

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name, default):
    """Read a boolean variable: 1/true/yes/on are true, 0/false/no/off and empty are false."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    """Read a comma-separated variable as a list, ignoring blanks."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_networks(name, default):
    """Read a comma-separated list of addresses or networks (10.0.0.0/8)."""
    try:
        return [ipaddress.ip_network(item, strict=False) for item in env_list(name, default)]
    except ValueError as error:
        raise ImproperlyConfigured(f"{name}: {error}") from error


DEBUG = env_flag("DJANGO_DEBUG", False)

# Without debug the key must come from the environment: the WSGI and ASGI entry points
# refuse to serve without one (careers/startup.py). Commands that sign nothing, such as
# migrate or makemigrations, still run.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or (
    "insecure-key-for-local-development-only" if DEBUG else ""
)


def checked_origin(value):
    """A public origin such as https://metiers.example.fr: a scheme and a host, no path."""
    origin = value.rstrip("/")
    parts = urlsplit(origin)
    if parts.scheme not in {"http", "https"} or not parts.netloc or parts.path or parts.query:
        raise ImproperlyConfigured(
            f"DJANGO_SITE_URL must be an origin like https://metiers.example.fr: {value}"
        )
    return origin


ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "adminsortable2",
    "csp",
    "django_prose_editor",
    "corsheaders",
    "ninja",
    "sorl.thumbnail",
    "reversion",
    "axes",
    "taggit",
    "core",
    "jobprofiles",
]

MIDDLEWARE = [
    # Count and time every request, including what the middleware below answer: the
    # page cache answers most pages before the end of the list, so it sits above it.
    "core.metrics.RequestMetricsMiddleware",
    "core.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # The API's CORS headers depend on each request's Origin, and its rate limit must count
    # cached answers too: both see every request, above the page cache.
    "corsheaders.middleware.CorsMiddleware",
    "jobprofiles.api.ApiRateLimitMiddleware",
    # The page cache answers anonymous visitors before anything below runs; it must stay
    # right after the request id and security middleware (whose headers every page needs)
    # and the ones above that must see every request (metrics, CORS, rate limit), and
    # before sessions, CSRF, auth, messages and CSP, whose headers it keeps with a page and
    # replays.
    "core.cache.PageCacheMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # No LocaleMiddleware: the site speaks French only (LANGUAGE_CODE), and its
    # "Vary: Accept-Language" would have shared caches keep a copy of each page per browser
    # language setting.
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.middleware.DatabaseUnavailableMiddleware",
    # Last, as django-axes asks: answers a locked-out login with its page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "careers.urls"

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
                "core.site.site_url",
            ],
        },
    },
]

WSGI_APPLICATION = "careers.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # An unreachable server must fail fast (503 page, /healthz), not hold a worker until killed.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Two editors saving at the same instant: each transaction takes the write lock when it
    # starts (IMMEDIATE), so the second waits for the first (up to the timeout, under
    # gunicorn's) instead of failing with "database is locked", then sees the first save
    # and gets the stale-edit message. WAL lets pages be read while someone saves.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def redis_cache(url):
    """A Redis cache the site outlives: while it is unreachable, every lookup is a miss.

    Pages are then rendered from the database (slower, but served); /healthz reports the
    cache down. After one failed or timed-out call, the process stops calling Redis for a
    cool-down (core/cache_backend.py), so a Redis that accepts connections and never
    answers costs a request one timeout at most: 0.1 s to connect plus 0.2 s to answer.
    django-redis also keeps one client per process, where Django's own backend builds one
    for every call.
    """
    return {
        "BACKEND": "core.cache_backend.CircuitBreakerRedisCache",
        "LOCATION": url,
        "OPTIONS": {
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": 0.1,
            "SOCKET_TIMEOUT": 0.2,
        },
    }


# Shared by every web process when set (required with more than one); per process otherwise.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": (
        redis_cache(REDIS_URL)
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
# How long an anonymous page stays cached; any content change replaces it at once anyway.
# Off in debug, where templates change under the developer's eyes.
PAGE_CACHE_SECONDS = int(os.environ.get("DJANGO_PAGE_CACHE_SECONDS", "0" if DEBUG else "600"))
# How long a shared cache in front (nginx's micro-cache) may keep a public page (s-maxage):
# anonymous visitors see a change at most this late; signed-in editors see it at once.
PAGE_CACHE_SHARED_SECONDS = int(os.environ.get("DJANGO_PAGE_CACHE_SHARED_SECONDS", "3"))

# The open API: read-only, so any site may call it from a browser (GET only, no cookies).
API_PATH_PREFIX = "/api/"
CORS_URLS_REGEX = rf"^{API_PATH_PREFIX}"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
# Requests a client address may make to the API, e.g. "120/m" (empty: no limit).
API_RATE_LIMIT = os.environ.get("DJANGO_API_RATE_LIMIT", "120/m")
# Proxies in front that append to X-Forwarded-For (nginx: 1); 0 trusts the socket's address.
NINJA_NUM_PROXIES = int(os.environ.get("DJANGO_NUM_PROXIES", "0"))

# Where visitors report an accessibility problem (the accessibility statement shows it).
CONTACT_EMAIL = os.environ.get("DJANGO_CONTACT_EMAIL", "").strip()
if CONTACT_EMAIL:
    try:
        validate_email(CONTACT_EMAIL)
    except ValidationError as error:
        raise ImproperlyConfigured(
            f"DJANGO_CONTACT_EMAIL is not an e-mail address: {CONTACT_EMAIL}"
        ) from error

# The site's openings (careers site or ATS): "Voir les offres" on profiles without their own link.
OPENINGS_URL = os.environ.get("DJANGO_OPENINGS_URL", "").strip()
if OPENINGS_URL:
    try:
        URLValidator(schemes=["https", "http"])(OPENINGS_URL)
    except ValidationError as error:
        raise ImproperlyConfigured(
            f"DJANGO_OPENINGS_URL is not a web address: {OPENINGS_URL}"
        ) from error

# Login throttling (django-axes): a username is locked out from one address for a while
# after a few wrong passwords; the others, and the same user elsewhere, can still log in.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "core.clients.client_ip"
AXES_LOCKOUT_TEMPLATE = "admin/login_locked_out.html"
# No banner on stdout when a process starts: commands print JSON there.
AXES_VERBOSE = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
# Our own French for the few admin strings whose stock wording does not agree (locale/).
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT") or BASE_DIR / "media")
SERVE_MEDIA = env_flag("DJANGO_SERVE_MEDIA", DEBUG)
# Where `manage.py backup` writes its archives (database and uploads together).
BACKUP_DIR = Path(os.environ.get("DJANGO_BACKUP_DIR") or BASE_DIR / "backups")

# Seed role illustrations, copied into MEDIA_ROOT when the seed fixture is loaded.
SEED_MEDIA_DIR = BASE_DIR / "fixtures" / "media"

# Uploads go to an S3-compatible bucket when several machines serve the site.
# Credentials come from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, read by boto3 itself.
STORAGE = os.environ.get("DJANGO_STORAGE", "filesystem")
if STORAGE not in {"filesystem", "s3"}:
    raise ImproperlyConfigured("DJANGO_STORAGE must be 'filesystem' or 's3'.")
MEDIA_STORAGE = (
    {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ.get("AWS_STORAGE_BUCKET_NAME"),
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "querystring_auth": False,
            "file_overwrite": False,
        },
    }
    if STORAGE == "s3"
    else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
)
STORAGES = {
    "default": MEDIA_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

SECURE_SSL_REDIRECT = env_flag("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)


def default_origin():
    """The origin named when DJANGO_SITE_URL is unset: the local address in debug, otherwise
    (management commands only) the first configured host, never a request's Host."""
    if DEBUG:
        return "http://127.0.0.1:8000"
    hosts = [host for host in ALLOWED_HOSTS if not host.startswith((".", "*"))]
    if not hosts:
        return ""
    return f"{'https' if SECURE_SSL_REDIRECT else 'http'}://{hosts[0]}"


# Canonical links, OpenGraph, JSON-LD and the sitemap name this origin, whatever Host a
# request carries. With debug off the servers refuse to start without it, like without a
# key (careers/startup.py); `check --deploy` also asks for https (core.W002).
SITE_URL_GIVEN = bool(os.environ.get("DJANGO_SITE_URL", "").strip())
SITE_URL = checked_origin(os.environ["DJANGO_SITE_URL"].strip()) if SITE_URL_GIVEN else ""
SITE_URL = SITE_URL or default_origin()
SESSION_COOKIE_SECURE = SECURE_SSL_REDIRECT
CSRF_COOKIE_SECURE = SECURE_SSL_REDIRECT
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365 if SECURE_SSL_REDIRECT else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_SSL_REDIRECT
SECURE_HSTS_PRELOAD = SECURE_SSL_REDIRECT
# A reverse proxy in front (nginx) terminates TLS and says so in this header.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Probes speak plain HTTP to the web container, from inside the private network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^livez$", r"^metrics$"]
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"


def media_origins():
    """Where uploaded images are served from, when not from this site."""
    if STORAGE != "s3":
        return []
    domain = os.environ.get("AWS_S3_CUSTOM_DOMAIN")
    if domain:
        return [f"https://{domain}"]
    endpoint = os.environ.get("AWS_S3_ENDPOINT_URL")
    if endpoint:
        return [endpoint.rstrip("/")]
    return ["https://*.amazonaws.com"]


# No inline script or style anywhere: scripts only from here, or carrying the request's nonce
# (the JSON-LD block of profile pages).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, *media_origins()],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "core.logging.RequestIdFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": True,
        }
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "filters": ["request_id"],
            "formatter": "json",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}

# Who may read /metrics: the connection's own address (REMOTE_ADDR), never a forwarded one.
METRICS_ALLOWED = env_networks("DJANGO_METRICS_ALLOWED", "127.0.0.1,::1")

# Errors reach someone: reported to Sentry (or a compatible service) when a DSN is given.
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN:
    from core.errors import report_errors_to_sentry

    report_errors_to_sentry(SENTRY_DSN, os.environ.get("SENTRY_ENVIRONMENT", "production"))

TAGGIT_CASE_INSENSITIVE = True
# ASCII tag slugs ("telephone", not "téléphone") make plain, shareable filter URLs.
TAGGIT_STRIP_UNICODE_WHEN_SLUGIFYING = True

# Renditions are made on first use and remembered in the cache and the database.
THUMBNAIL_PREFIX = "renditions/"
THUMBNAIL_QUALITY = 80

FIXTURE_DIRS = [BASE_DIR / "fixtures"]
