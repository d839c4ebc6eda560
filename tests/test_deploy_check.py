"""The production settings pass Django's deployment checklist."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_check_deploy_reports_nothing_with_production_settings():
    environ = {
        key: value for key, value in os.environ.items() if not key.startswith("DJANGO_") and key != "DATABASE_URL"
    }
    environ.update(
        DJANGO_SETTINGS_MODULE="legweak_site.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50)[:50],
        DJANGO_ALLOWED_HOSTS="example.org",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
