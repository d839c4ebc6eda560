import pytest
from django.core.exceptions import ImproperlyConfigured

from legweak_site.env import env_bool, env_cache, env_database, env_int, env_list, env_secret_key


@pytest.mark.parametrize("raw", ["1", "true", "TRUE", "yes", "on", " On "])
def test_env_bool_reads_yes_words(raw):
    assert env_bool("X", environ={"X": raw}) is True


@pytest.mark.parametrize("raw", ["0", "false", "no", "off", ""])
def test_env_bool_reads_no_words(raw):
    assert env_bool("X", default=True, environ={"X": raw}) is False


def test_env_bool_uses_the_default_when_unset():
    assert env_bool("X", default=True, environ={}) is True
    assert env_bool("X", environ={}) is False


def test_env_bool_rejects_a_word_it_does_not_know():
    with pytest.raises(ImproperlyConfigured, match="X must be one of"):
        env_bool("X", environ={"X": "maybe"})


def test_env_list_splits_and_drops_blanks():
    assert env_list("H", environ={"H": " a.org, ,b.org "}) == ["a.org", "b.org"]
    assert env_list("H", default=["x"], environ={}) == ["x"]


def test_secret_key_is_required_without_debug():
    with pytest.raises(ImproperlyConfigured, match="must be set"):
        env_secret_key("K", debug=False, environ={})


def test_secret_key_must_be_long_and_not_the_insecure_default():
    with pytest.raises(ImproperlyConfigured, match="50 random characters"):
        env_secret_key("K", debug=False, environ={"K": "short"})
    with pytest.raises(ImproperlyConfigured, match="50 random characters"):
        env_secret_key("K", debug=False, environ={"K": "django-insecure-" + "a" * 60})
    assert env_secret_key("K", debug=False, environ={"K": "b" * 50}) == "b" * 50


def test_secret_key_has_a_development_default_in_debug():
    assert env_secret_key("K", debug=True, environ={})


def test_database_defaults_to_the_sqlite_file_set_up_for_concurrent_writers(tmp_path):
    config = env_database("D", tmp_path / "db.sqlite3", environ={})
    assert config["ENGINE"] == "django.db.backends.sqlite3" and config["NAME"] == str(tmp_path / "db.sqlite3")
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert config["OPTIONS"]["timeout"] >= 5
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]


def test_a_sqlite_url_gets_the_same_options(tmp_path):
    config = env_database("D", tmp_path / "x", environ={"D": f"sqlite:///{tmp_path / 'other.sqlite3'}"})
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_database_reads_a_postgres_url(tmp_path):
    config = env_database("D", tmp_path / "x", environ={"D": "postgres://u:p@db.example:5433/legweak"})
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["NAME"], config["HOST"], config["PORT"], config["USER"]) == (
        "legweak",
        "db.example",
        5433,
        "u",
    )


def test_database_rejects_an_unknown_scheme(tmp_path):
    with pytest.raises(ImproperlyConfigured, match="sqlite:// or postgres://"):
        env_database("D", tmp_path / "x", environ={"D": "mysql://u@h/db"})


def test_cache_is_local_memory_unless_redis_is_given():
    assert env_cache("R", environ={})["BACKEND"].endswith("LocMemCache")
    redis = env_cache("R", environ={"R": "redis://127.0.0.1:6379/1"})
    assert redis == {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/1",
        "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
    }


def test_cache_rejects_a_url_that_is_not_redis():
    with pytest.raises(ImproperlyConfigured, match="redis://"):
        env_cache("R", environ={"R": "memcached://x"})


def test_an_unset_secret_key_is_allowed_only_where_nothing_is_signed():
    assert env_secret_key("K", debug=False, environ={}, required=False) == ""
    with pytest.raises(ImproperlyConfigured, match="50 random characters"):
        env_secret_key("K", debug=False, environ={"K": "short"}, required=False)


def run_without_a_secret_key(*args):
    import os
    import subprocess
    import sys
    from pathlib import Path

    environ = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    environ.pop("DATABASE_URL", None)
    environ["DJANGO_SETTINGS_MODULE"] = "legweak_site.settings"
    root = Path(__file__).resolve().parent.parent
    return subprocess.run([sys.executable, *args], cwd=root, env=environ, capture_output=True, text=True, timeout=120)


def test_makemigrations_runs_without_a_secret_key():
    result = run_without_a_secret_key("manage.py", "makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout


def test_the_servers_refuse_to_start_without_a_secret_key():
    for module in ("legweak_site.wsgi", "legweak_site.asgi"):
        result = run_without_a_secret_key("-c", f"import {module}")
        assert result.returncode != 0
        assert "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off." in result.stderr


def test_env_int_reads_a_whole_number_or_says_what_is_wrong():
    assert env_int("PORT", default=587, environ={}) == 587
    assert env_int("PORT", default=587, environ={"PORT": " 2525 "}) == 2525
    with pytest.raises(ImproperlyConfigured, match="PORT must be a whole number"):
        env_int("PORT", default=587, environ={"PORT": "twenty"})


@pytest.mark.parametrize(
    ("environ", "backend"),
    [
        ({}, "django.core.mail.backends.console.EmailBackend"),
        ({"EMAIL_HOST": "smtp.example.org", "EMAIL_PORT": "2525"}, "django.core.mail.backends.smtp.EmailBackend"),
    ],
)
def test_mail_goes_to_the_console_unless_an_smtp_server_is_named(environ, backend):
    import json
    import os
    import subprocess
    import sys

    from django.conf import settings

    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        "print(json.dumps([settings.EMAIL_BACKEND, getattr(settings, 'EMAIL_PORT', None)]))"
    )
    env = (
        {key: value for key, value in os.environ.items() if not key.startswith("EMAIL_")}
        | environ
        | {"DJANGO_SETTINGS_MODULE": "legweak_site.settings", "DJANGO_DEBUG": "1"}
    )
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=settings.BASE_DIR, capture_output=True, text=True)
    found, port = json.loads(out.stdout.strip().splitlines()[-1])
    assert found == backend
    if environ:
        assert port == 2525
