"""Cohorts and assignments: an instructor makes them, students join with the link or the code, and
see their assignments on /me/."""

import pytest

from teaching.models import Assignment, Cohort, Membership
from tests.teaching.conftest import set_assignment

pytestmark = pytest.mark.usefixtures("content")


def test_an_instructor_makes_a_cohort_and_gets_its_join_link_and_code(client, teacher):
    client.force_login(teacher)
    response = client.post("/teach/", {"name": "Year 3"})
    cohort = Cohort.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/teach/cohorts/{cohort.pk}/"
    assert cohort.owner == teacher and len(cohort.code) == 8
    html = client.get(response["Location"]).content.decode()
    assert f"/join/{cohort.code}/" in html and f"<code>{cohort.code}</code>" in html
    assert client.post("/teach/", {"name": ""}).status_code == 400


def test_an_assignment_is_set_with_cases_a_due_date_and_a_mode(client, teacher, cohort, case):
    client.force_login(teacher)
    data = {"title": "Foot drop week", "cases": [case.pk], "due": "2030-01-31T17:00", "mode": "exam"}
    response = client.post(f"/teach/cohorts/{cohort.pk}/", data)
    assignment = Assignment.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/teach/assignments/{assignment.pk}/"
    assert assignment.mode == "exam" and list(assignment.cases.all()) == [case]
    bad = client.post(f"/teach/cohorts/{cohort.pk}/", {"title": "x", "due": "soon", "mode": "oral"})
    html = bad.content.decode()
    assert bad.status_code == 400 and "Choose at least one case." in html and "YYYY-MM-DD HH:MM" in html
    assert Assignment.objects.count() == 1


def test_a_student_joins_by_link_or_by_code_once(client, learner, cohort):
    client.force_login(learner)
    page = client.get(f"/join/{cohort.code}/")
    assert page.status_code == 200 and "Neuro block 2026" in page.content.decode()
    response = client.post("/join/", {"code": cohort.code.lower()[:4] + "-" + cohort.code.lower()[4:]})
    assert response.status_code == 302 and Membership.objects.filter(cohort=cohort, learner=learner).exists()
    client.post("/join/", {"code": cohort.code})
    assert Membership.objects.count() == 1
    assert client.get("/join/NOTACODE/").status_code == 404
    response = client.post("/join/", {"code": "WRONG123"})
    assert response.status_code == 400 and "No cohort has that code" in response.content.decode()


def test_a_student_sees_their_assignments_on_me(client, students, cohort, case):
    assignment = set_assignment(cohort, [case], mode="exam")
    client.force_login(students[0])
    html = client.get("/me/").content.decode()
    assert assignment.title in html and case.title in html and "Exam: no feedback" in html
    assert f'action="/assignments/{assignment.pk}/submit/"' in html


def test_someone_outside_the_cohort_sees_none_of_its_assignments(client, outsider, cohort, case):
    assignment = set_assignment(cohort, [case])
    client.force_login(outsider)
    html = client.get("/me/").content.decode()
    assert assignment.title not in html and "You are in no cohort" in html
    assert client.post(f"/assignments/{assignment.pk}/submit/").status_code == 404
