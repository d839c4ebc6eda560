"""An open site step in Chromium: picking on the pathway by keyboard, the search, the list without
JavaScript, the phone's width; axe on every state."""

from playwright.sync_api import expect

from cases.models import Option
from tests.browser.axe import assert_no_axe_violations
from tests.browser.test_case_play_browser import choose_with_arrows, peroneal_case, tab_to


def answer_the_level_by_keyboard(page, case):
    level = Option.objects.get(step__case__slug=case, step__number=1, correct=True)
    tab_to(page, "#step-1 input[name=option]")
    choose_with_arrows(page, 1, level.label)
    page.keyboard.press("Enter")
    expect(page.locator("#feedback-1")).to_be_focused()


def test_a_keyboard_user_picks_on_the_pathway_and_finds_the_site(page, live_content):
    case = peroneal_case("open")
    page.goto(f"/cases/{case}/")
    answer_the_level_by_keyboard(page, case)
    picker = page.locator("#step-2 [data-site-picker]")
    expect(picker).to_be_visible()  # the script shows the diagram
    assert_no_axe_violations(page)

    # A wrong pick: the L5 root, pressed on the diagram with the keyboard, then answered.
    tab_to(page, '#step-2 [data-pick="l5-root"]')
    page.keyboard.press("Enter")
    expect(page.locator('#step-2 [data-pick="l5-root"]')).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#step-2 [data-picked]")).to_have_text("Your pick: L5 nerve root.")
    assert page.locator("#site-step-select").input_value() == "l5-root"
    tab_to(page, "#step-2 button[type=submit]")
    page.keyboard.press("Enter")
    feedback = page.locator("#feedback-2")
    expect(feedback).to_be_focused()
    expect(feedback).to_contain_text("L5 nerve root")
    expect(feedback).not_to_contain_text("Right:")
    expect(feedback).not_to_contain_text("peroneal (fibular) nerve, at the fibular head")
    assert_no_axe_violations(page)

    # The search narrows the diagram and the list; the segment is picked on the diagram.
    tab_to(page, "#site-step-search")
    page.keyboard.type("fibular head")
    expect(page.locator('#step-2 [data-pick="l4-root"]')).to_be_hidden()
    tab_to(page, '#step-2 [data-pick="common-peroneal-nerve/at-the-fibular-head"]')
    page.keyboard.press("Space")
    tab_to(page, "#step-2 button[type=submit]")
    page.keyboard.press("Enter")
    expect(feedback).to_be_focused()
    expect(feedback).to_contain_text("Right:")
    expect(page.locator("#step-2 .pathway-result")).to_contain_text("the answer")
    expect(page.locator("#step-2 .pathway-result")).to_contain_text("your first pick")
    assert_no_axe_violations(page)
    assert page.console_errors == []


def test_an_open_step_works_without_javascript_from_the_list(browser, live_server, live_content):
    case = peroneal_case("open")
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"/cases/{case}/")
    level = Option.objects.get(step__case__slug=case, step__number=1, correct=True)
    page.locator("#step-1").get_by_label(level.label, exact=False).first.check()
    page.locator("#step-1").get_by_role("button").click()
    expect(page.locator("#step-2 [data-site-picker]")).to_be_hidden()  # no dead buttons without a script
    page.select_option("#site-step-select", "deep-peroneal-nerve")
    page.locator("#step-2").get_by_role("button", name="Answer").click()
    expect(page.locator("#feedback-2")).to_contain_text("Deep peroneal")
    page.locator("#step-2").get_by_role("button", name="Show me the answer").click()
    expect(page.locator("#feedback-2")).to_contain_text("The answer: Common peroneal")
    context.close()


def test_the_open_step_fits_a_320_pixel_phone(phone_page, live_content):
    case = peroneal_case("open")
    phone_page.goto(f"/cases/{case}/")
    level = Option.objects.get(step__case__slug=case, step__number=1, correct=True)
    phone_page.locator("#step-1").get_by_label(level.label, exact=False).first.check()
    phone_page.locator("#step-1").get_by_role("button").click()
    expect(phone_page.locator("#step-2 [data-site-picker]")).to_be_visible()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_no_axe_violations(phone_page)
    phone_page.locator('#step-2 [data-pick="common-peroneal-nerve"]').click()
    phone_page.locator("#step-2").get_by_role("button", name="Answer").click()
    expect(phone_page.locator("#feedback-2")).to_contain_text("Right:")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_no_axe_violations(phone_page)


def test_a_missed_open_step_is_reviewed_on_the_pathway_by_keyboard(phone_page, live_content):
    from tests.factories import make_user

    user = make_user(username="picker", password="a long and private passphrase")
    page = phone_page
    page.goto("/accounts/login/")
    page.get_by_label("Email:").fill(user.email)
    page.get_by_label("Password:").fill("a long and private passphrase")
    page.get_by_role("button", name="Sign In").click()
    case = peroneal_case("open")
    page.goto(f"/cases/{case}/")
    level = Option.objects.get(step__case__slug=case, step__number=1, correct=True)
    page.locator("#step-1").get_by_label(level.label, exact=False).first.check()
    page.locator("#step-1").get_by_role("button").click()
    page.locator('#step-2 [data-pick="motor-cortex"]').click()
    page.locator("#step-2").get_by_role("button", name="Answer").click()
    expect(page.locator("#feedback-2")).to_contain_text("Not right")

    page.goto("/me/review/")  # the missed site step is due at once
    expect(page.locator("[data-site-picker]")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_no_axe_violations(page)
    tab_to(page, '[data-pick="common-peroneal-nerve"]')
    page.keyboard.press("Enter")
    tab_to(page, "form button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.locator("#feedback")).to_contain_text("Right")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_no_axe_violations(page)


def test_a_keyboard_user_skips_the_diagram_and_answers_from_the_searched_list(page, live_content):
    case = peroneal_case("open")
    page.goto(f"/cases/{case}/")
    answer_the_level_by_keyboard(page, case)
    tab_to(page, "#step-2 .skip-diagram")
    page.keyboard.press("Enter")
    expect(page.locator("#site-step-search")).to_be_focused()
    page.keyboard.type("sciatic notch")
    page.keyboard.press("Tab")
    expect(page.locator("#site-step-select")).to_be_focused()
    page.keyboard.press("ArrowDown")  # the first, and only, site the search left
    assert page.locator("#site-step-select").input_value() == "sciatic-nerve/at-the-sciatic-notch"
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator("#feedback-2")).to_be_focused()
    expect(page.locator("#feedback-2")).to_contain_text("Sciatic nerve, at the sciatic notch")
    assert_no_axe_violations(page)
