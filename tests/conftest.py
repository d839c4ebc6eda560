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


@pytest.fixture(autouse=True)
def _fresh_localizer_cache():
    """Tests roll the database back, content version included: never reuse an engine across them."""
    from django.core.cache import cache

    from knowledge.versioning import clear_caches

    clear_caches()
    cache.clear()  # the page cache too: its key holds a content version that rolls back with the test


@pytest.fixture(scope="module")
def content(django_db_setup, django_db_blocker):
    """The shipped knowledge base, loaded once per test module and rolled back after it: each test
    runs in its own savepoint inside this transaction (Django's setUpTestData, pytest style).
    Browser tests, whose live server reads through another connection, use `live_content`."""
    from django.db import transaction

    from cases.casefiles import load_shipped_content

    with django_db_blocker.unblock(), transaction.atomic():
        load_shipped_content()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def live_content(transactional_db):
    """The shipped knowledge base, committed, for the live server of the browser tests."""
    from cases.casefiles import load_shipped_content

    load_shipped_content()


@pytest.fixture(scope="session")
def shipped_engine(django_db_setup, django_db_blocker):
    """The engine over the shipped knowledge base, built once per session the way the app builds
    it, for the tests of the pure engine (which then touch no database)."""
    from django.db import transaction

    from cases.casefiles import load_shipped_content
    from knowledge.graph import build_anatomy
    from knowledge.localizer import Engine

    with django_db_blocker.unblock(), transaction.atomic():
        load_shipped_content()
        anatomy = build_anatomy()
        transaction.set_rollback(True)
    return Engine(anatomy)


def pytest_collection_modifyitems(config, items):
    """A test that uses the module's shipped content needs the test database (pytest-django only
    sets it up for tests marked so; otherwise the content would go to the developer's database)."""
    for item in items:
        if {"content", "shipped_engine", "shipped_in_database"}.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.django_db)
