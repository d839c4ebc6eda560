from pathlib import Path

from playwright.sync_api import expect

from cases.models import Case, Option
from tests.browser.axe import assert_no_axe_violations

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"


def peroneal_case(mode="choice"):
    """The shipped foot drop from a common peroneal palsy: whatever its slug, it is the case whose
    site step's answer is that nerve, the step a choice or open."""
    cases = Case.objects.published().filter(
        steps__kind="site",
        steps__mode=mode,
        steps__options__correct=True,
        steps__options__structure__slug="common-peroneal-nerve",
    )
    return cases.order_by("slug").values_list("slug", flat=True).first()


def tab_to(page, selector, limit=200):
    """Press Tab until the focused element matches the selector: the keyboard user's way there."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(selector) => document.activeElement.matches(selector)", selector):
            return
    raise AssertionError(f"could not reach {selector} with the Tab key")


def choose_with_arrows(page, number, label):
    """In a focused radio group, press the down arrow until the wanted option is checked."""
    for _ in range(10):
        checked = page.locator(f"#step-{number} input[name=option]:checked")
        if checked.count() and checked.evaluate("input => input.parentElement.textContent.trim()").startswith(label):
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"could not choose {label!r}")


def test_a_keyboard_user_plays_a_whole_case_with_feedback_announced_and_axe_clean(page, live_content):
    case = peroneal_case()
    page.goto(f"/cases/{case}/")
    assert_no_axe_violations(page)
    steps = Option.objects.filter(step__case__slug=case, correct=True).order_by("step__number")
    wrong_first = Option.objects.filter(step__case__slug=case, step__number=1, correct=False).first()

    # Step 1, first wrong then right: a wrong answer may be tried again.
    tab_to(page, "#step-1 input[name=option]")
    choose_with_arrows(page, 1, wrong_first.label)
    page.keyboard.press("Enter")
    expect(page.locator("#feedback-1")).to_be_focused()
    expect(page.locator("#feedback-1")).to_contain_text("Not right")
    assert page.locator("#feedback-1").get_attribute("role") == "status"
    assert_no_axe_violations(page)

    for right in steps:
        number = right.step.number
        tab_to(page, f"#step-{number} input[name=option]")
        choose_with_arrows(page, number, right.label)
        page.keyboard.press("Enter")
        expect(page.locator(f"#feedback-{number}")).to_be_focused()
        expect(page.locator(f"#feedback-{number}")).to_contain_text("Right")
        assert_no_axe_violations(page)

    tab_to(page, "#case-end button")
    page.keyboard.press("Enter")
    expect(page.locator("#summary")).to_be_visible()
    expect(page.locator("#summary")).to_be_focused()
    expect(page.locator(".score")).to_contain_text(f"of {steps.count()}")
    assert_no_axe_violations(page)
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "case-summary.png"), full_page=True)
    assert page.console_errors == []


def test_a_case_plays_without_javascript(browser, live_server, live_content):
    case = peroneal_case()
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"/cases/{case}/")
    for right in Option.objects.filter(step__case__slug=case, correct=True).order_by("step__number"):
        page.locator(f"#step-{right.step.number}").get_by_label(right.label, exact=False).first.check()
        page.locator(f"#step-{right.step.number}").get_by_role("button").click()
        expect(page.locator(f"#feedback-{right.step.number}")).to_contain_text("Right")
    page.get_by_role("button", name="Finish and see the summary").click()
    expect(page.locator("#summary")).to_contain_text("You answered")
    context.close()


def test_the_case_page_fits_a_320_pixel_phone(phone_page, live_content):
    case = peroneal_case()
    phone_page.goto(f"/cases/{case}/")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_no_axe_violations(phone_page)
