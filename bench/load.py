"""Load and faults: simulated students (locust, headless) play cases against gunicorn, as `make
serve` runs it, on 127.0.0.1; everything is started here and stopped at the end.

    python bench/load.py postgres --users 200          200 students on PostgreSQL
    python bench/load.py sqlite --users 60             a class on the SQLite default
    python bench/load.py two-servers --users 200       two app servers behind nginx; one killed midway
    python bench/load.py restart-db --users 100        PostgreSQL restarted midway
    python bench/load.py stop-redis --users 100        Redis (the cache) stopped midway

Each run prints the latency per kind of request (p50, p95, p99), every failure by status, and
checks that every answer the server acknowledged is in the database, once."""

import argparse
import csv
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PG = "postgres://legweak:legweak@127.0.0.1:5432/legweak_load"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url, seconds=30):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not answer")


def manage(env, *args, capture=False):
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return result.stdout.strip() if capture else None


def fresh_postgres():
    for command in (["dropdb", "--if-exists", "legweak_load"], ["createdb", "-O", "legweak", "legweak_load"]):
        subprocess.run(["runuser", "-u", "postgres", "--", *command], check=True)


def gunicorn(env, port):
    return subprocess.Popen(
        [BIN / "gunicorn", "--config", "legweak_site/gunicorn.conf.py", "--bind", f"127.0.0.1:{port}",
         "legweak_site.wsgi"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def nginx(work, upstreams):
    port = free_port()
    servers = "\n".join(f"server 127.0.0.1:{up} max_fails=1 fail_timeout=5s;" for up in upstreams)
    (work / "nginx.conf").write_text(
        f"""worker_processes 1; pid {work}/nginx.pid; error_log {work}/nginx-error.log;
events {{ worker_connections 2048; }}
http {{ access_log off; client_body_temp_path {work}/b; proxy_temp_path {work}/p; fastcgi_temp_path {work}/f;
  uwsgi_temp_path {work}/u; scgi_temp_path {work}/s;
  upstream app {{ {servers} keepalive 32; }}
  server {{ listen 127.0.0.1:{port};
    location / {{ proxy_pass http://app; proxy_http_version 1.1; proxy_set_header Connection "";
      proxy_set_header Host $host; proxy_next_upstream error timeout http_502; proxy_next_upstream_tries 2; }} }} }}
"""
    )
    subprocess.run(["nginx", "-c", str(work / "nginx.conf"), "-p", str(work)], check=True)
    return port


def latency_table(prefix):
    rows = list(csv.DictReader(Path(f"{prefix}_stats.csv").read_text().splitlines()))
    lines = ["| request | requests | failures | p50 | p95 | p99 |", "|---|---|---|---|---|---|"]
    for row in rows:
        lines.append(
            f"| {row['Name']} | {row['Request Count']} | {row['Failure Count']} | {row['50%']} ms |"
            f" {row['95%']} ms | {row['99%']} ms |"
        )
    failures = list(csv.DictReader(Path(f"{prefix}_failures.csv").read_text().splitlines()))
    return "\n".join(lines), failures


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("scenario", choices=["postgres", "sqlite", "two-servers", "restart-db", "stop-redis"])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=60)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="legweak-load-"))
    work.chmod(0o755)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "legweak_site.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "load-" + "k" * 55,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL": "0",
        "DJANGO_STATIC_ROOT": str(work / "static"),
    }
    if args.scenario == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{work / 'load.sqlite3'}"
    else:
        fresh_postgres()
        env["DATABASE_URL"] = PG
    processes, redis = [], None
    if args.scenario == "stop-redis":
        redis_port = free_port()
        redis = subprocess.Popen(
            ["redis-server", "--port", str(redis_port), "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        env["REDIS_URL"] = f"redis://127.0.0.1:{redis_port}/0"
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"], ["load_content"]):
        manage(env, *command)
    try:
        ports = [free_port() for _ in range(2 if args.scenario == "two-servers" else 1)]
        processes = [gunicorn(env, port) for port in ports]
        for port in ports:
            wait_for(f"http://127.0.0.1:{port}/healthz")
        host_port = nginx(work, ports) if args.scenario == "two-servers" else ports[0]
        host = f"http://127.0.0.1:{host_port}"
        wait_for(f"{host}/healthz")

        events = []

        def fault():
            time.sleep(args.seconds / 2)
            started = time.time()
            if args.scenario == "two-servers":
                processes[0].send_signal(signal.SIGKILL)
                events.append("killed one app server (SIGKILL) at half time")
            elif args.scenario == "restart-db":
                subprocess.run(["pg_ctlcluster", "15", "main", "restart", "-m", "fast"], check=True)
                events.append(f"restarted PostgreSQL at half time (down {time.time() - started:.1f} s)")
            elif args.scenario == "stop-redis":
                redis.terminate()
                events.append("stopped Redis at half time")

        faulting = threading.Thread(target=fault, daemon=True)
        faulting.start()
        prefix = str(work / "locust")
        acknowledged_file = work / "acknowledged.txt"
        subprocess.run(
            [BIN / "locust", "-f", "bench/locustfile.py", "--headless", "--users", str(args.users),
             "--spawn-rate", str(max(10, args.users // 5)), "--run-time", f"{args.seconds}s", "--host", host,
             "--csv", prefix, "--only-summary", "--acknowledged-file", str(acknowledged_file),
             "--loglevel", "WARNING", "--exit-code-on-error", "0"],
            cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        faulting.join(timeout=60)
        time.sleep(1)
        acknowledged, sent = (int(number) for number in acknowledged_file.read_text().split())
        recorded = int(
            manage(
                env, "shell", "-c", "from cases.models import Response; print(Response.objects.count())", capture=True
            ).splitlines()[-1]
        )
        table, failures = latency_table(prefix)
        print(f"## {args.scenario}: {args.users} students for {args.seconds} s ({time.strftime('%Y-%m-%d')})\n")
        for event in events:
            print(f"- {event}")
        # Between the answers acknowledged and those sent: every acknowledged answer is in the
        # database, and none twice (a few sent as the run stopped may be recorded unacknowledged).
        kept = acknowledged <= recorded <= sent
        print(f"- answers sent: {sent}; acknowledged (200): {acknowledged}; recorded in the database: {recorded}")
        print(f"- {'every acknowledged answer is recorded, none twice' if kept else 'ANSWERS LOST OR DOUBLED'}\n")
        print(table)
        if failures:
            print("\nFailures:\n")
            for row in failures:
                print(f"- {row['Method']} {row['Name']}: {row['Error']} x {row['Occurrences']}")
        else:
            print("\nNo failures.")
        if not kept:
            sys.exit(1)
    finally:
        for process in processes:
            if process.poll() is None:
                process.terminate()
                process.wait(timeout=30)
        if (work / "nginx.pid").exists():
            subprocess.run(["kill", (work / "nginx.pid").read_text().strip()], check=False)
        if redis and redis.poll() is None:
            redis.terminate()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
