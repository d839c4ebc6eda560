import os

import pytest

from tests.factories import make_user

# Playwright's sync API runs an event loop in the test thread; Django refuses database access
# from a thread with a running loop unless told it is safe, which it is here (one test thread).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def learner(db):
    return make_user(username="learner")


@pytest.fixture
def instructor(db):
    return make_user(username="instructor", is_staff=True)


@pytest.fixture
def outsider(db):
    """A signed-in user with no relation to anything under test: must see nothing private."""
    return make_user(username="outsider")
