"""Small readers of the environment for settings.py.

Each raises ImproperlyConfigured on a value it cannot understand, so a typo in a deployment's
environment stops the app at start-up instead of silently running with a default.
"""

import os

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_bool(name, default=False, environ=os.environ):
    """Read a yes/no variable: 1/true/yes/on or 0/false/no/off (any case)."""
    raw = environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}.")


def env_int(name, default, environ=os.environ):
    """Read a whole number, such as a port."""
    raw = environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {raw!r}.") from None


def env_list(name, default=(), environ=os.environ):
    """Read a comma-separated list, dropping blanks: 'a.org, b.org' -> ['a.org', 'b.org']."""
    raw = environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_secret_key(name, debug, environ=os.environ, required=True):
    """The secret key: at least 50 characters, and required unless in debug mode.

    With required=False an unset key gives "" (a key that is set must still be good): settings use
    that so that commands which sign nothing (migrate, makemigrations) run without one, while the
    servers refuse to start without it (require_secret_key, called by wsgi.py and asgi.py)."""
    raw = environ.get(name, "").strip()
    if debug and not raw:
        return "django-insecure-development-only-key-never-use-this-in-production-0123"
    if not raw and not required:
        return ""
    if not raw:
        raise ImproperlyConfigured(f"{name} must be set when DJANGO_DEBUG is off.")
    if len(raw) < 50 or raw.startswith("django-insecure"):
        raise ImproperlyConfigured(f"{name} must be at least 50 random characters.")
    return raw


# SQLite holds a class only when writers queue instead of failing: a write transaction takes the
# lock when it begins (IMMEDIATE, so two readers never both try to upgrade and one fails with
# "database is locked"), waits up to 20 s for it, and the write-ahead log lets readers go on while
# one learner's answer is written.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}


def env_database(name, default_sqlite_path, environ=os.environ):
    """A DATABASES['default'] dict from a URL such as postgres://user:pw@host:5432/db.

    Unset means the SQLite file of the project; sqlite:// and postgres:// URLs are accepted.
    """
    import dj_database_url

    raw = environ.get(name, "").strip()
    if not raw:
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(default_sqlite_path), "OPTIONS": SQLITE_OPTIONS}
    scheme = raw.split(":", 1)[0].lower()
    if scheme not in {"sqlite", "postgres", "postgresql", "pgsql"}:
        raise ImproperlyConfigured(f"{name} must be a sqlite:// or postgres:// URL; got scheme {scheme!r}.")
    try:
        config = dj_database_url.parse(raw, conn_max_age=60, conn_health_checks=True)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} is not a valid database URL: {error}") from error
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {**SQLITE_OPTIONS, **config.get("OPTIONS", {})}
    return config


def env_cache(name, environ=os.environ):
    """CACHES['default']: Redis when a redis:// URL is given, else the local memory cache."""
    raw = environ.get(name, "").strip()
    if not raw:
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if not raw.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(f"{name} must be a redis:// URL; got {raw!r}.")
    # django-redis, because it can ignore a Redis that has gone away: the pages then work from the
    # database (each cache read is a miss) instead of failing, and pick Redis up again when it is back.
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": raw,
        "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
    }


def require_secret_key(settings, name="DJANGO_SECRET_KEY"):
    """Stop a server from starting without a secret key (sessions and CSRF tokens need one)."""
    if not settings.SECRET_KEY_IS_SET:
        raise ImproperlyConfigured(f"{name} must be set when DJANGO_DEBUG is off.")
