"""Their data is theirs: every record to download, and deletion that does what the page says."""

import csv
import io
import json

import pytest

from cases.models import Attempt, Response
from learners.models import Review, ReviewItem
from tests.factories import make_case, make_user, option

pytestmark = pytest.mark.usefixtures("content")
PASSWORD = "correct horse battery staple"


@pytest.fixture
def case(db):
    return make_case()


@pytest.fixture
def history(client, learner, case, clock):
    """The learner missed step 1, then reviewed it (right, good); another learner played too."""
    client.force_login(learner)
    client.post(f"/cases/{case.slug}/steps/1/", {"option": option(case, 1, correct=False).key})
    client.post(f"/cases/{case.slug}/steps/1/", {"option": option(case, 1).key})
    item = ReviewItem.objects.get(learner=learner)
    client.post(f"/me/review/{item.pk}/answer/", {"option": option(case, 1).key})
    client.post(f"/me/review/{item.pk}/rate/", {"rating": 3})
    other = make_user(username="other")
    Attempt.objects.create(case=case, learner=other)
    return client


def test_the_json_export_holds_every_record_of_the_learner_and_no_one_else(history, learner, case):
    response = history.get("/me/data/legweak-records.json")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == learner.email
    (attempt,) = data["attempts"]
    assert attempt["case"] == case.slug
    assert [(a["step"], a["right"], a["first"]) for a in attempt["answers"]] == [(1, False, True), (1, True, False)]
    (item,) = data["review_items"]
    assert item["step"] == 1 and [r["rating"] for r in item["reviews"]] == ["good"]


def test_the_csv_export_has_a_row_per_answer_and_review(history):
    response = history.get("/me/data/legweak-records.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["record"] for row in rows] == ["answer", "answer", "review"]
    assert rows[0]["right"] == "False" and rows[2]["rating"] == "good"


def test_the_data_page_says_what_is_kept(history):
    html = history.get("/me/data/").content.decode()
    assert "every answer you gave\n  (2)" in html and "legweak-records.json" in html and "/me/delete/" in html


def test_deleting_everything(history, learner):
    html = history.get("/me/delete/").content.decode()
    assert "Delete them with everything else" in html and "with no link to you" in html
    response = history.post("/me/delete/", {"keep": "everything", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
    assert not type(learner).objects.filter(pk=learner.pk).exists()
    assert not Attempt.objects.filter(learner=None).exists()
    assert Response.objects.count() == 0 and ReviewItem.objects.count() == 0 and Review.objects.count() == 0
    assert Attempt.objects.count() == 1  # the other learner's
    assert "_auth_user_id" not in history.session


def test_deleting_the_account_but_leaving_the_answers_to_the_statistics(history, learner, case):
    history.post("/me/delete/", {"keep": "keep-answers", "password": PASSWORD})
    assert not type(learner).objects.filter(pk=learner.pk).exists()
    kept = Attempt.objects.get(learner=None)
    assert kept.session_key.startswith("deleted-") and len(kept.session_key) > 30
    assert Response.objects.filter(attempt=kept).count() == 2
    assert ReviewItem.objects.count() == 0 and Review.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"keep": "everything", "password": "wrong"}, "That is not your password."),
        ({"password": PASSWORD}, "Choose what happens to your answers."),
        ({"keep": "sideways", "password": PASSWORD}, "Select a valid choice"),
        ({"keep": "everything"}, "Enter your password to confirm."),
    ],
)
def test_deletion_refuses_without_the_password_or_a_choice(history, learner, data, message):
    response = history.post("/me/delete/", data)
    assert response.status_code == 400 and message in response.content.decode()
    assert type(learner).objects.filter(pk=learner.pk).exists() and ReviewItem.objects.count() == 1
