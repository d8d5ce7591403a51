"""Django settings. Every deployment choice comes from config.env (environment variables)."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

import dj_database_url
from django.utils.translation import gettext_lazy as _

from config.env import BASE_DIR, read_env
from spcp.common.logs import logging_config

ENV = read_env()

SECRET_KEY = ENV.secret_key
DEBUG = ENV.debug
ALLOWED_HOSTS = ENV.allowed_hosts

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "channels",
    "django_htmx",
    "ninja",  # its API docs page then loads Swagger UI from the static files, with no inline script
    "rules.apps.AutodiscoverRulesConfig",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "spcp.common",
    "spcp.accounts",
    "spcp.offices",
    "spcp.programs",
    "spcp.intake",
    "spcp.planning",
    "spcp.training",
    "spcp.forum",
    "spcp.actionplan",
    "spcp.council",
    "spcp.evaluation",
]

MIDDLEWARE = [
    "spcp.common.logs.RequestIdMiddleware",  # first: every response, redirects too, carries the request id
    "django.middleware.security.SecurityMiddleware",
    "spcp.common.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "spcp.common.middleware.UrlInputMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "spcp.accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "spcp.programs.time_zones.ProgramTimeZoneMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "config.urls"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "spcp" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "spcp.common.context_processors.site",
            ],
        },
    },
]

DATABASES = {"default": dj_database_url.parse(ENV.database_url, conn_max_age=0)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and one writer share the file; a busy timeout instead of "database is locked".
    # journal_mode=WAL is stored in the database file, so it is set once after migrating (spcp.common.apps).
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA synchronous=NORMAL;",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and ENV.database_pool:
    # Under ASGI every request would otherwise open a new server connection (a new PostgreSQL backend).
    DATABASES["default"]["OPTIONS"] = {"pool": {"min_size": 2, "max_size": ENV.database_pool}}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "programs:dashboard"
LOGOUT_REDIRECT_URL = "home"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Two-factor sign-in (django-otp): staff verify a TOTP code (or a one-time recovery code) at every sign-in.
OTP_TOTP_ISSUER = "CRS SPCP"
AUTHENTICATION_BACKENDS = [
    "spcp.accounts.throttle.SignInThrottleBackend",  # first: refuses every password check while locked
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]

if ENV.redis_url:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [ENV.redis_url], "prefix": ENV.channel_prefix},
        }
    }
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": ENV.redis_url,
            "KEY_PREFIX": "spcp",
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Language: URLs carry the language. Staff screens are complete in English and Korean; the participant
# screens (the forum) also ship Spanish, Chinese (Simplified) and Vietnamese.
LANGUAGE_CODE = "en"
FORMAT_MODULE_PATH = ["spcp.common.formats"]
LANGUAGES = [
    ("en", _("English")),
    ("ko", _("Korean")),
    ("es", _("Spanish")),
    ("zh-hans", _("Chinese (Simplified)")),
    ("vi", _("Vietnamese")),
]
STAFF_LANGUAGES = ["en", "ko"]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

STATIC_URL = "/static/"
STATIC_ROOT = ENV.static_root
STATICFILES_DIRS = [("uswds", ENV.node_modules / "@uswds" / "uswds" / "dist")]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# SPCP_EMAIL_URL: console:// (print), or smtp://user:password@host:587 (smtps:// for implicit TLS,
# smtp+tls:// for STARTTLS).
_email = urlsplit(ENV.email_url)
if _email.scheme.startswith("smtp"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _email.hostname or "localhost"
    EMAIL_PORT = _email.port or (465 if _email.scheme == "smtps" else 587 if _email.scheme == "smtp+tls" else 25)
    EMAIL_HOST_USER = unquote(_email.username or "")
    EMAIL_HOST_PASSWORD = unquote(_email.password or "")
    EMAIL_USE_SSL = _email.scheme == "smtps"
    EMAIL_USE_TLS = _email.scheme == "smtp+tls"
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = ENV.default_from_email

SPCP_RATE_LIMIT_PER_HOUR = ENV.rate_limit_per_hour
SPCP_SITE_URL = ENV.site_url  # links in emails

# Machine translation of participants' text by a self-hosted LibreTranslate server (README: "Machine
# translation"); without a URL, people translate on the translation desk alone.
SPCP_TRANSLATE_URL = ENV.translate_url
SPCP_TRANSLATE_API_KEY = ENV.translate_api_key
SPCP_TRANSLATE_TIMEOUT = ENV.translate_timeout

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 12 * 60 * 60  # a working day: staff screens hold confidential case information
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if ENV.production:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
# HTTPS only in production. No SECURE_PROXY_SSL_HEADER: any client could send X-Forwarded-Proto. uvicorn
# (`spcp serve`) takes the scheme and the client address from SPCP_TRUSTED_PROXIES alone.
SECURE_SSL_REDIRECT = ENV.https_redirect
# Probes and the metrics scraper speak plain HTTP inside the deployment's network (the proxy never forwards
# /metrics, and it answers only allowed callers).
SECURE_REDIRECT_EXEMPT = [r"^(healthz|readyz|metrics)$"]
SECURE_HSTS_SECONDS = ENV.hsts_seconds
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SPCP_TRUSTED_PROXIES = ENV.trusted_proxies  # X-Forwarded-For is read only from these (spcp.common.ratelimit)

# Observability (spcp.common.logs, spcp.common.metrics): a request id on every log line, scrubbed of personal
# data; SPCP_LOG_FORMAT=json for one JSON object a line. /metrics answers only SPCP_METRICS_ALLOW addresses
# or a bearer of SPCP_METRICS_TOKEN.
LOGGING = logging_config(log_format=ENV.log_format, level=ENV.log_level)
SPCP_METRICS_TOKEN = ENV.metrics_token
SPCP_METRICS_ALLOW = ENV.metrics_allow
SPCP_METRICS_DIR = ENV.metrics_dir
