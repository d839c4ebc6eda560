import datetime

import pytest
from django.utils import timezone

from teaching.models import Assignment, Cohort, Membership
from teaching.permissions import instructors_group
from tests.factories import make_case, make_user


@pytest.fixture
def teacher(db):
    user = make_user(username="teacher", is_staff=True)
    user.groups.add(instructors_group())
    return user


@pytest.fixture
def other_teacher(db):
    user = make_user(username="otherteacher", is_staff=True)
    user.groups.add(instructors_group())
    return user


@pytest.fixture
def case(db):
    return make_case()


@pytest.fixture
def cohort(teacher):
    return Cohort.objects.create(name="Neuro block 2026", owner=teacher)


def set_assignment(cohort, cases, mode="practice", due_in_days=7, created_ago_minutes=5):
    assignment = Assignment.objects.create(
        cohort=cohort, title=f"Week {Assignment.objects.count() + 1}", mode=mode,
        due=timezone.now() + datetime.timedelta(days=due_in_days),
    )  # fmt: skip
    Assignment.objects.filter(pk=assignment.pk).update(
        created=timezone.now() - datetime.timedelta(minutes=created_ago_minutes)
    )
    assignment.refresh_from_db()
    assignment.cases.set(cases)
    return assignment


@pytest.fixture
def students(cohort):
    users = [make_user(username=f"student{index}") for index in range(5)]
    Membership.objects.bulk_create([Membership(cohort=cohort, learner=user) for user in users])
    return users
