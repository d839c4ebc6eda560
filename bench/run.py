"""Benchmarks: the localizer alone, and requests per second of pages and APIs against a trivial
Django view served by the same server, in one run. Usage: `make bench` (or python bench/run.py).

The server is the standard library's threaded WSGI server in this process, so the numbers compare
the app's views with each other and with the trivial view, not with a production server.
"""

import http.client
import json
import os
import platform
import re
import statistics
import sys
import threading
import time
from pathlib import Path
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402

PERONEAL = {
    "weak": ["ankle-dorsiflexion", "foot-eversion", "toe-extension", "great-toe-extension"],
    "spared": ["foot-inversion", "hip-abduction", "ankle-plantarflexion"],
    "sensory_loss": ["dorsum-of-foot", "lateral-leg"],
    "reflexes": {"ankle-jerk": "normal", "knee-jerk": "normal"},
}
FULL_EXAMINATION = {
    "weak": ["hip-flexion", "knee-extension", "hip-adduction", "ankle-dorsiflexion", "foot-inversion"],
    "spared": ["hip-extension", "knee-flexion", "ankle-plantarflexion", "foot-eversion", "toe-flexion"],
    "sensory_loss": ["anterior-thigh", "medial-leg", "medial-thigh"],
    "sensory_normal": ["sole", "lateral-foot", "dorsum-of-foot"],
    "reflexes": {"knee-jerk": "absent", "ankle-jerk": "normal", "medial-hamstring-jerk": "normal"},
    "plantar": "flexor",
    "pain": "severe",
    "pulses": {"femoral": "present", "dorsalis-pedis": "present"},
    "other": ["diabetes", "atrophy"],
}


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


def time_localizer(engine, findings, repeat=2000):
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        engine.localize(findings)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def requests_per_second(port, method, path, body=None, seconds=3.0, headers=None, expect=200):
    headers = headers or ({"Content-Type": "application/json"} if body else {})
    count, deadline = 0, time.perf_counter() + seconds
    start = time.perf_counter()
    while time.perf_counter() < deadline:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        assert response.status == expect, (path, response.status)
        connection.close()
        count += 1
    return count / (time.perf_counter() - start)


def peroneal_case(mode="choice"):
    """The shipped foot drop from a common peroneal palsy, whatever its slug, its site step a choice
    or open, and a wrong option of its first step (a right answer cannot be given twice; a wrong one
    can, as retries)."""
    from cases.models import Option

    wrong = (
        Option.objects.filter(step__number=1, correct=False, step__case__published=True)
        .filter(
            step__case__steps__kind="site",
            step__case__steps__mode=mode,
            step__case__steps__options__correct=True,
            step__case__steps__options__structure__slug="common-peroneal-nerve",
        )
        .select_related("step__case")
        .order_by("step__case__slug")
        .first()
    )
    return wrong.step.case.slug, wrong.key


def answering_headers(port, case, option):
    """A browser's session: the CSRF cookie and token from the case page, and a session cookie
    from a first answer, so that every later POST is a real (retried) answer to step 1."""
    connection = http.client.HTTPConnection("127.0.0.1", port)
    connection.request("GET", f"/cases/{case}/")
    response = connection.getresponse()
    html = response.read().decode()
    cookies = {c.split("=", 1)[0]: c.split("=", 1)[1].split(";")[0] for c in response.headers.get_all("Set-Cookie")}
    token = re.search(r'"X-CSRFToken": "([^"]+)"', html).group(1)
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-CSRFToken": token,
        "HX-Request": "true",
        "Cookie": f"csrftoken={cookies['csrftoken']}",
    }
    connection = http.client.HTTPConnection("127.0.0.1", port)
    connection.request("POST", f"/cases/{case}/steps/1/", body=f"option={option}", headers=headers)
    response = connection.getresponse()
    response.read()
    session = [c for c in response.headers.get_all("Set-Cookie") if c.startswith("sessionid=")][0].split(";")[0]
    headers["Cookie"] += f"; {session}"
    return headers, f"option={option}"


TARGETS = [
    ("trivial Django view", "GET", "/bench/trivial", None),
    ("POST /api/localize (foot drop)", "POST", "/api/localize", json.dumps(PERONEAL)),
    ("POST /api/localize (full examination)", "POST", "/api/localize", json.dumps(FULL_EXAMINATION)),
    ("GET /api/sites/common-peroneal-nerve/deficits", "GET", "/api/sites/common-peroneal-nerve/deficits", None),
    (
        "GET /localize/ with findings",
        "GET",
        "/localize/?movement.ankle-dorsiflexion=weak&movement.foot-inversion=normal&area.dorsum-of-foot=loss",
        None,
    ),
    ("GET /cases/ (30 cases)", "GET", "/cases/", None),
    ("GET /anatomy/ (index)", "GET", "/anatomy/", None),
    ("GET /anatomy/common-peroneal-nerve/ (pathway diagram, body map)", "GET", "/anatomy/common-peroneal-nerve/", None),
    ("GET /conditions/femoral-neuropathy/", "GET", "/conditions/femoral-neuropathy/", None),
    ("GET /sources/ilive-unilateral-leg-weakness/", "GET", "/sources/ilive-unilateral-leg-weakness/", None),
    ("GET /search/?q=fibular", "GET", "/search/?q=fibular", None),
]


def main():
    call_command("migrate", verbosity=0)
    call_command("load_content", verbosity=0)
    from knowledge.graph import get_engine

    engine = get_engine()
    case, wrong_option = peroneal_case()
    targets = [*TARGETS, ("GET a case page (foot drop)", "GET", f"/cases/{case}/", None)]
    print(f"# Legweak benchmarks, {time.strftime('%Y-%m-%d')}")
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print("command: make bench\n")
    print(f"sites in the knowledge base: {len(engine.profiles)}\n")
    print("| localizer alone | median of 2000 runs |")
    print("|---|---|")
    for name, findings in (("foot drop, 10 findings", PERONEAL), ("full examination, 21 findings", FULL_EXAMINATION)):
        print(f"| {name} | {time_localizer(engine, findings):.3f} ms |")

    server = make_server("127.0.0.1", 0, get_wsgi_application(), ThreadingWSGIServer, QuietHandler)
    port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    for _, method, path, body in targets:  # warm up caches and the engine
        requests_per_second(port, method, path, body, seconds=0.3)
    print("\n| request (one client, sequential, 3 s each) | requests/s | share of trivial |")
    print("|---|---|---|")
    floor = None
    for name, method, path, body in targets:
        rate = requests_per_second(port, method, path, body)
        floor = floor or rate
        print(f"| {name} | {rate:.0f} | {rate / floor:.0%} |")
    headers, body = answering_headers(port, case, wrong_option)
    rate = requests_per_second(port, "POST", f"/cases/{case}/steps/1/", body, headers=headers)
    print(f"| POST a (wrong) answer to step 1 (htmx, feedback fragment) | {rate:.0f} | {rate / floor:.0%} |")
    open_case, open_wrong = peroneal_case("open")
    headers, _ = answering_headers(port, open_case, open_wrong)  # step 1 answered: the open step is shown
    rate = requests_per_second(port, "POST", f"/cases/{open_case}/steps/2/", "site=l5-root", headers=headers)
    label = "POST a (wrong) pick at an open site step (htmx: verdict, reasoning, picker)"
    print(f"| {label} | {rate:.0f} | {rate / floor:.0%} |")
    server.shutdown()


if __name__ == "__main__":
    main()
