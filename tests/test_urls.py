"""Every URL of the site answers: a walk over the URL configuration with one example each, so that
a route lost in a move (or added without a test here) fails."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

# name -> (example arguments, method, expected status for a visitor with no session)
CASE = "a-foot-that-slaps-on-the-floor"  # a shipped case
EXAMPLES = {
    "home": ({}, "get", 200),
    "case-list": ({}, "get", 200),
    "case-play": ({"slug": CASE}, "get", 200),
    "case-answer": ({"slug": CASE, "number": 1}, "post", 400),  # no option chosen
    "case-finish": ({"slug": CASE}, "post", 409),  # nothing answered yet
    "case-restart": ({"slug": CASE}, "post", 302),
    "localize": ({}, "get", 200),
    "anatomy-index": ({}, "get", 200),
    "condition-index": ({}, "get", 200),
    "source-index": ({}, "get", 200),
    "search": ({}, "get", 200),
    "structure-detail": ({"slug": "common-peroneal-nerve"}, "get", 200),
    "condition-detail": ({"slug": "common-peroneal-palsy"}, "get", 200),
    "source-detail": ({"slug": "ilive-unilateral-leg-weakness"}, "get", 200),
    "api-localize": ({}, "post", 400),  # an empty body is not a findings object
    "api-site-deficits": ({"slug": "l5-root"}, "get", 200),
    "healthz": ({}, "get", 200),
    # Accounts (allauth): the pages of a signed-in account send a visitor to the log-in.
    "account_login": ({}, "get", 200),
    "account_signup": ({}, "get", 200),
    "account_logout": ({}, "get", 302),  # a visitor is signed out already
    "account_inactive": ({}, "get", 200),
    "account_email_verification_sent": ({}, "get", 200),
    "account_confirm_email": ({"key": "not-a-key"}, "get", 200),  # says the link is invalid
    "account_reset_password": ({}, "get", 200),
    "account_reset_password_done": ({}, "get", 200),
    "account_reset_password_from_key": ({"uidb36": "0", "key": "not-a-key"}, "get", 200),  # says so
    "account_reset_password_from_key_done": ({}, "get", 200),
    "account_change_password": ({}, "get", 302),
    "account_set_password": ({}, "get", 302),
    "account_email": ({}, "get", 302),
    "account_reauthenticate": ({}, "get", 302),
    "account_request_reauthentication_code": ({}, "get", 302),
    "account_confirm_reauthentication_code": ({}, "get", 302),
    "account_confirm_login_code": ({}, "get", 302),  # sign-in by code is off
    # The learner's own pages: a visitor is sent to the log-in (tests/learners test them signed in).
    "me": ({}, "get", 302),
    "me-attempt": ({"pk": 1}, "get", 302),
    "me-data": ({}, "get", 302),
    "me-data-json": ({}, "get", 302),
    "me-data-csv": ({}, "get", 302),
    "me-delete": ({}, "get", 302),
    "review": ({}, "get", 302),
    "review-item": ({"pk": 1}, "get", 302),
    "review-answer": ({"pk": 1}, "post", 302),
    "review-rate": ({"pk": 1}, "post", 302),
    # Teaching: instructors' pages and joining a cohort need an account (tests/teaching go further).
    "teach": ({}, "get", 302),
    "teach-cohort": ({"pk": 1}, "get", 302),
    "teach-cohort-csv": ({"pk": 1}, "get", 302),
    "teach-assignment": ({"pk": 1}, "get", 302),
    "join": ({}, "get", 302),
    "join-cohort": ({"code": "ABCDEFGH"}, "get", 302),
    "assignment-submit": ({"pk": 1}, "post", 302),
}


def named_routes(patterns=None, prefix=""):
    """The names of the site's own routes (the admin has its own tests)."""
    names = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            if getattr(pattern, "app_name", None) != "admin":
                names += named_routes(pattern.url_patterns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.append(pattern.name)
    return names


def test_every_route_has_an_example():
    assert sorted(named_routes()) == sorted(EXAMPLES)


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_every_route_answers(client, content, name):
    kwargs, method, status = EXAMPLES[name]
    response = getattr(client, method)(reverse(name, kwargs=kwargs))
    assert response.status_code == status, response.content[:300]
