"""/teach/assignments/<id>/: completion, scores and the item analysis of a cohort, its CSV, and
its privacy; a fixed number of queries however many students."""

import csv
import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cases.models import Option
from teaching.analysis import analyse
from teaching.models import Membership
from tests.factories import make_user, option
from tests.teaching.conftest import set_assignment

pytestmark = pytest.mark.usefixtures("content")


def play(user, case, rights):
    """The student answers steps 1-3 first right or wrong as `rights` says, then finishes."""
    client = Client()
    client.force_login(user)
    for number, right in zip((1, 2, 3), rights, strict=True):
        client.post(f"/cases/{case.slug}/steps/{number}/", {"option": option(case, number, correct=right).key})
        if not right:
            client.post(f"/cases/{case.slug}/steps/{number}/", {"option": option(case, number).key})
    client.post(f"/cases/{case.slug}/finish/")


def test_facility_discrimination_shares_and_flags_are_computed(client, teacher, cohort, case, students):
    assignment = set_assignment(cohort, [case])
    # Step 1 all right (easy); step 2 right for the two best only (discriminates); step 3 wrong for all.
    patterns = [(True, True, False), (True, True, False), (True, False, False), (True, False, False),
                (True, False, False)]  # fmt: skip
    for user, rights in zip(students, patterns, strict=True):
        play(user, case, rights)
    client.force_login(teacher)
    html = client.get(f"/teach/assignments/{assignment.pk}/").content.decode()
    assert "<strong>5</strong> of 5 students have answered; <strong>5</strong> finished every case" in html
    assert "Facility <strong>1.00</strong> · discrimination <strong>0.00</strong>" in html
    assert "easy: facility above 0.9" in html
    assert "Facility <strong>0.40</strong> · discrimination <strong>1.00</strong>" in html
    assert "Facility <strong>0.00</strong>" in html and "hard: facility below 0.3" in html
    assert "fewer than 20: caution" in html and "Fewer than 20 students have answered" in html
    wrong_site = option(case, 2, correct=False)
    assert f"{wrong_site.label}" in html and "3 (60%)" in html
    assert 'class="pathway misconception-map"' in html and wrong_site.structure.name in html


def test_discrimination_uses_the_upper_and_lower_27_percent(db, case):
    steps = list(case.steps.prefetch_related("options").order_by("number"))
    right = {step.pk: Option.objects.get(step=step, correct=True).pk for step in steps}
    wrong = {step.pk: Option.objects.filter(step=step, correct=False).first().pk for step in steps}
    answers = {}
    for learner in range(100):  # step 1 right for the upper half only; the others right for all
        for index, step in enumerate(steps):
            is_right = learner >= 50 if index == 0 else True
            answers[(learner, step.pk)] = (right[step.pk] if is_right else wrong[step.pk], is_right)
    analyses, totals = analyse(steps, answers)
    first = analyses[0]
    assert first.learners == 100 and first.facility == 0.5
    assert first.discrimination == 1.0  # the top 27 all right, the bottom 27 all wrong
    assert not first.caution


def test_the_cohort_csv_has_one_row_per_response(client, teacher, cohort, case, students):
    set_assignment(cohort, [case])
    play(students[0], case, (True, False, True))
    client.force_login(teacher)
    response = client.get(f"/teach/cohorts/{cohort.pk}/responses.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 4  # three first answers and one retry
    assert {row["learner"] for row in rows} == {students[0].email}
    assert [row["first"] for row in rows].count("True") == 3


def test_an_instructor_sees_only_their_own_cohorts(client, other_teacher, learner, cohort, case):
    assignment = set_assignment(cohort, [case])
    for user, status in ((other_teacher, 404), (learner, 404)):
        client.force_login(user)
        for url in [f"/teach/cohorts/{cohort.pk}/", f"/teach/assignments/{assignment.pk}/",
                    f"/teach/cohorts/{cohort.pk}/responses.csv"]:  # fmt: skip
            assert client.get(url).status_code == status, (user, url)
        assert client.post(f"/teach/cohorts/{cohort.pk}/", {"title": "x"}).status_code == 404
    client.force_login(other_teacher)
    assert cohort.name not in client.get("/teach/").content.decode()


def test_the_dashboard_runs_a_fixed_number_of_queries_whatever_the_class_size(client, teacher, cohort, case):
    assignment = set_assignment(cohort, [case])
    client.force_login(teacher)

    def add_students(count):
        for _ in range(count):
            user = make_user()
            Membership.objects.create(cohort=cohort, learner=user)
            play(user, case, (True, False, True))

    add_students(3)
    client.get(f"/teach/assignments/{assignment.pk}/")
    with CaptureQueriesContext(connection) as few:
        client.get(f"/teach/assignments/{assignment.pk}/")
    add_students(30)
    with CaptureQueriesContext(connection) as many:
        assert client.get(f"/teach/assignments/{assignment.pk}/").status_code == 200
    assert len(many) == len(few) <= 14, [query["sql"][:100] for query in many.captured_queries]


def test_make_demo_cohort_is_seeded_and_realistic(db):
    from django.core.management import call_command

    from cases.models import Response
    from teaching.models import Assignment

    call_command("make_demo_cohort", "--students", "12", "--cases", "3", "--seed", "7")
    first = Response.objects.count()
    call_command("make_demo_cohort", "--students", "12", "--cases", "3", "--seed", "7")
    assert Response.objects.count() == 2 * first  # the same cohort again
    assignment = Assignment.objects.first()
    assert assignment.cohort.memberships.count() == 12 and assignment.cases.count() == 3
    shares = Response.objects.filter(first=True).values_list("correct", flat=True)
    assert 0.2 < sum(shares) / len(shares) < 0.95  # neither all right nor all wrong
