import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _no_rate_limits_carried_over():
    """allauth counts attempts in the cache: each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def clock(monkeypatch):
    """The review queue's clock, set by the test: `clock.now` is the time, `clock.advance(...)` moves it."""
    import datetime

    from django.utils import timezone

    class Clock:
        now = timezone.now().replace(microsecond=0)

        def advance(self, **delta):
            self.now += datetime.timedelta(**delta)

    fixed = Clock()
    monkeypatch.setattr("learners.clock.now", lambda: fixed.now)
    return fixed
