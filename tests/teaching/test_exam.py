"""Exam mode: while an exam is open to a student (before its due date, not submitted), the case
page records answers but shows no feedback, hints, score or peers, and no review item is made;
after submission (or the due date) everything opens."""

import datetime

import pytest
from django.utils import timezone

from cases.models import Response
from learners.models import ReviewItem
from teaching.models import Assignment
from tests.factories import option
from tests.teaching.conftest import set_assignment

pytestmark = pytest.mark.usefixtures("content")


@pytest.fixture
def exam(cohort, case, students):
    return set_assignment(cohort, [case], mode="exam")


def test_an_open_exam_records_answers_without_feedback(client, exam, case, students):
    client.force_login(students[0])
    wrong = option(case, 1, correct=False)
    html = client.post(
        f"/cases/{case.slug}/steps/1/", {"option": wrong.key}, headers={"HX-Request": "true"}
    ).content.decode()
    assert "<strong>Answer recorded:</strong>" in html and "Not right" not in html
    assert "SECRET" not in html and "What the anatomy says" not in html
    assert 'id="step-2"' in html  # on to the next step
    again = client.post(f"/cases/{case.slug}/steps/1/", {"option": option(case, 1).key})
    assert again.status_code == 409 and "each step takes one answer" in again.content.decode()
    assert Response.objects.count() == 1 and ReviewItem.objects.count() == 0
    for number in (2, 3):
        client.post(f"/cases/{case.slug}/steps/{number}/", {"option": option(case, number).key})
    client.post(f"/cases/{case.slug}/finish/")
    page = client.get(f"/cases/{case.slug}/").content.decode()
    assert "Answers recorded" in page and "You answered" not in page and "Teaching points" not in page
    assert "How other learners answered" not in page and "SECRET" not in page


def test_submitting_opens_the_feedback_and_the_review_queue(client, exam, case, students):
    client.force_login(students[0])
    client.post(f"/cases/{case.slug}/steps/1/", {"option": option(case, 1, correct=False).key})
    response = client.post(f"/assignments/{exam.pk}/submit/")
    assert response.status_code == 302 and exam.submissions.filter(learner=students[0]).exists()
    page = client.get(f"/cases/{case.slug}/").content.decode()
    assert "<strong>Not right:</strong>" in page and option(case, 1, correct=False).feedback in page
    assert client.get("/me/review/").status_code == 302  # the miss now joins the queue
    assert ReviewItem.objects.filter(learner=students[0]).count() == 1


def test_after_the_due_date_the_exam_is_open_to_read(client, exam, case, students):
    client.force_login(students[1])
    client.post(f"/cases/{case.slug}/steps/1/", {"option": option(case, 1, correct=False).key})
    Assignment.objects.filter(pk=exam.pk).update(due=timezone.now() - datetime.timedelta(minutes=1))
    page = client.get(f"/cases/{case.slug}/").content.decode()
    assert "<strong>Not right:</strong>" in page


def test_practice_mode_and_other_learners_are_untouched(client, cohort, case, students, outsider):
    set_assignment(cohort, [case], mode="practice")
    client.force_login(students[0])
    html = client.post(f"/cases/{case.slug}/steps/1/", {"option": option(case, 1, correct=False).key}, follow=True)
    assert "<strong>Not right:</strong>" in html.content.decode()
    client.force_login(outsider)
    html = client.post(f"/cases/{case.slug}/steps/1/", {"option": option(case, 1, correct=False).key}, follow=True)
    assert "<strong>Not right:</strong>" in html.content.decode()
