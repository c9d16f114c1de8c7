"""Settings for Ressourcenet, read from environment variables.

RESSOURCENET_ENV selects the profile:
- development (default): demo mode, DEBUG on, SQLite under var/ unless DATABASE_URL is set;
- test: like development without DEBUG;
- production: requires SECRET_KEY, ALLOWED_HOSTS and EMAIL_URL, secure cookies, HSTS, no demo users.
"""

from pathlib import Path

from django.utils.translation import gettext_lazy as _

from ressourcenet.lib.database import database_settings
from ressourcenet.lib.env import env_bool, env_choice, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(env_str("RESSOURCENET_VAR_DIR", str(PROJECT_DIR / "var")))
NODE_MODULES = Path(env_str("RESSOURCENET_NODE_MODULES", str(PROJECT_DIR / "node_modules")))

ENV = env_choice("RESSOURCENET_ENV", ("development", "test", "production"), "development")
PRODUCTION = ENV == "production"
DEMO_MODE = env_bool("DEMO_MODE", default=not PRODUCTION)
DEBUG = env_bool("DEBUG", default=ENV == "development")

if PRODUCTION:
    SECRET_KEY = env_str("SECRET_KEY")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
    if not ALLOWED_HOSTS:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("ALLOWED_HOSTS must name at least one host in production.")
else:
    SECRET_KEY = env_str("SECRET_KEY", "development-only-key-not-for-production-use-0123456789")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "whitenoise.runserver_nostatic",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.forms",
    "django_htmx",
    "template_partials",
    "csp",
    "ninja",
    "django_tasks",
    "ressourcenet.mail.tasks_app.TasksConfig",  # django_tasks_db, named in Danish
    "ressourcenet.accounts",
    "ressourcenet.plans",
    "ressourcenet.people",
    "ressourcenet.networks",
    "ressourcenet.meetings",
    "ressourcenet.scheduling",
    "ressourcenet.knowledge",
    "ressourcenet.evaluation",
    "ressourcenet.live",
    "ressourcenet.governance",
    "ressourcenet.agreements",
    "ressourcenet.blog",
    "ressourcenet.mail",
    "ressourcenet.api",
    "ressourcenet.ops",
    "ressourcenet.audit",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "ressourcenet.audit.middleware.AuditActorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "ressourcenet.lib.viewer_cache.WriteScopeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "ressourcenet.urls"
FORM_RENDERER = "ressourcenet.lib.forms.DkfdsFormRenderer"
WSGI_APPLICATION = "ressourcenet.wsgi.application"

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
                "django.template.context_processors.i18n",
                "ressourcenet.accounts.context_processors.site",
            ],
            "libraries": {"dates": "ressourcenet.lib.dates", "forms": "ressourcenet.lib.forms"},
        },
    }
]

DATABASE_URL = env_str("DATABASE_URL", "")
if not DATABASE_URL:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {"default": database_settings(DATABASE_URL, VAR_DIR / "ressourcenet.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The default cache holds the blog's comment limit (blog/services.py) and the live board's
# rendered tables (live/views.py); the `leaflets` cache holds rendered leaflets
# (knowledge/leaflets.py), by their content. Both are in Redis when REDIS_URL is set (e.g.
# redis://127.0.0.1:6379/0), each under its own key prefix, so that every app process and
# server counts and renders together; production requires it. Otherwise each process
# keeps them in its own memory (development and tests).
REDIS_URL = env_str("REDIS_URL", "")
if PRODUCTION and not REDIS_URL:
    from django.core.exceptions import ImproperlyConfigured

    # Without it every process would count the comment limit alone, in its own memory.
    raise ImproperlyConfigured("REDIS_URL must be set in production (redis://host:6379/0).")


def redis_or_memory(prefix: str, memory_options: dict | None = None) -> dict:
    if REDIS_URL:
        return {
            "BACKEND": "ressourcenet.lib.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    return {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": prefix,
        "OPTIONS": memory_options or {},
    }


CACHES = {
    "default": redis_or_memory("ressourcenet"),
    # In memory a few dozen PDFs at most; in Redis they expire after a week (leaflets.py).
    "leaflets": redis_or_memory("ressourcenet-leaflets", {"MAX_ENTRIES": 50}),
}
# Sessions in the database, read through the default cache (Redis in production): every
# app server reads the same ones, so a balancer needs no sticky sessions, and a session
# the cache has lost (evicted, Redis restarted) is read from the database again.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Key pages kept for the logged-in user who saw them until the data they show changes
# (lib/viewer_cache.py); VIEWER_PAGE_CACHE=0 renders every visit.
VIEWER_PAGE_CACHE = env_bool("VIEWER_PAGE_CACHE", True)

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # one day

LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Danish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("dkfds/css", NODE_MODULES / "dkfds/dist/css"),
    ("dkfds/js", NODE_MODULES / "dkfds/dist/js"),
    ("dkfds/fonts", NODE_MODULES / "dkfds/dist/fonts"),
    ("dkfds/img", NODE_MODULES / "dkfds/dist/img"),
    ("htmx", NODE_MODULES / "htmx.org/dist"),
]
# Outside production, serve static files from the source folders as they are: tests and
# RESSOURCENET_ENV=test then need no collectstatic (DEBUG does the same in development).
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION
# Uploaded files (the blog's cover images and bloggers' photos), served by the blog's views
# through the storage API: on the file system under MEDIA_ROOT by default, or in an
# S3-compatible bucket (django-storages) when STORAGE_S3_BUCKET is set, so that several app
# servers read the same files. Without keys, boto3 finds its own (environment, IAM role).
MEDIA_ROOT = VAR_DIR / "media"
STORAGE_S3_BUCKET = env_str("STORAGE_S3_BUCKET", "")
if STORAGE_S3_BUCKET:
    _addressing = env_choice("STORAGE_S3_ADDRESSING_STYLE", ("auto", "path", "virtual"), "auto")
    MEDIA_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": STORAGE_S3_BUCKET,
            "endpoint_url": env_str("STORAGE_S3_ENDPOINT_URL", "") or None,
            "region_name": env_str("STORAGE_S3_REGION", "") or None,
            "access_key": env_str("STORAGE_S3_ACCESS_KEY_ID", "") or None,
            "secret_key": env_str("STORAGE_S3_SECRET_ACCESS_KEY", "") or None,
            "location": env_str("STORAGE_S3_PREFIX", ""),  # a folder in a shared bucket
            "addressing_style": None if _addressing == "auto" else _addressing,
            "default_acl": None,  # private: the blog's views hand the files out
            "file_overwrite": False,  # two uploads named alike keep both, as on disk
        },
    }
else:
    MEDIA_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": MEDIA_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

EMAIL_URL = env_str("EMAIL_URL", "")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Ressourcenet <ressourcenet@localhost>")
DEFAULT_FROM_EMAIL_ADDRESS = DEFAULT_FROM_EMAIL.rsplit("<", 1)[-1].rstrip(">").strip()
# The address people reach the site on, for links in e-mails and calendar files. Without
# SITE_URL it is the address `ressourcenet serve` (and `make run`) listens on: PORT.
SITE_URL = env_str("SITE_URL", f"http://127.0.0.1:{env_int('PORT', 8000)}").rstrip("/")
# Who answers for the personal data and for accessibility, shown on the privacy page and
# the accessibility statement (accounts/site_pages.py); empty shows "to be filled in".
PRIVACY_CONTROLLER_NAME = env_str("PRIVACY_CONTROLLER_NAME", "")
PRIVACY_CONTROLLER_ADDRESS = env_str("PRIVACY_CONTROLLER_ADDRESS", "")
PRIVACY_CONTROLLER_EMAIL = env_str("PRIVACY_CONTROLLER_EMAIL", "")
PRIVACY_DPO_CONTACT = env_str("PRIVACY_DPO_CONTACT", "")
PRIVACY_LAWFUL_BASIS = env_str("PRIVACY_LAWFUL_BASIS", "")
ACCESSIBILITY_CONTACT = env_str("ACCESSIBILITY_CONTACT", "")
# Seconds to wait for the mail server before the message is recorded as failed (retried).
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
if PRODUCTION and not EMAIL_URL:
    from django.core.exceptions import ImproperlyConfigured

    # Without it e-mails, and the personal links in them, would be printed to the log.
    raise ImproperlyConfigured("EMAIL_URL must be set in production (smtp://host:port).")
if EMAIL_URL:
    from urllib.parse import unquote, urlsplit

    _mail = urlsplit(EMAIL_URL)
    if _mail.scheme not in ("smtp", "smtps", "smtp+tls"):
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("EMAIL_URL must start with smtp://, smtp+tls:// or smtps://")
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _mail.hostname or "localhost"
    EMAIL_PORT = _mail.port or (465 if _mail.scheme == "smtps" else 25)
    EMAIL_HOST_USER = unquote(_mail.username or "")
    EMAIL_HOST_PASSWORD = unquote(_mail.password or "")
    EMAIL_USE_SSL = _mail.scheme == "smtps"
    EMAIL_USE_TLS = _mail.scheme == "smtp+tls"
elif DEMO_MODE:
    EMAIL_BACKEND = "ressourcenet.accounts.mail.OutboxBackend"
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Sending many e-mails never blocks a page: work goes through Django's tasks API.
# Immediate by default; production can use the database queue with `ressourcenet db_worker`.
TASK_BACKEND = env_choice("TASK_BACKEND", ("immediate", "database"), "immediate")
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
            "database": "django_tasks_db.DatabaseBackend",
        }[TASK_BACKEND]
    }
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Every page's language form carries a CSRF token, so every visitor gets the cookie: let
# it end with the browser session rather than live a year (only necessary cookies).
CSRF_COOKIE_AGE = None
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    # A load balancer asks each app server directly, over plain HTTP, whether it is well.
    SECURE_REDIRECT_EXEMPT = [r"^api/v1/health$"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
    if not SECURE_HSTS_PRELOAD:
        # Preloading commits the domain and its subdomains to HTTPS in browsers for months:
        # the operator opts in with SECURE_HSTS_PRELOAD=1; until then the check is noise.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]

# Every page loads only its own files: no third-party requests, no inline script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# Personal links, calendar secrets and password-reset links never reach a log: every
# handler redacts them (lib/redact.py), and so do the loggers that write request paths.
# gunicorn's access log is redacted by lib/gunicorn_logging.py (see `ressourcenet serve`).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_secrets": {"()": "ressourcenet.lib.redact.RedactSecrets"}},
    "formatters": {
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        }
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["redact_secrets"]},
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": ["redact_secrets"],
        },
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Without this, "django" keeps Django's own handlers (a console that skips the
        # redaction in development, the admins' e-mail in production): all through ours.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        # WeasyPrint tells each step of every leaflet at INFO; its warnings are enough.
        "weasyprint": {"level": "WARNING"},
        "django.request": {
            "handlers": ["console"],
            "level": "ERROR",
            "propagate": False,
            "filters": ["redact_secrets"],
        },
        "django.server": {
            "handlers": ["django.server"],
            "level": "INFO",
            "propagate": False,
            "filters": ["redact_secrets"],
        },
        "django_tasks": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}

# Demo logins (see `ressourcenet demo`); shown on the login page only in demo mode.
DEMO_PASSWORD = env_str("DEMO_PASSWORD", "ressourcenet")

API_PAGE_DEFAULT = 100
API_PAGE_MAX = 500

# API tokens last API_TOKEN_DAYS days unless made with another lifetime (at most the maximum).
API_TOKEN_DAYS = env_int("API_TOKEN_DAYS", 90)
API_TOKEN_MAX_DAYS = env_int("API_TOKEN_MAX_DAYS", 365)

# Guessing passwords: after this many wrong passwords for one login, or from one IP address,
# within THROTTLE_MINUTES, logging in is refused for THROTTLE_MINUTES (even with the right
# password). Password-reset requests are limited the same way per address and per IP address.
# The counts live in the database, so several app servers count together.
LOGIN_FAILURES_PER_ACCOUNT = env_int("LOGIN_FAILURES_PER_ACCOUNT", 5)
LOGIN_FAILURES_PER_IP = env_int("LOGIN_FAILURES_PER_IP", 30)
PASSWORD_RESETS_PER_ADDRESS = env_int("PASSWORD_RESETS_PER_ADDRESS", 3)
PASSWORD_RESETS_PER_IP = env_int("PASSWORD_RESETS_PER_IP", 10)
THROTTLE_MINUTES = env_int("THROTTLE_MINUTES", 15)
# Guessing live-mode codes (/m/<code>): this many codes that lead nowhere from one IP
# address (an IPv6 /64) within LIVE_CODE_BLOCK_MINUTES block typing a code from it for
# LIVE_CODE_BLOCK_MINUTES. Only misses count, since a whole room of phones often shares one
# address; and the block never stops a phone that joined already, one that scanned the QR
# code (its link carries a key), an invitee's personal link or a logged-in user who may see
# the meeting. At 30 per 10 minutes one address tries at most 180 codes an hour: finding one
# open code among the 20^4 = 160,000 takes 80,000 tries on average, about 18 days, while a
# code lives some 4-5 hours (a chance of about 0.5% per address and board). See README.
LIVE_CODE_MISSES_PER_IP = env_int("LIVE_CODE_MISSES_PER_IP", 30)
LIVE_CODE_BLOCK_MINUTES = env_int("LIVE_CODE_BLOCK_MINUTES", 10)
# New participants (first names) from one address per live code within LIVE_JOIN_MINUTES:
# a room of 60 phones behind one router, reloads and new browsers included, stays below.
LIVE_JOINS_PER_IP = env_int("LIVE_JOINS_PER_IP", 150)
LIVE_JOIN_MINUTES = env_int("LIVE_JOIN_MINUTES", 60)
# How many proxies in front of the app add to X-Forwarded-For; 0 trusts no such header.
TRUSTED_PROXIES = env_int("TRUSTED_PROXIES", 0)
