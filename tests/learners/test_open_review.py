"""A learner's records of an open site step (a site picked rather than an option chosen): its
review, where the learner picks a site again on the pathway, the summary of the attempt, and the
downloads of their data."""

import csv
import io
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.models import Attempt, Response, Step
from knowledge.models import Structure
from learners.models import Review, ReviewItem
from tests.factories import make_case, option

pytestmark = pytest.mark.usefixtures("content")


@pytest.fixture
def case(db):
    """The factory's peroneal palsy, its site step open."""
    case = make_case()
    Step.objects.filter(case=case, kind="site").update(mode="open")
    return case


@pytest.fixture
def player(client, learner):
    client.force_login(learner)
    return client


def name(slug):
    return Structure.objects.get(slug=slug).name


def miss_the_site_step(client, case, value="l4-root"):
    """Step 1 right, then a wrong first pick at the open step 2: its review item."""
    client.post(f"/cases/{case.slug}/steps/1/", {"option": option(case, 1).key})
    client.post(f"/cases/{case.slug}/steps/2/", {"site": value})
    return ReviewItem.objects.get(step__number=2)


def pick(client, item, value):
    return client.post(f"/me/review/{item.pk}/answer/", {"site": value})


def feedback(html):
    """The feedback block of a review page, as text."""
    block = html.split('id="feedback"')[1].split(">", 1)[1].split("</div>")[0]
    return " ".join(re.sub(r"<[^>]+>", " ", block).split())


def test_a_missed_open_step_is_reviewed_on_the_pathway_and_names_no_answer(player, case, clock):
    item = miss_the_site_step(player, case)
    html = player.get(f"/me/review/{item.pk}/").content.decode()
    assert "Which structure?" in html and 'action="/me/review/' in html
    assert 'name="option"' not in html  # no options to choose among: the whole pathway
    assert 'id="review-site-select" name="site"' in html and "data-site-picker" in html
    values = re.findall(r'<option value="([^"]+)">', html)
    assert len(values) > 60 and "l4-root" in values and "common-peroneal-nerve/at-the-fibular-head" in values
    assert "SECRET" not in html and 'id="feedback"' not in html
    assert "(tried)" not in html  # a new try: nothing is marked tried
    assert "aria-describedby" not in html.split('id="review-site-select"')[1].split(">")[0]


def test_a_wrong_pick_is_recorded_again_with_its_feedback_and_never_names_the_answer(player, case, clock):
    item = miss_the_site_step(player, case)
    response = pick(player, item, "motor-cortex")
    review = Review.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"?review={review.pk}#feedback")
    assert (review.option, review.site.slug, review.segment, review.correct) == (None, "motor-cortex", "", False)
    assert review.rating == Review.Rating.AGAIN
    item.refresh_from_db()
    assert item.pending_option is None and item.due == review.due_after
    html = player.get(response["Location"]).content.decode()
    shown = feedback(html)
    assert shown.startswith(f"Not right: {name('motor-cortex')}.")
    assert "What the anatomy says" in shown and "peroneal" not in shown.lower()  # not the answer's name
    assert "SECRET" not in html and "Missed again" in html


def test_a_pick_the_case_wrote_feedback_for_shows_it(player, case, clock):
    item = miss_the_site_step(player, case)
    pick(player, item, "l5-root")
    review = Review.objects.get()
    assert review.option == option(case, 2, correct=False) and review.site.slug == "l5-root"
    assert not review.correct and review.rating == Review.Rating.AGAIN
    shown = feedback(player.get(f"/me/review/{item.pk}/?review={review.pk}").content.decode())
    assert shown.startswith(f"Not right: {name('l5-root')}.") and "SECRET-L5-WRONG" in shown


def test_a_close_pick_says_so_and_counts_as_missed(player, case, clock):
    item = miss_the_site_step(player, case)
    response = pick(player, item, "deep-peroneal-nerve")
    review = Review.objects.get()
    assert not review.correct and review.option is None and review.site.slug == "deep-peroneal-nerve"
    html = player.get(response["Location"]).content.decode()
    shown = feedback(html)
    assert shown.startswith(f"Close, but not right: {name('deep-peroneal-nerve')}.")
    assert 'class="feedback is-close"' in html and "SECRET-CPN-RIGHT" not in shown


def test_a_right_pick_waits_for_its_rating_then_is_recorded_with_its_option(player, case, clock):
    item = miss_the_site_step(player, case)
    response = pick(player, item, "common-peroneal-nerve/at-the-fibular-head")
    assert response.status_code == 302 and response["Location"] == f"/me/review/{item.pk}/"
    item.refresh_from_db()
    assert item.pending_option == option(case, 2) and Review.objects.count() == 0
    html = player.get(response["Location"]).content.decode()
    shown = feedback(html)
    assert shown.startswith("Right: Common peroneal nerve.") and "SECRET-CPN-RIGHT" in shown
    assert "How did it feel?" in html and 'name="site"' not in html
    assert player.post(f"/me/review/{item.pk}/rate/", {"rating": 3}).status_code == 302
    review = Review.objects.get()
    assert review.option == option(case, 2) and review.correct and review.rating == Review.Rating.GOOD
    item.refresh_from_db()
    assert item.pending_option is None and item.due > clock.now


def test_an_accepted_site_counts_right_in_review(player, case, clock):
    item = miss_the_site_step(player, case)
    case.steps.get(kind="site").options.filter(label="Sciatic nerve").update(accepted=True)
    response = pick(player, item, "sciatic-nerve")
    item.refresh_from_db()
    assert item.pending_option.label == "Sciatic nerve" and Review.objects.count() == 0
    assert feedback(player.get(response["Location"]).content.decode()).startswith("Accepted: Sciatic nerve.")


@pytest.mark.parametrize(
    "data, message",
    [
        ({"site": "nonsense"}, "That is not a site of the pathway"),
        ({"site": "common-peroneal-nerve/in-the-thigh"}, "That is not a site of the pathway"),
        ({"site": "ankle-dorsiflexion"}, "That is not a site of the pathway"),
        ({"site": ""}, "Pick one site of the pathway"),
        ({}, "Pick one site of the pathway"),
        ({"site": ["l5-root", "l4-root"]}, "Pick one site of the pathway"),
        ({"option": "anything"}, "Pick one site of the pathway"),
    ],
)
def test_an_unknown_or_missing_pick_is_refused_with_400_and_nothing_recorded(player, case, clock, data, message):
    item = miss_the_site_step(player, case)
    response = player.post(f"/me/review/{item.pk}/answer/", data)
    html = response.content.decode()
    assert response.status_code == 400 and message in html
    assert 'id="review-error"' in html and 'name="site" size="10" required aria-describedby="review-error"' in html
    item.refresh_from_db()
    assert Review.objects.count() == 0 and item.pending_option is None and item.due == clock.now


def test_a_pick_is_refused_before_the_item_is_due_again(player, case, clock):
    item = miss_the_site_step(player, case)
    pick(player, item, "motor-cortex")
    response = pick(player, item, "common-peroneal-nerve")  # back soon, but not at once
    assert response.status_code == 409 and "not due" in response.content.decode()
    assert Review.objects.count() == 1


def test_the_attempt_summary_gives_the_site_picked_and_the_answer_once_found(player, case, clock):
    Step.objects.filter(case=case, kind="site").get().options.filter(correct=True).update(segment="at-the-fibular-head")
    miss_the_site_step(player, case)
    attempt = Attempt.objects.get()
    html = player.get(f"/me/attempts/{attempt.pk}/").content.decode()
    assert f"{name('l4-root')} (not right)" in html
    assert "Common peroneal nerve" not in html  # not found yet, the attempt not finished
    player.post(f"/cases/{case.slug}/steps/2/", {"reveal": "1"})  # seen: it may be told
    html = player.get(f"/me/attempts/{attempt.pk}/").content.decode()
    assert "Common peroneal nerve, at the fibular head" in html
    assert f"{name('l4-root')} (not right)" in html  # the first answer, still the one scored


def test_the_attempt_summary_of_a_right_first_pick(player, case):
    player.post(f"/cases/{case.slug}/steps/1/", {"option": option(case, 1).key})
    player.post(f"/cases/{case.slug}/steps/2/", {"site": "common-peroneal-nerve"})
    html = player.get(f"/me/attempts/{Attempt.objects.get().pk}/").content.decode()
    assert f"{name('common-peroneal-nerve')} (right)" in html


def test_the_downloads_give_the_site_picked_as_the_answer(player, case, clock):
    item = miss_the_site_step(player, case)
    player.post(f"/cases/{case.slug}/steps/2/", {"site": "common-peroneal-nerve/at-the-fibular-head"})
    pick(player, item, "motor-cortex")
    data = json.loads(player.get("/me/data/legweak-records.json").content)
    answers = [(a["step"], a["answer"], a["right"], a["first"]) for a in data["attempts"][0]["answers"]]
    assert answers == [
        (1, "Peripheral nerve", True, True),
        (2, name("l4-root"), False, True),
        (2, f"{name('common-peroneal-nerve')}, at the fibular head", True, False),
    ]
    (review,) = data["review_items"][0]["reviews"]
    assert (review["answer"], review["right"], review["rating"]) == (name("motor-cortex"), False, "again")
    rows = list(csv.DictReader(io.StringIO(player.get("/me/data/legweak-records.csv").content.decode())))
    assert [(row["record"], row["answer"]) for row in rows] == [
        ("answer", "Peripheral nerve"),
        ("answer", name("l4-root")),
        ("answer", f"{name('common-peroneal-nerve')}, at the fibular head"),
        ("review", name("motor-cortex")),
    ]


def test_the_downloads_and_the_summary_run_a_fixed_number_of_queries(player, case, clock):
    item = miss_the_site_step(player, case)
    attempt = Attempt.objects.get()
    urls = ["/me/data/legweak-records.json", "/me/data/legweak-records.csv", f"/me/attempts/{attempt.pk}/"]
    for url in urls:
        player.get(url)  # warm the engine and the content version
    with CaptureQueriesContext(connection) as few:
        for url in urls:
            player.get(url)
    for value in ("l5-root", "sciatic-nerve", "tibial-nerve", "common-peroneal-nerve/at-the-fibular-head"):
        player.post(f"/cases/{case.slug}/steps/2/", {"site": value})
    for value in ("motor-cortex", "l5-root"):
        pick(player, item, value)
        clock.advance(days=1)
    assert Response.objects.filter(site__isnull=False).count() == 5 and Review.objects.count() == 2
    with CaptureQueriesContext(connection) as many:
        for url in urls:
            assert player.get(url).status_code == 200
    assert len(many) == len(few), [query["sql"][:120] for query in many.captured_queries]


def test_the_review_page_of_an_open_step_runs_a_fixed_number_of_queries(player, case, clock):
    item = miss_the_site_step(player, case)
    response = pick(player, item, "l5-root")
    player.get(response["Location"])
    with CaptureQueriesContext(connection) as queries:
        assert player.get(response["Location"]).status_code == 200
    assert len(queries) <= 12, [query["sql"][:120] for query in queries.captured_queries]
