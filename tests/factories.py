"""Plain factory functions for tests: each makes one thing with sensible defaults."""

import itertools

from django.contrib.auth.models import User

_counter = itertools.count(1)


def make_user(*, username=None, password="correct horse battery staple", is_staff=False):
    username = username or f"user{next(_counter)}"
    return User.objects.create_user(username=username, password=password, is_staff=is_staff)
