import pytest
from django.db import connection
from playwright.sync_api import expect

from tests.browser.axe import assert_no_axe_violations


def test_a_reader_searches_opens_a_nerve_then_a_condition_then_a_case(page, live_content):
    page.goto("/search/")
    assert_no_axe_violations(page)
    page.get_by_label("Search conditions, anatomy, cases and sources").fill("fibular")
    expect(page.locator("#search-results")).to_contain_text("Common peroneal (fibular) nerve")  # while typing
    page.wait_for_url("**q=fibular**")
    assert_no_axe_violations(page)

    page.locator("#search-results").get_by_role("link", name="Common peroneal (fibular) nerve", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Common peroneal (fibular) nerve")
    expect(page.locator(".pathway-wrap svg")).to_be_visible()
    page.get_by_text("The same as a table").click()
    expect(page.locator(".text-equivalent table")).to_contain_text("Tibialis anterior")
    assert_no_axe_violations(page)

    page.locator("#conditions-heading + ul").get_by_role(
        "link", name="Common peroneal (fibular) neuropathy at the fibular head"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("peroneal")
    assert "/conditions/common-peroneal-palsy/" in page.url
    assert_no_axe_violations(page)

    expect(page.locator("#cases-heading")).to_have_count(0)  # no case named under its answer to a new reader
    page.goto("/cases/")
    page.locator(".case-cards a").first.click()
    page.wait_for_url("**/cases/*/")
    expect(page.locator("#step-1")).to_be_visible()
    assert page.console_errors == []


def test_reference_pages_have_no_axe_violations_and_fit_a_phone(phone_page, live_content):
    for path in (
        "/anatomy/",
        "/conditions/",
        "/sources/ilive-unilateral-leg-weakness/",
        "/anatomy/l5-root/",
        "/conditions/als/",
    ):
        phone_page.goto(path)
        assert phone_page.evaluate("document.documentElement.scrollWidth") <= 320, path
        assert_no_axe_violations(phone_page)


def test_the_pathway_diagram_is_navigable_by_keyboard(page, live_content):
    page.goto("/anatomy/tibial-nerve/")
    link = page.locator(".pathway-wrap svg a").first
    link.focus()
    expect(link).to_be_focused()
    href = link.get_attribute("href")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{href}")


@pytest.mark.skipif(
    connection.vendor == "postgresql", reason="accessibility does not depend on the database: checked on SQLite"
)
def test_every_reference_page_is_axe_clean(page, live_content):
    from knowledge.models import Condition, Source, Structure

    paths = ["/anatomy/", "/conditions/", "/sources/", "/search/?q=nerve", "/cases/"]
    paths += [f"/anatomy/{slug}/" for slug in Structure.objects.values_list("slug", flat=True)]
    paths += [f"/conditions/{slug}/" for slug in Condition.objects.values_list("slug", flat=True)]
    paths += [f"/sources/{slug}/" for slug in Source.objects.values_list("slug", flat=True)]
    for path in paths:
        page.goto(path)
        assert_no_axe_violations(page)
    assert page.console_errors == []
