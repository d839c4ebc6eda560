"""FSRS (the `fsrs` package, the scheduler of modern Anki) for the review queue: a card per item,
reviewed with a rating (again, hard, good). Fuzzing is off so that a schedule can be checked."""

from functools import cache

from fsrs import Card, Rating, Scheduler


@cache
def scheduler():
    return Scheduler(enable_fuzzing=False)


def new_card(now, card_id):
    """A new card, due at once: a step just missed is the first to review."""
    return Card(card_id=card_id, due=now).to_dict()


def review(card, rating, now):
    """The card after a review with this rating (1 again, 2 hard, 3 good), at `now`."""
    updated, _log = scheduler().review_card(Card.from_dict(card), Rating(rating), review_datetime=now)
    return updated.to_dict(), updated.due
