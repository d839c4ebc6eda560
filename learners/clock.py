"""The time, in one place, so that tests can set it (monkeypatch `learners.clock.now`): the review
schedule is about when things fall due."""

from django.utils import timezone


def now():
    return timezone.now()
