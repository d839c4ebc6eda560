"""Pages that depend only on the content are rendered once per content version for visitors
without a session, and never serve one learner's state to another."""

import pytest
from django.core.cache import cache
from django.test import Client

from knowledge.versioning import bump_content_version
from tests.factories import make_case, option

pytestmark = pytest.mark.usefixtures("content")


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_a_reference_page_is_rendered_once_then_served_from_the_cache(django_assert_max_num_queries):
    first = Client().get("/anatomy/common-peroneal-nerve/")
    assert first.status_code == 200 and first["X-Page-Cache"] == "miss"
    with django_assert_max_num_queries(1):  # the content version only
        again = Client().get("/anatomy/common-peroneal-nerve/")
    assert again["X-Page-Cache"] == "hit" and again.content == first.content
    assert "Content-Security-Policy" in again and again["Vary"] == "Cookie"
    assert "hx-headers" not in again.content.decode()  # no CSRF token of anybody's in a shared page


def test_a_new_content_version_renders_afresh():
    Client().get("/conditions/")
    bump_content_version()
    assert Client().get("/conditions/")["X-Page-Cache"] == "miss"


def test_the_query_string_is_part_of_the_key():
    a = Client().get("/search/?q=fibular")
    b = Client().get("/search/?q=femoral")
    assert a.content != b.content and b["X-Page-Cache"] == "miss"


def test_a_visitor_with_a_session_or_an_account_is_never_served_from_it(learner):
    case = make_case()
    Client().get("/cases/")  # cached for visitors without a session
    player = Client()
    player.post(f"/cases/{case.slug}/steps/1/", {"option": option(case, 1).key})
    page = player.get("/cases/")
    assert "X-Page-Cache" not in page and "In progress" in page.content.decode()
    signed_in = Client()
    signed_in.force_login(learner)
    page = signed_in.get("/anatomy/")
    assert "X-Page-Cache" not in page and learner.email in page.content.decode()
    assert learner.email not in Client().get("/anatomy/").content.decode()


def test_a_page_with_a_form_that_posts_is_not_stored():
    case = make_case()
    visitor = Client()
    page = visitor.get(f"/cases/{case.slug}/")
    assert "X-Page-Cache" not in page  # not a cached path
    assert "csrftoken" in page.cookies or 'name="csrfmiddlewaretoken"' in page.content.decode()


def test_htmx_requests_are_not_served_from_it():
    Client().get("/localize/?weak=ankle-dorsiflexion")
    fragment = Client().get("/localize/?weak=ankle-dorsiflexion", headers={"HX-Request": "true"})
    assert "X-Page-Cache" not in fragment


def test_a_page_whose_form_needs_a_csrf_token_is_never_stored(settings):
    case = make_case()
    settings.PAGE_CACHE_PREFIXES = [*settings.PAGE_CACHE_PREFIXES, "/cases/"]  # even if it were listed
    first = Client().get(f"/cases/{case.slug}/")
    assert "X-Page-Cache" not in first and "csrftoken" in first.cookies
    again = Client().get(f"/cases/{case.slug}/")
    assert again.get("X-Page-Cache") != "hit" and "csrftoken" in again.cookies
