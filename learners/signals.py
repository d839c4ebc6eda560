"""Review items follow play: a first answer gone wrong makes one for a signed-in learner, and
signing in makes them for the attempts the browser played anonymously (moved to the account by
cases.signals, whose receiver is connected first, the cases app coming first in INSTALLED_APPS)."""

from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_save
from django.dispatch import receiver

from cases.models import Response
from learners import clock
from learners.services import item_for_response, items_sync


@receiver(post_save, sender=Response)
def review_item_for_a_missed_step(sender, instance, created, **kwargs):
    if created:
        item_for_response(instance, clock.now())


@receiver(user_logged_in)
def review_items_for_adopted_attempts(sender, request, user, **kwargs):
    items_sync(user, clock.now())
