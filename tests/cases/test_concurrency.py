"""Two submissions of the same step at the same moment: one first response, nothing lost.

Real concurrency needs a database that runs two transactions at once: PostgreSQL. SQLite
serializes writers, so there the test says so and is skipped (CI runs the suite on both)."""

import threading

import pytest
from django.db import connection
from django.test import Client

from cases.models import Attempt, Option, Response
from tests.factories import make_case


@pytest.fixture
def committed_content(transactional_db):

    from cases.casefiles import load_shipped_content

    load_shipped_content()


def race(workers):
    """Run the callables at the same instant, each in its own thread and database connection."""
    barrier = threading.Barrier(len(workers))
    results, errors = [None] * len(workers), []

    def run(index, work):
        try:
            barrier.wait(timeout=10)
            results[index] = work()
        except Exception as error:  # reported below, after the threads end
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index, work)) for index, work in enumerate(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    return results


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL for concurrent transactions")
@pytest.mark.parametrize("rounds", range(5))
def test_two_simultaneous_answers_record_one_first_response_and_lose_none(committed_content, learner, rounds):
    case = make_case(slug=f"race-{rounds}")
    clients = [Client(), Client()]
    for client in clients:
        client.force_login(learner)
    # Two wrong answers: a right one closes the step, and a later answer to it is refused.
    choices = list(Option.objects.filter(step__case=case, step__number=1, correct=False))[:2]

    def submit(client, chosen):
        return lambda: client.post(f"/cases/{case.slug}/steps/1/", {"option": chosen.key}).status_code

    statuses = race([submit(client, chosen) for client, chosen in zip(clients, choices, strict=True)])

    assert statuses == [302, 302]
    assert Attempt.objects.filter(case=case).count() == 1
    responses = Response.objects.filter(attempt__case=case)
    assert responses.count() == 2
    assert responses.filter(first=True).count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL for concurrent transactions")
def test_two_simultaneous_first_visits_open_one_attempt(committed_content, learner):
    from cases.services import attempt_open

    case = make_case(slug="race-open")
    attempts = race([lambda: attempt_open(case=case, learner=learner).pk for _ in range(4)])
    assert len(set(attempts)) == 1
    assert Attempt.objects.filter(case=case).count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL for concurrent transactions")
@pytest.mark.parametrize("rounds", range(3))
def test_two_simultaneous_picks_at_an_open_step_record_one_first_and_lose_none(committed_content, learner, rounds):
    from cases.models import Step

    case = make_case(slug=f"race-open-step-{rounds}")
    Step.objects.filter(case=case, kind="site").update(mode="open")
    clients = [Client(), Client()]
    for client in clients:
        client.force_login(learner)
    level = Option.objects.get(step__case=case, step__number=1, correct=True)
    assert clients[0].post(f"/cases/{case.slug}/steps/1/", {"option": level.key}).status_code == 302

    def submit(client, site):
        return lambda: client.post(f"/cases/{case.slug}/steps/2/", {"site": site}).status_code

    statuses = race([submit(client, site) for client, site in zip(clients, ["l4-root", "motor-cortex"], strict=True)])

    assert statuses == [302, 302]
    picks = Response.objects.filter(attempt__case=case, step__number=2)
    assert sorted(picks.values_list("site__slug", flat=True)) == ["l4-root", "motor-cortex"]
    assert picks.filter(first=True).count() == 1
