"""/me/: progress by level and topic, week by week as a chart with its table, recent attempts
with their summaries; and a fixed number of queries however many attempts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases.models import Attempt, Case, Response
from learners.models import ReviewItem
from learners.scheduling import new_card
from tests.factories import make_case, option

pytestmark = pytest.mark.usefixtures("content")


def play(client, case, right_first=(1, 2, 3), finish=True):
    for number in (1, 2, 3):
        client.post(f"/cases/{case.slug}/steps/{number}/", {"option": option(case, number, correct=False).key}) if (
            number not in right_first
        ) else None
        client.post(f"/cases/{case.slug}/steps/{number}/", {"option": option(case, number).key})
    if finish:
        client.post(f"/cases/{case.slug}/finish/")


def test_progress_by_level_topic_and_week(client, learner):
    case = make_case()
    Case.objects.filter(pk=case.pk).update(topics=["foot-drop", "painless"])
    client.force_login(learner)
    play(client, case, right_first=(1, 3))
    html = client.get("/me/").content.decode()
    assert "You answered <strong>2 of 3</strong> steps right at the first try." in html
    assert '<th scope="row">Peripheral nerve</th><td>2 of 3 (67%)</td>' in html  # the case's level
    assert '<th scope="row">Foot drop</th><td>2 of 3 (67%)</td>' in html
    assert '<th scope="row">Painless</th><td>2 of 3 (67%)</td>' in html
    assert "Not met yet: Brain, Spinal cord" in html
    assert '<svg class="chart"' in html and 'role="img"' in html and "<caption>Week by week</caption>" in html
    monday = (timezone.now() - datetime.timedelta(days=timezone.now().weekday())).date().isoformat()
    assert f'<th scope="row">{monday}</th><td>2 of 3 (67%)</td>' in html
    attempt = Attempt.objects.get()
    assert f'href="/me/attempts/{attempt.pk}/"' in html and "2 of 3 right at the first try" in html


def test_a_new_learner_is_told_where_to_start(client, learner):
    client.force_login(learner)
    html = client.get("/me/").content.decode()
    assert "You have not answered any step yet" in html and "<svg" not in html


def test_the_attempt_summary_tells_answers_only_once_found_or_finished(client, learner):
    case = make_case()
    client.force_login(learner)
    client.post(f"/cases/{case.slug}/steps/1/", {"option": option(case, 1, correct=False).key})
    attempt = Attempt.objects.get()
    html = client.get(f"/me/attempts/{attempt.pk}/").content.decode()
    assert option(case, 1, correct=False).label in html and "(not right)" in html
    assert option(case, 1).label not in html  # not found yet, not finished
    assert "Not finished" in html
    client.post(f"/cases/{case.slug}/steps/1/", {"option": option(case, 1).key})
    html = client.get(f"/me/attempts/{attempt.pk}/").content.decode()
    assert option(case, 1).label in html and option(case, 2).label not in html
    play(client, case, right_first=())
    html = client.get(f"/me/attempts/{attempt.pk}/").content.decode()
    assert option(case, 2).label in html and option(case, 3).label in html


def many_attempts(learner, count):
    """`count` finished attempts over the shipped cases, each with its first answers, made in bulk."""
    cases = list(Case.objects.published().prefetch_related("steps__options"))
    now = timezone.now()
    attempts = Attempt.objects.bulk_create(
        [Attempt(case=cases[index % len(cases)], learner=learner, finished=now, score=1) for index in range(count)]
    )
    responses, items = [], {}
    for index, attempt in enumerate(attempts):
        for step in attempt.case.steps.all():
            chosen = list(step.options.all())[index % 2]
            responses.append(Response(attempt=attempt, step=step, option=chosen, correct=chosen.correct, first=True))
            if not chosen.correct:
                items[step.pk] = ReviewItem(
                    learner=learner, step=step, card=new_card(now, step.pk), due=now, created=now
                )
    Response.objects.bulk_create(responses)
    ReviewItem.objects.bulk_create(items.values(), ignore_conflicts=True)


@pytest.mark.parametrize("url", ["/me/", "/me/review/", "/me/data/"])
def test_the_learners_pages_run_a_fixed_number_of_queries(client, learner, url):
    client.force_login(learner)
    many_attempts(learner, 10)
    client.get(url)  # warm the engine and the content version
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    many_attempts(learner, 490)
    assert Attempt.objects.filter(learner=learner).count() == 500
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.status_code in (200, 302)
    assert len(many) == len(few) <= 12, [query["sql"][:120] for query in many.captured_queries]


def test_a_review_item_page_runs_a_fixed_number_of_queries(client, learner, django_assert_max_num_queries):
    client.force_login(learner)
    many_attempts(learner, 500)
    item = ReviewItem.objects.filter(learner=learner).first()
    client.get(f"/me/review/{item.pk}/")
    with django_assert_max_num_queries(16):
        assert client.get(f"/me/review/{item.pk}/").status_code == 200
