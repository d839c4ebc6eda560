"""Who may see what: every private URL requested as a visitor, a learner, another learner, an
instructor, another instructor and the site's administrator, each answer checked. Records belong
to the learner (an attempt, a review item) and to the instructor (a cohort, an assignment)."""

import pytest
from django.test import Client

from cases.models import Attempt
from learners.models import ReviewItem
from teaching.models import Assignment, Cohort, Membership
from teaching.permissions import instructors_group
from tests.factories import make_case, make_user, option

pytestmark = pytest.mark.usefixtures("content")
ROLES = ["visitor", "learner", "other_learner", "instructor", "other_instructor", "admin"]


@pytest.fixture
def world(db):
    import datetime

    from django.utils import timezone

    users = {
        "learner": make_user(username="owner"),
        "other_learner": make_user(username="stranger"),
        "instructor": make_user(username="teacher", is_staff=True),
        "other_instructor": make_user(username="otherteacher", is_staff=True),
        "admin": make_user(username="root", is_staff=True),
    }
    users["admin"].is_superuser = True
    users["admin"].save()
    group = instructors_group()
    for role in ("instructor", "other_instructor"):
        users[role].groups.add(group)
    case = make_case()
    client = Client()
    client.force_login(users["learner"])
    client.post(f"/cases/{case.slug}/steps/1/", {"option": option(case, 1, correct=False).key})
    cohort = Cohort.objects.create(name="Block", owner=users["instructor"])
    Membership.objects.create(cohort=cohort, learner=users["learner"])
    assignment = Assignment.objects.create(
        cohort=cohort, title="Week 1", due=timezone.now() + datetime.timedelta(days=3), mode="exam"
    )
    assignment.cases.set([case])
    return {
        "users": users,
        "attempt": Attempt.objects.get().pk,
        "item": ReviewItem.objects.get().pk,
        "cohort": cohort,
        "assignment": assignment.pk,
        "case": case,
    }


def expectations(world):
    """(method, url, {role: status}); a role left out expects the `default` of its row."""
    w = world
    cohort = w["cohort"]
    signed_in = {"visitor": 302}
    return [
        ("get", "/me/", {**signed_in, "default": 200}),
        ("get", f"/me/attempts/{w['attempt']}/", {**signed_in, "learner": 200, "default": 404}),
        ("get", f"/me/review/{w['item']}/", {**signed_in, "learner": 200, "default": 404}),
        ("post", f"/me/review/{w['item']}/rate/", {**signed_in, "learner": 400, "default": 404}),  # no rating
        ("get", "/me/data/", {**signed_in, "default": 200}),
        ("get", "/me/data/legweak-records.json", {**signed_in, "default": 200}),
        ("get", "/me/delete/", {**signed_in, "default": 200}),
        ("get", "/teach/", {**signed_in, "instructor": 200, "other_instructor": 200, "admin": 200, "default": 404}),
        ("get", f"/teach/cohorts/{cohort.pk}/", {**signed_in, "instructor": 200, "default": 404}),
        ("post", f"/teach/cohorts/{cohort.pk}/", {**signed_in, "instructor": 400, "default": 404}),
        ("get", f"/teach/cohorts/{cohort.pk}/responses.csv", {**signed_in, "instructor": 200, "default": 404}),
        ("get", f"/teach/assignments/{w['assignment']}/", {**signed_in, "instructor": 200, "default": 404}),
        ("post", f"/assignments/{w['assignment']}/submit/", {**signed_in, "learner": 302, "default": 404}),
        ("get", f"/join/{cohort.code}/", {**signed_in, "default": 200}),
        # A learner is sent to the admin's log-in, which refuses them (403): tests/learners.
        ("get", "/admin/", {"visitor": 302, "learner": 302, "other_learner": 302, "default": 200}),
        ("get", "/admin/cases/case/", {"visitor": 302, "learner": 302, "other_learner": 302, "default": 200}),
        (
            "get",
            f"/admin/cases/case/{w['case'].pk}/preview/",
            {"visitor": 302, "learner": 302, "other_learner": 302, "default": 200},
        ),  # fmt: skip
        (
            "get",
            "/admin/auth/user/",
            {"visitor": 302, "learner": 302, "other_learner": 302, "admin": 200, "default": 403},
        ),
        (
            "get",
            "/admin/knowledge/structure/add/",
            {"visitor": 302, "learner": 302, "other_learner": 302, "admin": 200, "default": 403},
        ),  # fmt: skip
        ("get", f"/cases/{w['case'].slug}/", {"default": 200}),
        ("get", "/anatomy/", {"default": 200}),
    ]


def test_every_role_gets_exactly_what_it_may(world):
    clients = {"visitor": Client()}
    for role, user in world["users"].items():
        clients[role] = Client()
        clients[role].force_login(user)
    wrong = []
    for method, url, expected in expectations(world):
        for role in ROLES:
            status = getattr(clients[role], method)(url).status_code
            want = expected.get(role, expected.get("default"))
            if status != want:
                wrong.append(f"{role} {method.upper()} {url}: {status}, expected {want}")
    assert wrong == [], "\n".join(wrong)


def test_nothing_private_leaks_into_another_learners_pages(world):
    stranger = Client()
    stranger.force_login(world["users"]["other_learner"])
    owner_email = world["users"]["learner"].email
    for url in ["/me/", "/me/review/", "/me/data/legweak-records.json", "/me/data/legweak-records.csv", "/"]:
        response = stranger.get(url, follow=True)
        assert owner_email not in response.content.decode(), url


def test_every_route_answers_every_role_without_a_server_error(world):
    """Every named route of the site (tests/test_urls.py's examples), as each of the six roles:
    never a 500, whoever asks."""
    from django.urls import reverse

    from tests.test_urls import EXAMPLES

    clients = {"visitor": Client()}
    for role, user in world["users"].items():
        clients[role] = Client()
        clients[role].force_login(user)
    failures = []
    for name, (kwargs, method, _) in sorted(EXAMPLES.items()):
        if name == "account_logout":
            continue  # signs the role out: checked last
        url = reverse(name, kwargs=kwargs)
        for role in ROLES:
            status = getattr(clients[role], method)(url).status_code
            if status >= 500:
                failures.append(f"{role} {method.upper()} {url}: {status}")
    for role in ROLES:
        assert clients[role].post(reverse("account_logout")).status_code < 500
    assert failures == [], "\n".join(failures)
