from tests.browser.axe import assert_no_axe_violations


def test_keyboard_user_skips_to_content_and_moves_through_the_navigation(page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.inner_text() == "Skip to main content"
    assert skip.is_visible()

    page.keyboard.press("Tab")
    assert page.locator(":focus").inner_text() == "Legweak"
    seen = []
    for _ in range(4):
        page.keyboard.press("Tab")
        seen.append(page.locator(":focus").inner_text())
    assert seen == ["Cases", "Reference", "Localizer", "Search"]

    page.goto("/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    assert_no_axe_violations(page)
    assert page.console_errors == []


def test_home_fits_a_320_pixel_phone_without_sideways_scrolling(phone_page):
    phone_page.goto("/")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320
    assert_no_axe_violations(phone_page)
