"""Writes that span several models: a learner's attempt at a case and the answers they give.

Races are settled by the database, not by Python: the unique constraints on an open attempt per
owner and case, and on one first response per attempt and step, turn the loser of two
simultaneous requests into a retry (never a lost answer, never a second "first" answer).
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from cases.models import Attempt, Response


class PlayError(Exception):
    """An answer that cannot be taken in the attempt's state; `status` is the HTTP status."""

    def __init__(self, message, status=409):
        super().__init__(message)
        self.status = status


def attempt_open(*, case, learner=None, session_key=""):
    """The owner's open attempt at the case, created if there is none (race-safe)."""
    owner = {"learner": learner} if learner is not None else {"learner": None, "session_key": session_key}
    for _ in range(3):
        attempt = Attempt.objects.filter(case=case, finished=None, **owner).first()
        if attempt:
            return attempt
        try:
            with transaction.atomic():
                return Attempt.objects.create(case=case, **owner)
        except IntegrityError:
            continue  # another request opened it a moment ago: read it
    raise PlayError("could not open an attempt; please try again", status=409)


def response_record(*, attempt, step, option, steps, site_id=None, segment="", correct=None, revealed=False):
    """Record an answer. The first answer to a step is scored; later ones are retries.

    At an open step the answer is a site (`site_id`, a Structure's) and `segment`, with `option`
    the case's option for it or None, and `correct` the verdict; `revealed` records that the learner
    asked for the answer (only after a first answer).

    Refuses (PlayError) an answer after the attempt is finished, to a step whose predecessors have
    not been answered yet, or to a step already answered right or revealed (a retry can teach
    nothing more, and would only pad the record)."""
    with transaction.atomic():
        attempt = Attempt.objects.select_for_update().get(pk=attempt.pk)
        if attempt.finished:
            raise PlayError("this case is finished: start it again to answer anew")
        responses = list(attempt.responses.values_list("step_id", "first", "correct", "revealed"))
        answered = {step_id for step_id, first, _, _ in responses if first}
        if any(step_id == step.pk and correct for step_id, _, correct, _ in responses):
            raise PlayError("this step is already answered right: go on to the next one")
        if any(step_id == step.pk and shown for step_id, _, _, shown in responses):
            raise PlayError("this step's answer is shown: go on to the next one")
        missing = [earlier.number for earlier in steps if earlier.number < step.number and earlier.pk not in answered]
        if missing:
            raise PlayError(f"answer step {missing[0]} first")
        first = step.pk not in answered
        if revealed and first:
            raise PlayError("give an answer of your own before asking for this one", status=400)
        answer = {
            "attempt": attempt,
            "step": step,
            "option": option,
            "correct": option.counts_as_right if correct is None else correct,
            "revealed": revealed,
        }
        if site_id is not None:
            answer |= {"site_id": site_id, "segment": segment}
        try:
            with transaction.atomic():
                return Response.objects.create(**answer, first=first)
        except IntegrityError:
            # A simultaneous request recorded the first answer: this one is kept as a retry.
            return Response.objects.create(**answer, first=False)


def attempt_finish(*, attempt, steps):
    """Close the attempt and score it: the number of steps answered right the first time."""
    with transaction.atomic():
        attempt = Attempt.objects.select_for_update().get(pk=attempt.pk)
        if attempt.finished:
            return attempt
        firsts = {response.step_id: response.correct for response in attempt.responses.filter(first=True)}
        unanswered = [step.number for step in steps if step.pk not in firsts]
        if unanswered:
            raise PlayError(f"answer step {unanswered[0]} before finishing")
        attempt.finished = timezone.now()
        attempt.score = sum(firsts.values())
        attempt.save(update_fields=["finished", "score"])
        return attempt
