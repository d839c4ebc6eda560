"""The review queue: a step missed at the first try comes back on an FSRS schedule, played with
the case player's feedback, with the clock under the test's control."""

import datetime

import pytest
from django.test import Client

from learners.models import Review, ReviewItem
from tests.factories import make_case, option

pytestmark = pytest.mark.usefixtures("content")


@pytest.fixture
def case(db):
    return make_case()


@pytest.fixture
def player(client, learner):
    client.force_login(learner)
    return client


def miss_step_one(client, case):
    client.post(f"/cases/{case.slug}/steps/1/", {"option": option(case, 1, correct=False).key})
    return ReviewItem.objects.get()


def answer(client, item, chosen):
    return client.post(f"/me/review/{item.pk}/answer/", {"option": chosen.key})


def rate(client, item, rating):
    return client.post(f"/me/review/{item.pk}/rate/", {"rating": rating})


def test_a_step_missed_at_the_first_try_is_due_at_once(player, case, clock, learner):
    item = miss_step_one(player, case)
    assert item.learner == learner and item.due == clock.now
    player.post(f"/cases/{case.slug}/steps/1/", {"option": option(case, 1).key})  # a retry: nothing new
    player.post(f"/cases/{case.slug}/steps/2/", {"option": option(case, 2).key})  # right first: no item
    assert ReviewItem.objects.count() == 1
    assert '1<span class="visually-hidden"> due</span>' in player.get("/").content.decode()
    response = player.get("/me/review/")
    assert response.status_code == 302 and response["Location"] == f"/me/review/{item.pk}/"


def test_the_review_shows_the_patient_and_that_step_and_hides_the_answers(player, case, clock):
    item = miss_step_one(player, case)
    html = player.get(f"/me/review/{item.pk}/").content.decode()
    assert "<strong>slapping</strong>" in html and "Ankle dorsiflexion (foot up)" in html  # stem, examination
    assert "At what level is the lesion?" in html and "Which structure?" not in html
    assert "SECRET" not in html and "correct" not in html.lower().replace("csrf", "")
    assert 'action="/me/review/' in html and 'name="csrfmiddlewaretoken"' in html


def test_answering_right_then_good_pushes_it_out_and_missing_it_brings_it_back_soon(player, case, clock):
    item = miss_step_one(player, case)
    response = answer(player, item, option(case, 1))
    assert response.status_code == 302
    page = player.get(response["Location"]).content.decode()
    assert "<strong>Right:</strong>" in page and "SECRET-LEVEL-RIGHT" in page  # the case player's feedback
    assert "What the anatomy says" in page and "How did it feel?" in page
    assert Review.objects.count() == 0  # not recorded until rated
    response = rate(player, item, 3)
    assert response.status_code == 302
    item.refresh_from_db()
    first_gap = item.due - clock.now
    assert first_gap >= datetime.timedelta(minutes=10)
    assert player.get("/me/review/").status_code == 200  # nothing due now
    assert "Nothing is due now" in player.get("/me/review/").content.decode()

    clock.advance(days=2)  # past any early step: due again; now good once more, further out
    assert player.get("/me/review/").status_code == 302
    answer(player, item, option(case, 1))
    rate(player, item, 3)
    item.refresh_from_db()
    second_gap = item.due - clock.now
    assert second_gap > first_gap

    clock.advance(days=second_gap.days + 1)
    response = answer(player, item, option(case, 1, correct=False))
    assert response.status_code == 302 and "?review=" in response["Location"]
    page = player.get(response["Location"]).content.decode()
    assert "<strong>Not right:</strong>" in page and "Missed again" in page
    item.refresh_from_db()
    assert item.due - clock.now <= datetime.timedelta(hours=1) < second_gap  # back soon
    ratings = list(Review.objects.values_list("rating", "correct"))
    assert ratings == [(Review.Rating.GOOD, True), (Review.Rating.GOOD, True), (Review.Rating.AGAIN, False)]


def test_hard_schedules_sooner_than_good(case, clock, learner):
    from tests.factories import make_user

    gaps = {}
    for rating, user in ((2, learner), (3, make_user(username="other"))):
        client = Client()
        client.force_login(user)
        client.post(f"/cases/{case.slug}/steps/1/", {"option": option(case, 1, correct=False).key})
        item = ReviewItem.objects.get(learner=user)
        for _ in range(3):  # through the learning steps into review
            answer(client, item, option(case, 1))
            rate(client, item, rating)
            item.refresh_from_db()
            clock.now = max(clock.now, item.due)
        gaps[rating] = item.reviews.last().due_after - item.reviews.last().reviewed
    assert gaps[2] < gaps[3]


def test_bad_input_is_refused_with_a_message_and_nothing_recorded(player, case, clock):
    item = miss_step_one(player, case)
    response = player.post(f"/me/review/{item.pk}/answer/", {"option": "nonsense"})
    assert response.status_code == 400 and "Choose one of the options shown" in response.content.decode()
    response = player.post(f"/me/review/{item.pk}/answer/", {})
    assert response.status_code == 400
    response = player.post(f"/me/review/{item.pk}/answer/", {"option": option(case, 2).key})  # another step's
    assert response.status_code == 400
    response = rate(player, item, 3)  # nothing answered yet
    assert response.status_code == 409 and "Answer the step before rating it" in response.content.decode()
    answer(player, item, option(case, 1))
    assert rate(player, item, 1).status_code == 400  # "again" is for a wrong answer, not a choice
    assert rate(player, item, "x").status_code == 400
    response = answer(player, item, option(case, 1, correct=False))  # answered: waits for its rating
    assert response.status_code == 409
    assert Review.objects.count() == 0
    rate(player, item, 3)
    response = answer(player, item, option(case, 1))  # not due any more
    assert response.status_code == 409 and "not due" in response.content.decode()
    assert Review.objects.count() == 1
    assert player.get(f"/me/review/{item.pk}/answer/").status_code == 405


def test_an_accepted_alternative_counts_right_in_review(player, case, clock):
    item = miss_step_one(player, case)
    alternative = option(case, 1, correct=False)
    type(alternative).objects.filter(pk=alternative.pk).update(accepted=True)
    response = answer(player, item, alternative)
    assert "<strong>Accepted:</strong>" in player.get(response["Location"]).content.decode()
