"""Anonymous play, adopted: when a visitor signs in, the attempts they made in this browser move
to their account. Django gives the session a new key at sign-in, so the session remembers its
attempts by id (see cases.views.learners.case_answer), not by key."""

from django.contrib.auth.signals import user_logged_in
from django.db import IntegrityError, transaction
from django.dispatch import receiver

from cases.models import Attempt

SESSION_ATTEMPTS = "legweak_attempts"


@receiver(user_logged_in)
def adopt_anonymous_attempts(sender, request, user, **kwargs):
    ids = request.session.pop(SESSION_ATTEMPTS, []) if request is not None else []
    for attempt in Attempt.objects.filter(pk__in=ids, learner=None):
        attempt.learner, attempt.session_key = user, ""
        try:
            with transaction.atomic():
                attempt.save(update_fields=["learner", "session_key"])
        except IntegrityError:
            pass  # the account already has an open attempt at this case: keep that one
