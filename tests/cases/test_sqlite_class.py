"""The embedded default holds a class: thirty learners playing the same case at once against a
real server on the SQLite file get no server error and lose no answer.

The server runs in its own process on a SQLite file (the test database of the rest of the suite
lives in memory and cannot show lock contention), through the same settings a school would use.
"""

import http.cookiejar
import re
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

LEARNERS = 30
ROOT = Path(settings.BASE_DIR)

pytestmark = pytest.mark.skipif(
    "sqlite" not in settings.DATABASES["default"]["ENGINE"], reason="SQLite's locking is what is tested"
)


def free_port():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    database = tmp_path_factory.mktemp("class") / "class.sqlite3"
    env = {"DJANGO_DEBUG": "1", "DATABASE_URL": f"sqlite:///{database}", "PATH": "/usr/bin:/bin"}
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (["migrate", "-v0"], ["load_content"]):
        subprocess.run([*manage, *command], cwd=ROOT, env=env, check=True, capture_output=True)
    port = free_port()
    process = subprocess.Popen(
        [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{base}/healthz", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    with sqlite3.connect(database) as connection:
        case = connection.execute('SELECT slug FROM cases_case WHERE published ORDER BY "order" LIMIT 1').fetchone()[0]
    yield base, database, case
    process.terminate()
    process.wait(timeout=10)


class Learner:
    """A browser without JavaScript: its own cookies, plain form posts."""

    def __init__(self, base, case):
        self.base, self.case = base, case
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.errors = []

    def get(self, path):
        return self.opener.open(f"{self.base}{path}", timeout=60).read().decode()

    def post(self, path, data, token):
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode()
        request = urllib.request.Request(f"{self.base}{path}", data=body, headers={"Referer": self.base + path})
        try:
            return self.opener.open(request, timeout=60).read().decode()
        except urllib.error.HTTPError as error:
            self.errors.append(f"{path}: {error.code}")
            return error.read().decode()

    def play(self):
        """Answer every step with its first option as shown, then finish; return the steps answered."""
        case = f"/cases/{self.case}"
        page = self.get(f"{case}/")
        number = 1
        while f'action="{case}/steps/{number}/"' in page:
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
            form = page[page.index(f'action="{case}/steps/{number}/"') :]
            option = re.search(r'name="option" value="([^"]+)"', form)
            if option:
                answer = {"option": option.group(1)}
            else:  # an open site step: the first site of the list
                answer = {"site": re.search(r'<option value="([^"]+)"', form).group(1)}
            page = self.post(f"{case}/steps/{number}/", answer, token)
            number += 1
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        self.post(f"{case}/finish/", {}, token)
        return number - 1


def test_thirty_learners_at_once_get_no_error_and_lose_no_answer(server):
    base, database, case = server
    learners = [Learner(base, case) for _ in range(LEARNERS)]
    answered = {}

    def play(index):
        try:
            answered[index] = learners[index].play()
        except Exception as error:
            learners[index].errors.append(repr(error))

    threads = [threading.Thread(target=play, args=(index,)) for index in range(LEARNERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert [error for learner in learners for error in learner.errors] == []
    with sqlite3.connect(database) as connection:
        attempts = connection.execute(
            "SELECT a.finished IS NOT NULL, COUNT(r.id) FROM cases_attempt a "
            "JOIN cases_case c ON c.id = a.case_id LEFT JOIN cases_response r ON r.attempt_id = a.id "
            "WHERE c.slug = ? GROUP BY a.id",
            [case],
        ).fetchall()
    steps = set(answered.values())
    assert len(answered) == LEARNERS and len(steps) == 1 and 3 <= min(steps) <= 4
    assert attempts == [(1, min(steps))] * LEARNERS  # every attempt finished, with every answer
