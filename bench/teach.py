"""Benchmark of the instructors' dashboard: a realistic cohort (make_demo_cohort: 300 students, 30
cases, seed 1) in a throwaway SQLite database, then the assignment's page rendered 30 times in this
process, signed in as its instructor. Usage: `make bench-teach` (or python bench/teach.py).
The target is under 300 ms with a query count that does not grow with the class."""

import os
import platform
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def main():
    from cases.models import Response
    from teaching.demo import make_demo_cohort

    database = Path(connection.settings_dict["NAME"])
    connection.close()
    database.unlink(missing_ok=True)
    call_command("migrate", verbosity=0)
    call_command("load_content", verbosity=0)
    started = time.perf_counter()
    assignment = make_demo_cohort(students=300, cases=30, seed=1)
    built = time.perf_counter() - started
    client = Client()
    client.force_login(assignment.cohort.owner)
    url = f"/teach/assignments/{assignment.pk}/"
    assert client.get(url).status_code == 200
    samples = []
    for _ in range(30):
        start = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    samples.sort()
    p95 = samples[int(0.95 * len(samples)) - 1]
    print(f"python {platform.python_version()}, {platform.machine()}, SQLite {connection.Database.sqlite_version}")
    print(f"cohort: 300 students, 30 cases, {Response.objects.count()} responses, built in {built:.1f} s")
    print(
        f"dashboard {url}: median {statistics.median(samples):.0f} ms, p95 {p95:.0f} ms,"
        f" min {samples[0]:.0f} ms, {len(response.content) // 1024} KB, {len(queries)} queries"
    )


if __name__ == "__main__":
    main()
