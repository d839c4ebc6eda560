"""Plain factory functions for tests: each makes one thing with sensible defaults."""

import itertools

from django.contrib.auth.models import User

_counter = itertools.count(1)


def make_user(*, username=None, password="correct horse battery staple", is_staff=False, verified=True):
    """A user with an e-mail address (verified, as allauth requires before a sign-in, unless told)."""
    from allauth.account.models import EmailAddress

    username = username or f"user{next(_counter)}"
    email = f"{username}@example.org"
    user = User.objects.create_user(username=username, email=email, password=password, is_staff=is_staff)
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=verified)
    return user


def make_case(*, slug="test-foot-drop", published=True, stem="A 30-year-old man has a **slapping** foot."):
    """A published three-step case (level, site, diagnosis) on the shipped knowledge base: a
    common peroneal palsy, with wrong options written first so that file order says nothing."""
    from cases.models import Case, Option, Step, TeachingPoint
    from knowledge.models import Condition, Passage, Structure

    case = Case.objects.create(
        slug=slug,
        title=f"Case {slug}",
        stem=stem,
        examination={
            "power": {"hip-abduction": 5, "ankle-dorsiflexion": 2, "foot-inversion": 5, "foot-eversion": 3},
            "sensory_loss": ["dorsum-of-foot"],
            "sensory_normal": ["sole"],
            "reflexes": {"ankle-jerk": "normal"},
        },
        difficulty=Case.Difficulty.INTRODUCTORY,
        topics=["foot-drop"],
        published=published,
    )
    case.conditions.set([Condition.objects.get(slug="common-peroneal-palsy")])
    level = Step.objects.create(case=case, number=1, kind=Step.Kind.LEVEL, prompt="At what level is the lesion?")
    Option.objects.create(step=level, label="Root", level="root", feedback="Inversion is spared.")
    Option.objects.create(step=level, label="Brain", level="brain", feedback="No upper motor neuron signs.")
    Option.objects.create(
        step=level, label="Peripheral nerve", level="peripheral-nerve", correct=True, feedback="SECRET-LEVEL-RIGHT"
    )
    site = Step.objects.create(case=case, number=2, kind=Step.Kind.SITE, prompt="Which structure?")
    Option.objects.create(
        step=site, label="L5 root", structure=Structure.objects.get(slug="l5-root"), feedback="SECRET-L5-WRONG"
    )
    right = Option.objects.create(
        step=site,
        label="Common peroneal nerve",
        structure=Structure.objects.get(slug="common-peroneal-nerve"),
        correct=True,
        feedback="SECRET-CPN-RIGHT",
    )
    right.passages.set([Passage.objects.get(slug="ilive-roots-plexuses-nerves")])
    Option.objects.create(
        step=site, label="Sciatic nerve", structure=Structure.objects.get(slug="sciatic-nerve"), feedback="Knee fine."
    )
    diagnosis = Step.objects.create(case=case, number=3, kind=Step.Kind.DIAGNOSIS, prompt="Most likely diagnosis?")
    Option.objects.create(
        step=diagnosis,
        label="L5 radiculopathy",
        condition=Condition.objects.get(slug="l5-radiculopathy"),
        feedback="No back pain.",
    )
    Option.objects.create(
        step=diagnosis,
        label="Peroneal palsy at the fibular head",
        condition=Condition.objects.get(slug="common-peroneal-palsy"),
        correct=True,
        feedback="SECRET-DIAGNOSIS-RIGHT",
    )
    TeachingPoint.objects.create(case=case, number=1, text="Inversion tells **L5** from the peroneal nerve.")
    return case


def option(case, number, *, correct=True):
    """An option of a case's step, right or wrong."""
    from cases.models import Option

    return Option.objects.filter(step__case=case, step__number=number, correct=correct).order_by("order", "id").first()
