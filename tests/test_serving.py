"""Serving in production: `make serve`'s checks, gunicorn answering with its static files, the
security headers and the strict CSP on every kind of response, and a clear 503 (never a 500)
while the database cannot be reached."""

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db.utils import OperationalError
from django.test import override_settings

pytestmark = pytest.mark.usefixtures("content")


@override_settings(DEBUG=False, SECRET_KEY_IS_SET=False, ALLOWED_HOSTS=[])
def test_check_serving_names_what_is_missing():
    with pytest.raises(CommandError) as caught:
        call_command("check_serving")
    message = str(caught.value)
    assert "DJANGO_SECRET_KEY is not set" in message and "DJANGO_ALLOWED_HOSTS is not set" in message
    assert "Traceback" not in message


def test_check_serving_passes_with_a_key_and_hosts(capsys):
    call_command("check_serving")
    assert "Ready to serve: database" in capsys.readouterr().out


def test_an_unreachable_database_is_a_clear_503(client, monkeypatch):
    def down(*args, **kwargs):
        raise OperationalError("could not connect to server: Connection refused")

    monkeypatch.setattr("cases.views.render", down)
    response = client.get("/")
    assert response.status_code == 503 and response["Retry-After"] == "10"
    body = response.content.decode()
    assert "Back in a moment" in body and "Traceback" not in body and "Connection refused" not in body
    assert response["Content-Security-Policy"] == settings.CONTENT_SECURITY_POLICY


@pytest.mark.parametrize(
    ("method", "url", "kind"),
    [
        ("get", "/", "text/html"),
        ("get", "/cases/no-such-case/", "text/html"),  # 404
        ("get", "/me/", ""),  # a redirect to sign in
        ("post", "/", "text/html"),  # 405
        ("get", "/api/sites/l5-root/deficits", "application/json"),
        ("post", "/api/localize", "application/json"),  # 400
        ("get", "/static/css/legweak.css", "text/css"),
        ("get", "/static/js/legweak.js", "javascript"),
        ("get", "/healthz", ""),
    ],
)
def test_every_kind_of_response_carries_the_security_headers(client, method, url, kind):
    response = getattr(client, method)(url)
    assert kind in response.get("Content-Type", ""), response.get("Content-Type")
    assert response["Content-Security-Policy"] == settings.CONTENT_SECURITY_POLICY
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_gunicorn_serves_the_app_and_its_static_files(tmp_path):
    """What `make serve` ends with: gunicorn with our configuration, debug off, on SQLite."""
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "legweak_site.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "serve-test-" + "k" * 50,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL": "0",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.sqlite3'}",
        "PORT": str(port),
        "WEB_WORKERS": "1",
        "WEB_THREADS": "2",
    }
    python = sys.executable
    root = settings.BASE_DIR
    subprocess.run([python, "manage.py", "migrate", "--noinput", "-v0"], cwd=root, env=env, check=True)
    env["DJANGO_STATIC_ROOT"] = str(tmp_path / "static")
    subprocess.run([python, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=root, env=env, check=True)
    gunicorn = os.path.join(os.path.dirname(python), "gunicorn")
    server = subprocess.Popen(
        [gunicorn, "--config", "legweak_site/gunicorn.conf.py", "legweak_site.wsgi"],
        cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                    assert response.status == 200
                    break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError("gunicorn did not answer")
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/static/css/legweak.css", timeout=2) as response:
            assert response.status == 200 and "Content-Security-Policy" in response.headers
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
            assert response.status == 200 and b"Where is the lesion?" in response.read()
    finally:
        server.terminate()
        server.wait(timeout=20)
