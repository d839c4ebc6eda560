"""A new student, in Chromium: signs up (the verification mail read from the outbox), plays a case,
misses a step, and finds and answers it in the review queue; axe on every page, and the learner's
pages at 320 px."""

import re

from playwright.sync_api import expect

from cases.models import Case, Option
from tests.browser.axe import assert_no_axe_violations

PASSWORD = "a long and private passphrase"


def test_a_student_signs_up_misses_a_step_and_reviews_it(page, live_content, mailoutbox):
    page.goto("/")
    page.get_by_role("link", name="Sign up").first.click()
    expect(page).to_have_url(re.compile(r"/accounts/signup/$"))
    assert_no_axe_violations(page)
    page.get_by_label("Email").fill("student@example.org")
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again):").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    expect(page).to_have_url(re.compile(r"/accounts/confirm-email/$"))
    assert_no_axe_violations(page)

    (message,) = mailoutbox
    link = re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)
    page.goto(link)
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Confirm").click()
    expect(page).to_have_url(re.compile(r"/me/$"))
    expect(page.locator(".site-header")).to_contain_text("Signed in as student@example.org")
    assert_no_axe_violations(page)

    case = Case.objects.published().order_by("slug").first()
    wrong = Option.objects.filter(step__case=case, step__number=1, correct=False, accepted=False).first()
    right = Option.objects.get(step__case=case, step__number=1, correct=True)
    page.goto(f"/cases/{case.slug}/")
    page.locator("#step-1").get_by_label(wrong.label, exact=True).check()
    page.locator("#step-1").get_by_role("button", name="Answer").click()
    expect(page.locator("#feedback-1")).to_contain_text("Not right")

    page.goto("/")
    expect(page.locator(".site-header")).to_contain_text("Review 1 due")
    assert_no_axe_violations(page)
    page.locator(".site-header").get_by_role("link", name=re.compile("^Review")).click()
    expect(page).to_have_url(re.compile(r"/me/review/\d+/$"))
    expect(page.locator(".stem")).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_label(right.label, exact=True).focus()
    page.keyboard.press("Space")
    page.keyboard.press("Enter")
    expect(page.locator("#feedback")).to_contain_text("Right")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Good: I knew it").click()
    expect(page.locator(".next-due")).to_contain_text("Rated good: this step comes back")
    assert_no_axe_violations(page)

    page.goto("/me/review/")
    expect(page.locator("main")).to_contain_text("Nothing is due now")
    assert_no_axe_violations(page)
    page.goto("/me/")
    expect(page.locator("main")).to_contain_text("0 of 1")
    assert_no_axe_violations(page)
    assert page.console_errors == []


def test_the_account_pages_are_axe_clean_and_fit_a_phone(phone_page, live_content):
    for url in ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]:
        phone_page.goto(url)
        assert phone_page.evaluate("document.documentElement.scrollWidth") <= 320, url
        assert_no_axe_violations(phone_page)


def test_a_keyboard_user_signs_in_and_every_page_of_theirs_is_axe_clean_at_320_pixels(phone_page, live_content):
    from tests.factories import make_user

    user = make_user(username="keyboard", password=PASSWORD)
    page = phone_page
    page.goto("/accounts/login/")
    page.get_by_label("Email:").focus()
    page.keyboard.type(user.email)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/me/$"))
    case = Case.objects.published().order_by("slug").first()
    page.goto(f"/cases/{case.slug}/")
    wrong = Option.objects.filter(step__case=case, step__number=1, correct=False, accepted=False).first()
    page.locator("#step-1").get_by_label(wrong.label, exact=True).check()
    page.locator("#step-1").get_by_role("button", name="Answer").click()
    expect(page.locator("#feedback-1")).to_contain_text("Not right")  # /me/review/ then opens its item
    for url in [
        "/me/",
        "/me/data/",
        "/me/delete/",
        "/me/review/",
        "/accounts/password/change/",
        "/accounts/email/",
        "/accounts/logout/",
    ]:
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, url
        assert_no_axe_violations(page)
    page.goto("/me/")
    page.get_by_role("link", name=case.title).click()
    expect(page).to_have_url(re.compile(r"/me/attempts/\d+/$"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_no_axe_violations(page)
