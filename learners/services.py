"""What changes a learner's records: review items made from missed steps, answers and ratings in
review, and the deletion of an account. Each write runs in a transaction that locks what it
changes, so two submissions at once record once."""

import secrets

from django.db import transaction

from cases.extensions import exam_case_ids
from cases.models import Attempt, Response
from learners import scheduling
from learners.models import Review, ReviewItem


class ReviewError(Exception):
    def __init__(self, message, status=409):
        super().__init__(message)
        self.status = status


def items_sync(user, now):
    """A review item for every step the learner answered wrong at the first try and has none for
    (after play, and after sign-in has brought a browser's anonymous attempts to the account)."""
    missed = set(
        Response.objects.filter(attempt__learner=user, first=True, correct=False)
        .exclude(attempt__case_id__in=exam_case_ids(user))  # not while its exam is open: that would tell
        .values_list("step_id", flat=True)
    )
    missed -= set(ReviewItem.objects.filter(learner=user, step_id__in=missed).values_list("step_id", flat=True))
    ReviewItem.objects.bulk_create(
        [_new_item(user.pk, step_id, now) for step_id in sorted(missed)], ignore_conflicts=True
    )
    return len(missed)


def item_for_response(response, now):
    """The review item a first answer gone wrong makes, for a signed-in learner."""
    learner_id = response.attempt.learner_id
    if not response.first or response.correct or learner_id is None:
        return
    if response.attempt.case_id in exam_case_ids(response.attempt.learner):
        return  # a review would show its feedback while the exam is open: made after it (items_sync)
    ReviewItem.objects.bulk_create([_new_item(learner_id, response.step_id, now)], ignore_conflicts=True)


def _new_item(learner_id, step_id, now):
    card = scheduling.new_card(now, card_id=step_id)
    return ReviewItem(learner_id=learner_id, step_id=step_id, card=card, due=now, created=now)


def review_answer(*, item, option, now, site_id=None, segment="", correct=None):
    """An answer in review. Wrong: rated "again" at once, and the item comes back soon. Right: kept
    until the learner says how it felt (hard or good). Refused when the item is not due, or is
    already answered right and waits for its rating.

    At an open site step the answer is the site picked (`site_id`, `segment`) and the case's option
    for it, if any (`option`, which a right pick always has); `correct` is the verdict on the pick.
    Otherwise the option alone says whether the answer is right."""
    if correct is None:
        correct = option.counts_as_right
    with transaction.atomic():
        item = ReviewItem.objects.select_for_update().get(pk=item.pk)
        if item.pending_option_id:
            raise ReviewError("this review is answered: say how it felt to finish it")
        if item.due > now:
            raise ReviewError("this step is not due for review yet")
        if not correct:
            return _record(
                item, option, correct=False, rating=Review.Rating.AGAIN, now=now, site_id=site_id, segment=segment
            )
        item.pending_option = option
        item.save(update_fields=["pending_option"])
        return None


def review_rate(*, item, rating, now):
    """The learner's rating (hard or good) of a review they answered right."""
    if rating not in (Review.Rating.HARD, Review.Rating.GOOD):
        raise ReviewError("rate it hard or good", status=400)
    with transaction.atomic():
        item = ReviewItem.objects.select_for_update(of=("self",)).select_related("pending_option").get(pk=item.pk)
        if not item.pending_option_id:
            raise ReviewError("answer the step before rating it")
        return _record(item, item.pending_option, correct=True, rating=rating, now=now)


def _record(item, option, *, correct, rating, now, site_id=None, segment=""):
    item.card, item.due = scheduling.review(item.card, rating, now)
    item.pending_option = None
    item.save(update_fields=["card", "due", "pending_option"])
    return Review.objects.create(
        item=item,
        option=option,
        site_id=site_id,
        segment=segment,
        correct=correct,
        rating=rating,
        reviewed=now,
        due_after=item.due,
    )


def account_delete(user, *, keep_answers):
    """Delete the account, its review items and reviews. Its attempts and answers go too, or, when
    the learner chose to leave them to the statistics, stay with no link to anyone: they pass to
    one random, unguessable owner that no session or account can ever hold."""
    with transaction.atomic():
        if keep_answers:
            nobody = f"deleted-{secrets.token_hex(16)}"
            Attempt.objects.filter(learner=user).update(learner=None, session_key=nobody)
        user.delete()  # cascades to the attempts left, their responses, review items and reviews
