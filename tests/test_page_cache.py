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


def test_a_visitor_with_a_session_or_an_account_never_gets_the_shared_page(learner):
    case = make_case()
    Client().get("/cases/")  # cached for visitors without a session
    player = Client()
    player.post(f"/cases/{case.slug}/steps/1/", {"option": option(case, 1).key})
    page = player.get("/cases/")
    assert page.get("X-Page-Cache") != "hit" and "In progress" in page.content.decode()
    signed_in = Client()
    signed_in.force_login(learner)
    page = signed_in.get("/anatomy/")
    assert learner.email in page.content.decode()
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


def finish(client, case):
    for number in (1, 2, 3):
        client.post(f"/cases/{case.slug}/steps/{number}/", {"option": option(case, number).key})
    client.post(f"/cases/{case.slug}/finish/")


def test_readers_with_a_session_share_the_content_part_but_each_gets_their_own_header(learner, outsider):
    first, second = Client(), Client()
    first.force_login(learner)
    second.force_login(outsider)
    a = first.get("/conditions/")
    b = second.get("/conditions/")
    assert a["X-Page-Cache"] == "miss" and b["X-Page-Cache"] == "hit"
    assert learner.email in a.content.decode() and outsider.email in b.content.decode()
    assert learner.email not in b.content.decode()
    assert 'hx-headers=\'{"X-CSRFToken": "' in b.content.decode()  # their own token, around the cached part
    assert "<title>Conditions" in b.content.decode() or "· Legweak</title>" in b.content.decode()


def test_what_a_reader_has_played_is_part_of_the_key(learner, outsider):
    case = make_case()
    structure_page = "/anatomy/common-peroneal-nerve/"
    player, other = Client(), Client()
    player.force_login(learner)
    other.force_login(outsider)
    other.get(structure_page)  # cached for a reader who has finished nothing
    finish(player, case)
    page = player.get(structure_page).content.decode()
    assert case.title in page  # a finished case is listed under its answer, to this reader only
    assert case.title not in other.get(structure_page).content.decode()
    listing = player.get("/cases/").content.decode()
    assert "Done" in listing
    assert "Done" not in other.get("/cases/").content.decode()


def test_staff_see_every_case_and_learners_do_not(learner, instructor):
    case = make_case()
    staff, reader = Client(), Client()
    staff.force_login(instructor)
    reader.force_login(learner)
    assert case.title in staff.get("/anatomy/common-peroneal-nerve/").content.decode()
    assert case.title not in reader.get("/anatomy/common-peroneal-nerve/").content.decode()
