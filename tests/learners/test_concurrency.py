"""Two review submissions at the same moment: recorded once, the other told so (PostgreSQL only,
where two transactions really run at once; SQLite serializes writers)."""

import pytest
from django.db import connection
from django.test import Client

from learners.models import Review, ReviewItem
from tests.cases.test_concurrency import race
from tests.factories import make_case, option

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL for concurrent transactions"
)


@pytest.fixture
def committed_content(transactional_db):
    from cases.casefiles import load_shipped_content

    load_shipped_content()


def clients_of(learner, count=2):
    clients = [Client() for _ in range(count)]
    for client in clients:
        client.force_login(learner)
    return clients


@pytest.mark.parametrize("kind", ["wrong answers", "ratings"])
def test_two_simultaneous_reviews_record_one(committed_content, learner, kind):
    case = make_case(slug=f"review-race-{kind.replace(' ', '-')}")
    first, second = clients_of(learner)
    first.post(f"/cases/{case.slug}/steps/1/", {"option": option(case, 1, correct=False).key})
    item = ReviewItem.objects.get(learner=learner)
    if kind == "ratings":
        first.post(f"/me/review/{item.pk}/answer/", {"option": option(case, 1).key})

        def submit(client):
            return lambda: client.post(f"/me/review/{item.pk}/rate/", {"rating": 3}).status_code
    else:

        def submit(client):
            chosen = option(case, 1, correct=False).key
            return lambda: client.post(f"/me/review/{item.pk}/answer/", {"option": chosen}).status_code

    statuses = race([submit(first), submit(second)])
    assert sorted(statuses) == [302, 409]
    assert Review.objects.filter(item=item).count() == 1


def test_two_simultaneous_misses_make_one_review_item(committed_content, learner):
    case = make_case(slug="review-race-items")
    first, second = clients_of(learner)
    wrong = option(case, 1, correct=False)
    race([lambda c=client: c.post(f"/cases/{case.slug}/steps/1/", {"option": wrong.key}) for client in (first, second)])
    assert ReviewItem.objects.filter(learner=learner).count() == 1
