from django.utils.functional import SimpleLazyObject

from learners import clock
from learners.models import ReviewItem


def reviews_due(request):
    """How many review items are due, for the header and the home page: counted (one query) only
    for a signed-in learner, and only when a page shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"reviews_due": 0}
    return {"reviews_due": SimpleLazyObject(lambda: ReviewItem.objects.of(user).due(clock.now()).count())}
