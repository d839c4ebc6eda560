"""Requests per second of every kind of page under gunicorn, as shares of /healthz on the same
server in the same run (wrk over loopback). Usage: `make bench-http` (or python bench/pages_http.py
[--seconds N]); DATABASE_URL=postgres://... measures on PostgreSQL. Writes the table into
docs/benchmarks.md between its bench-http markers.

gunicorn runs as the issue measured it: 2 sync workers, debug off; wrk with 2 threads and 8
connections, one run of N seconds per request."""

import argparse
import http.cookiejar
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BIN = Path(PYTHON).parent
DOCS = ROOT / "docs" / "benchmarks.md"
FINDINGS = "/localize/?weak=ankle-dorsiflexion&weak=foot-eversion&spared=foot-inversion"
START, END = "<!-- bench-http:start -->", "<!-- bench-http:end -->"
PERONEAL = (
    '{"weak": ["ankle-dorsiflexion", "foot-eversion"], "spared": ["foot-inversion"], '
    '"sensory_loss": ["dorsum-of-foot"]}'
)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wrk(url, seconds, script=None):
    command = ["wrk", "-t2", "-c8", f"-d{seconds}s", "--latency"]
    if script:
        command += ["-s", script]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    p50 = re.search(r"50%\s+([\d.]+\w+)", output).group(1)
    return rate, int(errors.group(1)) if errors else 0, p50


def lua(folder, name, method, body=None, headers=None):
    lines = [f'wrk.method = "{method}"']
    if body is not None:
        lines.append(f"wrk.body = [[{body}]]")
    for key, value in (headers or {}).items():
        lines.append(f'wrk.headers["{key}"] = "{value}"')
    path = Path(folder) / f"{name}.lua"
    path.write_text("\n".join(lines) + "\n")
    return str(path)


def answering_session(base, case):
    """A visitor's session and CSRF token, and a wrong option of the case's first step (answered
    again and again, each a recorded retry)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/cases/{case}/").read().decode()
    keys = re.findall(r'name="option" value="([^"]+)"', page)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"option": keys[0], "csrfmiddlewaretoken": token}).encode()
    opener.open(urllib.request.Request(f"{base}/cases/{case}/steps/1/", data=data, headers={"HX-Request": "true"}))
    cookies = "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar)
    return cookies, token, keys[0]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk")
    work = Path(tempfile.mkdtemp(prefix="legweak-bench-http-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "legweak_site.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "bench-http-" + "k" * 50,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL": "0",
        "DJANGO_STATIC_ROOT": str(work / "static"),
    }
    env.setdefault("DATABASE_URL", f"sqlite:///{work / 'bench.sqlite3'}")
    database = "PostgreSQL" if env["DATABASE_URL"].startswith("postgres") else "SQLite"
    for command in (["migrate", "--noinput", "-v0"], ["collectstatic", "--noinput", "-v0"], ["load_content", "-v0"]):
        subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [BIN / "gunicorn", "--workers", "2", "--worker-class", "sync", "--bind", f"127.0.0.1:{port}",
         "--log-level", "warning", "legweak_site.wsgi"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        case = "a-foot-that-slaps-on-the-floor"
        cookies, token, _ = answering_session(base, case)
        targets = [
            ("/healthz", "GET /healthz (the floor)", None),
            ("/static/css/legweak.css", "a static file", None),
            ("/", "home", None),
            ("/anatomy/", "reference: anatomy index", None),
            ("/anatomy/common-peroneal-nerve/", "reference: a nerve page", None),
            ("/conditions/", "reference: conditions index", None),
            ("/conditions/femoral-neuropathy/", "reference: a condition page", None),
            ("/cases/", "the case list", None),
            (f"/cases/{case}/", "a case page", None),
            ("/localize/", "the localizer page", None),
            (FINDINGS, "the localizer with findings", None),
            ("/search/?q=fibular", "search", None),
            ("/anatomy/common-peroneal-nerve/", "reference: a nerve page, a reader with a session",
             lua(work, "nerve-session", "GET", None, {"Cookie": cookies})),
            ("/cases/", "the case list, a reader with a session",
             lua(work, "list-session", "GET", None, {"Cookie": cookies})),
            ("/api/localize", "POST /api/localize",
             lua(work, "api", "POST", PERONEAL, {"Content-Type": "application/json"})),
            (f"/cases/{case}/steps/1/", "answering a step (htmx)",
             lua(work, "answer", "POST", None, {"Cookie": cookies, "X-CSRFToken": token, "HX-Request": "true",
                                               "Content-Type": "application/x-www-form-urlencoded"})),
        ]  # fmt: skip
        option_key = re.findall(
            r'name="option" value="([^"]+)"', urllib.request.urlopen(f"{base}/cases/{case}/").read().decode()
        )[0]
        Path(targets[-1][2]).write_text(Path(targets[-1][2]).read_text() + f'wrk.body = "option={option_key}"\n')
        rows, floor = [], None
        for path, label, script in targets:
            rate, errors, p50 = wrk(base + path, args.seconds, script)
            floor = floor or rate
            rows.append((label, rate, rate / floor, p50, errors))
            print(f"{label:45} {rate:8.0f}/s  {rate / floor:5.2f}  p50 {p50:>8}  non-2xx/3xx {errors}", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=20)
        shutil.rmtree(work, ignore_errors=True)
    table = [
        f"Run {time.strftime('%Y-%m-%d')}, {database}, gunicorn 2 sync workers,"
        f" wrk -t2 -c8 -d{args.seconds}s, 2 cores:",
        "",
        "| request | requests/s | share of /healthz | p50 | non-2xx/3xx |",
        "|---|---|---|---|---|",
        *[f"| {label} | {rate:.0f} | {share:.2f} | {p50} | {errors} |" for label, rate, share, p50, errors in rows],
    ]
    if not args.no_write:
        text = DOCS.read_text(encoding="utf-8")
        block = f"{START}\n" + "\n".join(table) + f"\n{END}"
        if START in text:
            text = re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _: block, text, flags=re.S)
        else:
            text += "\n## Pages under gunicorn (`make bench-http`, `bench/pages_http.py`)\n\n" + block + "\n"
        DOCS.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
