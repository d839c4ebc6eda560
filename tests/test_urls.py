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
