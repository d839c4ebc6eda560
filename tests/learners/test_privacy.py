"""A learner sees only their own records: for every page of /me/, an outsider signed in as
another learner sees nothing of them (404 for another's object, their own empty view otherwise),
and a visitor is sent to sign in."""

import pytest

from cases.models import Attempt
from learners.models import ReviewItem
from tests.factories import make_case, option

pytestmark = pytest.mark.usefixtures("content")


@pytest.fixture
def owned(client, learner, clock):
    case = make_case()
    client.force_login(learner)
    client.post(f"/cases/{case.slug}/steps/1/", {"option": option(case, 1, correct=False).key})
    client.logout()
    return {"attempt": Attempt.objects.get(), "item": ReviewItem.objects.get(), "case": case}


def urls_of(owned):
    attempt, item = owned["attempt"].pk, owned["item"].pk
    return {
        "get": [f"/me/attempts/{attempt}/", f"/me/review/{item}/"],
        "post": [f"/me/review/{item}/answer/", f"/me/review/{item}/rate/"],
    }


def test_another_learners_records_are_a_404(client, owned, outsider):
    client.force_login(outsider)
    for url in urls_of(owned)["get"]:
        assert client.get(url).status_code == 404, url
    for url in urls_of(owned)["post"]:
        response = client.post(url, {"option": option(owned["case"], 1).key, "rating": 3})
        assert response.status_code == 404, url
    assert owned["item"].reviews.count() == 0 and ReviewItem.objects.get().pending_option is None


def test_the_outsiders_own_pages_show_nothing_of_the_learner(client, owned, outsider, learner):
    client.force_login(outsider)
    for url in ["/me/", "/me/review/", "/me/data/", "/me/data/legweak-records.json", "/me/data/legweak-records.csv"]:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert learner.email not in body and owned["case"].slug not in body and owned["case"].title not in body, url


def test_a_visitor_is_sent_to_sign_in(client, owned):
    for url in [*urls_of(owned)["get"], "/me/", "/me/review/", "/me/data/", "/me/delete/"]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), url
    for url in urls_of(owned)["post"]:
        assert client.post(url).status_code == 302
    assert owned["item"].reviews.count() == 0


def test_the_owner_sees_their_own(client, owned, learner):
    client.force_login(learner)
    for url in urls_of(owned)["get"]:
        assert client.get(url).status_code == 200, url
