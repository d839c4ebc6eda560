"""Settings for Legweak: one file, read from the environment.

DJANGO_DEBUG          off unless set to 1/true/yes/on
DJANGO_SECRET_KEY     required when debug is off (50+ random characters)
DJANGO_ALLOWED_HOSTS  comma-separated host names
DATABASE_URL          postgres://... or sqlite:///...; default: db.sqlite3 in the project folder
REDIS_URL             optional redis:// URL for the cache; default: local memory
DJANGO_SESSIONS_IN_CACHE  1 to read sessions through the cache (cached_db); default: the database
DJANGO_SECURE_SSL     off to serve production over plain http behind a proxy that does not do TLS
DJANGO_STATIC_ROOT    where collectstatic puts the static files; default: staticfiles/ in the project folder
EMAIL_HOST            an SMTP server for the sign-up and password mails; unset: mails print to the console
EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS, DEFAULT_FROM_EMAIL   with EMAIL_HOST
"""

import os
from pathlib import Path

from legweak_site.env import env_bool, env_cache, env_database, env_int, env_list, env_secret_key

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", default=False)
# A server needs the key and refuses to start without it (wsgi.py, asgi.py); a command that signs
# nothing (migrate, makemigrations) does not, and Django itself stops anything that uses an empty one.
SECRET_KEY = env_secret_key("DJANGO_SECRET_KEY", debug=DEBUG, required=False)
SECRET_KEY_IS_SET = bool(SECRET_KEY)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "nested_admin",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "allauth",
    "allauth.account",
    "knowledge",
    "cases",
    "learners",
    "teaching",
    "legweak_site",  # for its management command check_serving
]

MIDDLEWARE = [
    # First, so that every response carries the policy and the security headers, static files
    # (answered by whitenoise, below) and the 503 of an unreachable database included.
    "legweak_site.middleware.ContentSecurityPolicyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "legweak_site.middleware.DatabaseUnavailableMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "knowledge.versioning.ContentVersionMiddleware",
    "legweak_site.middleware.PageCacheMiddleware",  # after it: one version asked per request
]

ROOT_URLCONF = "legweak_site.urls"
WSGI_APPLICATION = "legweak_site.wsgi.application"

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
                "learners.context_processors.reviews_due",
            ],
        },
    },
]

DATABASES = {"default": env_database("DATABASE_URL", BASE_DIR / "db.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
CACHES = {"default": env_cache("REDIS_URL")}
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
# Pages rendered once per content version and kind of reader (legweak_site.middleware.PageCacheMiddleware).
PAGE_CACHE_PATHS = ["/cases/", "/localize/", "/search/"]
PAGE_CACHE_PREFIXES = ["/anatomy/", "/conditions/", "/sources/"]
PAGE_CACHE_SECONDS = 60 * 60  # a Redis that went away is logged, not raised
# Sessions in the database by default; DJANGO_SESSIONS_IN_CACHE=1 reads them through the cache
# (Redis) and writes them to both, so a stopped Redis loses no session.
if env_bool("DJANGO_SESSIONS_IN_CACHE", default=False):
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Accounts (django-allauth): sign in with an e-mail address, verified before the first sign-in.
# allauth's rate limits (log-in failures, sign-up, password reset) are on by default and kept; the
# admin's log-in goes through allauth's (legweak_site/urls.py), so it is throttled too.
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Legweak] "
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/me/"

# Mail: printed to the console unless an SMTP server is named.
if os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = env_int("EMAIL_PORT", default=587)
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Legweak <noreply@localhost>")

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# The shipped content: the knowledge base, and the teaching cases built on it.
KNOWLEDGE_CONTENT_DIR = BASE_DIR / "knowledge" / "content"
CASE_CONTENT_DIR = BASE_DIR / "cases" / "content"

# A strict policy: every script and style comes from our own origin, never inline.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie; kept default-compatible
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# The load balancer checks health over plain http: never redirect it to https.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if not DEBUG and env_bool("DJANGO_SECURE_SSL", default=True):
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
