"""A realistic cohort for demonstrations and benchmarks: students of varied ability answer an
assignment's cases, right with a probability that rises with their ability and falls with each
step's difficulty (a Rasch model), and wrong mostly on the most tempting distractor. Seeded, so the
same cohort comes out each time."""

import datetime
import math
import random

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from cases.models import Attempt, Case, Response
from teaching.models import Assignment, Cohort, Membership
from teaching.permissions import instructors_group


@transaction.atomic
def make_demo_cohort(*, students=300, cases=30, seed=1, owner_email="demo-instructor@example.org"):
    rng = random.Random(seed)
    User = get_user_model()
    owner = User.objects.filter(email__iexact=owner_email).first() or User.objects.create(
        username=owner_email, email=owner_email, is_staff=True, password=make_password(None)
    )
    owner.groups.add(instructors_group())
    cohort = Cohort.objects.create(name=f"Demo cohort ({students} students, seed {seed})", owner=owner)
    chosen = list(Case.objects.published().order_by("slug").prefetch_related("steps__options")[:cases])
    now = timezone.now()
    assignment = Assignment.objects.create(
        cohort=cohort, title=f"Demo: {len(chosen)} cases", due=now + datetime.timedelta(days=7)
    )
    Assignment.objects.filter(pk=assignment.pk).update(created=now - datetime.timedelta(days=7))
    assignment.cases.set(chosen)

    unusable = make_password(None)
    prefix = f"demo-{cohort.pk}-"
    users = User.objects.bulk_create(
        [
            User(username=f"{prefix}{index}", email=f"{prefix}{index}@example.org", password=unusable)
            for index in range(students)
        ]
    )
    Membership.objects.bulk_create([Membership(cohort=cohort, learner=user) for user in users])

    difficulty = {step.pk: rng.gauss(0, 1) for case in chosen for step in case.steps.all()}
    attempts, plans = [], []
    for user in users:
        ability = rng.gauss(0.8, 1)
        for case in rng.sample(chosen, k=max(1, round(len(chosen) * rng.uniform(0.6, 1)))):
            attempts.append(Attempt(case=case, learner=user, finished=now, score=0))
            plans.append((case, ability))
    attempts = Attempt.objects.bulk_create(attempts, batch_size=2000)
    responses = []
    for attempt, (case, ability) in zip(attempts, plans, strict=True):
        score = 0
        for step in case.steps.all():
            options = list(step.options.all())
            right = next(option for option in options if option.correct)
            wrong = [option for option in options if not option.counts_as_right]
            if rng.random() < 1 / (1 + math.exp(difficulty[step.pk] - ability)):
                responses.append(_response(attempt, step, right, correct=True, first=True))
                score += 1
            else:
                weights = [2**-index for index in range(len(wrong))]  # one tempting distractor
                first = rng.choices(wrong, weights=weights)[0]
                responses.append(_response(attempt, step, first, correct=False, first=True))
                responses.append(_response(attempt, step, right, correct=True, first=False))
        attempt.score = score
    Response.objects.bulk_create(responses, batch_size=5000)
    Attempt.objects.bulk_update(attempts, ["score"], batch_size=2000)
    Attempt.objects.filter(pk__in=[attempt.pk for attempt in attempts]).update(started=now - datetime.timedelta(days=1))
    return assignment


def _response(attempt, step, option, *, correct, first):
    """An answer of the option; at an open site step, the pick of its site (and segment) too."""
    site = {"site_id": option.structure_id, "segment": option.segment} if step.is_open else {}
    return Response(attempt=attempt, step=step, option=option, correct=correct, first=first, **site)
