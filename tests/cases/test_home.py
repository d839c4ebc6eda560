import re

from django.contrib.staticfiles.finders import find


def test_home_says_what_the_app_is_and_where_to_start(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Where is the lesion?" in html
    for link in ('href="/cases/"', 'href="/localize/"', 'href="/anatomy/"', 'href="/search/"'):
        assert link in html


def test_base_layout_has_landmarks_skip_link_and_disclaimer(client):
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert 'href="#main"' in html and '<main id="main"' in html
    assert '<nav aria-label="Main">' in html
    assert "not medical advice" in html


def test_htmx_gets_the_csrf_token_through_hx_headers(client):
    html = client.get("/").content.decode()  # (pages served from the page cache post nothing: none)
    assert 'hx-headers=\'{"X-CSRFToken": "' in html
    scripts = re.findall(r'<script src="/static/([^"]+)"', html)
    assert "django_htmx/htmx-2.min.js" in [re.sub(r"\.[0-9a-f]{12}(?=\.)", "", script) for script in scripts]
    for script in scripts:  # served by the app itself, never from a CDN
        assert find(re.sub(r"\.[0-9a-f]{12}(?=\.)", "", script)), script


def test_pages_carry_a_strict_content_security_policy_and_no_inline_code(client):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    html = response.content.decode()
    assert "<script>" not in html and " style=" not in html
    assert "<script src=" in html


def test_home_refuses_a_post(client):
    assert client.post("/").status_code == 405
