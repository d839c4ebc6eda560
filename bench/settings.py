"""Settings for the benchmarks: production-like (no debug), a throwaway SQLite database, and a URL
configuration that adds one trivial view to compare every page against."""

import os
import tempfile

os.environ.setdefault("DJANGO_SECRET_KEY", "bench-" + "x" * 60)

from legweak_site.test_settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.path.join(tempfile.gettempdir(), "legweak-bench.sqlite3"),
    }
}
LOGGING = {"version": 1, "disable_existing_loggers": True}
