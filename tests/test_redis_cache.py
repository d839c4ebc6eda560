"""The cache on a real Redis (Debian's redis-server, started here on a free port): the app caches
through it, and when Redis stops the pages keep working from the database, then use it again when
it is back. Skipped loudly without redis-server, except under CI=true, where that fails."""

import os
import shutil
import socket
import subprocess
import time

import pytest
from django.core.cache import cache
from django.test import override_settings

from legweak_site.env import env_cache

pytestmark = pytest.mark.usefixtures("content")
REDIS = shutil.which("redis-server") or "/usr/bin/redis-server"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    def __init__(self):
        self.port, self.process = free_port(), None

    def start(self):
        self.process = subprocess.Popen(
            [REDIS, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        for _ in range(100):
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.05)
        raise AssertionError("redis-server did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture
def redis():
    if not os.path.exists(REDIS):
        message = "redis-server not found: the Redis cache tests cannot run (apt-get install redis-server)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + " (CI=true: a missing Redis fails the run)")
        pytest.skip("!!! " + message + " !!!")
    server = RedisServer()
    server.start()
    with override_settings(CACHES={"default": env_cache("R", environ={"R": f"redis://127.0.0.1:{server.port}/0"})}):
        yield server
        if server.process.poll() is None:
            cache.clear()
    if server.process.poll() is None:
        server.stop()


def test_the_cache_lives_in_redis(redis, client):
    cache.set("legweak-test", {"answer": 42}, 30)
    assert cache.get("legweak-test") == {"answer": 42}
    assert client.get("/anatomy/common-peroneal-nerve/").status_code == 200
    assert client.get("/cases/").status_code == 200


def test_pages_keep_working_when_redis_stops_and_use_it_again_when_it_is_back(redis, client):
    assert client.get("/anatomy/").status_code == 200
    redis.stop()
    assert cache.get("anything") is None  # a miss, not an error
    cache.set("anything", 1)  # ignored, not raised
    for url in ["/", "/anatomy/common-peroneal-nerve/", "/cases/", "/conditions/femoral-neuropathy/"]:
        assert client.get(url).status_code == 200, url
    response = client.post("/api/localize", {"weak": ["ankle-dorsiflexion"]}, content_type="application/json")
    assert response.status_code == 200
    redis.start()
    time.sleep(0.2)
    cache.set("again", 2, 30)
    assert cache.get("again") == 2
