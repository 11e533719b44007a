"""One settings module for every environment: production differs only by environment variables.

DATABASE_URL   sqlite:///var/musharaka.sqlite3 (default) or postgres://user:pass@host/db
SECRET_KEY     required when DEBUG is off
ALLOWED_HOSTS  comma-separated host names
REDIS_URL      optional: cache, sessions and rate-limit counters shared by every app process
DEBUG          1 only for local development (`make run` sets it)
"""

import os
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(int(default))).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")
TESTING = env_bool("MUSHARAKA_TESTING") or "pytest" in sys.modules

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not (DEBUG or TESTING):
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("Set SECRET_KEY in the environment (DEBUG is off).")
    SECRET_KEY = "development-only-not-secret"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if (DEBUG or TESTING) else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # The admin with a site that also asks for the second factor (accounts.admin_site).
    "musharaka.accounts.admin_site.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "ninja",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks_db",
    "rules.apps.AutodiscoverRulesConfig",
    "musharaka.core",
    "musharaka.accounts",
    "musharaka.geo",
    "musharaka.taxonomy",
    "musharaka.orgs",
    "musharaka.notifications",
    "musharaka.initiatives",
    "musharaka.initiatives.exchange",
    "musharaka.events",
    "musharaka.partnerships",
    "musharaka.awards",
    "musharaka.results",
    "musharaka.plans",
    "musharaka.impact",
    "musharaka.volunteering",
    "musharaka.reports",
    "musharaka.participation",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified(): the session passed the second factor
    "musharaka.accounts.middleware.ApiLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A signed-in person whose second factor is pending reaches only the page that settles it.
    "musharaka.accounts.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "musharaka.core.middleware.DatabaseUnavailableMiddleware",
    # Axes last: it turns a locked-out sign-in into its lockout answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "musharaka.urls"
WSGI_APPLICATION = "musharaka.wsgi.application"

_CONTEXT_PROCESSORS = [
    "django.template.context_processors.request",
    "django.template.context_processors.i18n",
    "django.template.context_processors.csp",
    "django.contrib.auth.context_processors.auth",
    "django.contrib.messages.context_processors.messages",
    "musharaka.core.context_processors.site",
    "musharaka.notifications.context_processors.notifications",
]
TEMPLATES = [
    # Every page, partial and e-mail: Jinja2 templates in musharaka/jinja2/ and each app's jinja2/<app>/.
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "musharaka" / "jinja2"],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "musharaka.core.jinja_env.environment",
            "context_processors": _CONTEXT_PROCESSORS,
        },
    },
    # The admin only (Django's own templates; it finds none of ours, which live in jinja2/ folders).
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": _CONTEXT_PROCESSORS},
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'musharaka.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run beside the single writer; IMMEDIATE stops lock upgrades deadlocking.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
            "PRAGMA cache_size=-64000; PRAGMA mmap_size=268435456; PRAGMA temp_store=MEMORY;"
        ),
    }
    DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("CONN_MAX_AGE", "600"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES: dict[str, dict[str, Any]]
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    # Django's default of 300 entries is a page or two of cached cards: list pages evicted each other's.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                          "OPTIONS": {"MAX_ENTRIES": 20000}}}

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    # Hashing a password a million times per test user would dominate the test run.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Sign-in rate limiting: five failures for one user name from one address lock it for 15 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Failures are forgotten when the whole sign-in succeeds, second factor included (accounts.verification),
# not at the password alone: wrong second-factor codes count towards the same lockout.
AXES_RESET_ON_SUCCESS = False
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "code", "recovery_code"]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# Two-factor sign-in (django-otp): the name authenticator apps show beside the account.
OTP_TOTP_ISSUER = "Musharaka"
# The admin may remove a person's authenticator (a lost phone) but never read its key or QR code.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Every rate limit counts the same client address: REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT reverse
# proxies the address the nearest one saw (see core.net). Set it when a proxy is in front.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "musharaka.core.net.client_ip"

# Password-reset e-mails (django-ratelimit, in the default cache: Redis when REDIS_URL is set).
RATELIMIT_IP_META_KEY = "musharaka.core.net.client_ip"
PASSWORD_RESET_RATE_PER_IP = os.environ.get("PASSWORD_RESET_RATE_PER_IP", "10/h")
PASSWORD_RESET_RATE_PER_EMAIL = os.environ.get("PASSWORD_RESET_RATE_PER_EMAIL", "3/h")
# Look-ups of attendance certificates' codes on the public verification page (events), per address.
CERTIFICATE_VERIFY_RATE_PER_IP = os.environ.get("CERTIFICATE_VERIFY_RATE_PER_IP", "30/m")

# API rate limits per caller, "count/period" (s, min, hour, day) or "off". API_RATE_LIMITS=off turns
# them all off (the benchmark harness does, since its load comes from one address).
API_RATE_LIMITS: dict[str, str | None] = {
    "token": os.environ.get("API_RATE_TOKEN", "1200/min"),
    "user": os.environ.get("API_RATE_USER", "600/min"),
    "anon": os.environ.get("API_RATE_ANON", "300/min"),
}
if os.environ.get("API_RATE_LIMITS", "").strip().lower() in {"off", "0", "false", "no"}:
    API_RATE_LIMITS = {scope: None for scope in API_RATE_LIMITS}
elif TESTING:
    # The limits stay on (every test runs through them) but high enough that no fuzzing or paging
    # test meets them; test_abuse lowers them to prove the 429.
    API_RATE_LIMITS = {scope: "100000/min" for scope in API_RATE_LIMITS}

LANGUAGE_CODE = "ar"
LANGUAGES = [("ar", "العربية"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "musharaka" / "locale"]
TIME_ZONE = "Asia/Riyadh"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "musharaka_language"

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "musharaka" / "static"]
WHITENOISE_USE_FINDERS = True
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
# Files whose readers are checked by the app (initiative attachments): never served from /media/.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "var" / "private"))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
LOGO_MAX_BYTES = 2 * 1024 * 1024

MAILERS = {
    "default": {
        "BACKEND": os.environ.get(
            "EMAIL_BACKEND", f"django.core.mail.backends.{'console' if DEBUG else 'smtp'}.EmailBackend"
        ),
        "OPTIONS": {}
        if DEBUG
        else {"host": os.environ.get("EMAIL_HOST", "localhost"), "port": int(os.environ.get("EMAIL_PORT", "25"))},
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Musharaka <no-reply@musharaka.local>")

# Security baseline. TLS is normally ended by the reverse proxy in front of the app processes.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT")
SECURE_COOKIES = env_bool("SECURE_COOKIES", not (DEBUG or TESTING))
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "musharaka.core.views.csrf_failure"  # the site's own translated page, not Django's bare one
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_HSTS_SECONDS = 0 if DEBUG else int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP: dict[str, Any] = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

# Background work (e-mail, long exports) goes through Django's task framework into a table that the
# worker (`manage.py db_worker`) drains: nothing is lost when a process dies, no broker is needed.
# The test suite runs tasks at once, in the process; musharaka/reliability drives the real worker.
TASKS = {
    "default": {
        "BACKEND": "django.tasks.backends.immediate.ImmediateBackend" if TESTING else "django_tasks_db.DatabaseBackend"
    }
}

API_PAGE_SIZE = 20
API_MAX_PAGE_SIZE = 100

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
# Form widgets through TEMPLATES: Django's Jinja2 widget templates (django.forms in INSTALLED_APPS) for the
# pages, and Django's own for the admin widgets that exist only there (auth's password hash…).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# ---- reports (rep16)
# A residents' report's photo (phones send large JPEGs); its EXIF is stripped before it is stored.
REPORT_PHOTO_MAX_BYTES = int(os.environ.get("REPORT_PHOTO_MAX_BYTES", str(8 * 1024 * 1024)))
# A tile server for the report form's map (e.g. "https://tiles.example.org/{z}/{x}/{y}.png"). Empty by default: the
# platform runs on closed networks, so the form then offers geolocation and typed coordinates only, and nothing
# is fetched from outside.
MAP_TILES_URL = os.environ.get("MAP_TILES_URL", "")
MAP_TILES_ATTRIBUTION = os.environ.get("MAP_TILES_ATTRIBUTION", "")
# Reports sent through the public form from one address (the Open311 and API posts have their own limits).
REPORT_CREATE_RATE_PER_IP = os.environ.get("REPORT_CREATE_RATE_PER_IP", "30/h")
if MAP_TILES_URL:  # the tiles are images from the tile server: let the page load them, nothing else
    from urllib.parse import urlsplit as _urlsplit

    _tiles = _urlsplit(MAP_TILES_URL.replace("{s}", "*"))  # {s}.tile.example.org: any of its sub-domains
    SECURE_CSP["img-src"] = [*SECURE_CSP["img-src"], f"{_tiles.scheme}://{_tiles.netloc}"]

# ---- o31116 (issue #16: Open311 GeoReport v2): service requests posted per address and per API key
# (django-ratelimit, in the shared cache); "" turns one off. Tests raise them (test_abuse-style tests lower them).
OPEN311_POST_RATE_PER_IP = os.environ.get("OPEN311_POST_RATE_PER_IP", "60/m")
OPEN311_POST_RATE_PER_KEY = os.environ.get("OPEN311_POST_RATE_PER_KEY", "600/m")
if TESTING:
    OPEN311_POST_RATE_PER_IP = OPEN311_POST_RATE_PER_KEY = "100000/m"
