from playwright.sync_api import expect

from tests.browser.axe import assert_no_axe_violations


def test_ticking_findings_updates_the_ranked_sites_and_the_address(page, live_content):
    page.goto("/localize/")
    assert_no_axe_violations(page)
    result = page.locator("#localize-result")
    assert "Mark at least one finding" in result.inner_text()

    page.get_by_role("group", name="Ankle dorsiflexion (foot up)").get_by_label("Weak").check()
    page.locator("#localize-result ol").first.wait_for()
    page.get_by_role("group", name="Foot inversion").get_by_label("Normal").check()
    page.get_by_role("group", name="Hip abduction").get_by_label("Normal").check()
    page.get_by_text("Sensation by area").click()
    page.get_by_role("group", name="Dorsum of the foot").get_by_label("Reduced").check()
    expect(page.locator("#localize-result li h3").first).to_contain_text("Common peroneal")
    first = page.locator("#localize-result li").first
    assert "Common peroneal (fibular) nerve" in first.inner_text()
    page.wait_for_url("**movement.foot-inversion=normal**")

    page.reload()
    assert "Common peroneal (fibular) nerve" in page.locator("#localize-result li").first.inner_text()
    assert page.get_by_role("group", name="Foot inversion").get_by_label("Normal").is_checked()
    assert_no_axe_violations(page)
    assert page.console_errors == []


def test_the_localizer_works_without_javascript(browser, live_server, live_content):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/localize/")
    page.get_by_role("group", name="Ankle plantarflexion (foot down)").get_by_label("Weak").check()
    page.get_by_role("button", name="Localize").click()
    page.wait_for_url("**movement.ankle-plantarflexion=weak**")
    assert page.locator("#localize-result li").count() > 0
    context.close()


def test_a_keyboard_user_marks_a_finding_and_hears_the_result(page, live_content):
    page.goto("/localize/")
    page.get_by_role("group", name="Hip flexion").get_by_label("Not tested").focus()
    page.keyboard.press("ArrowRight")  # radio group: the arrow key moves to and selects "Weak"
    assert page.get_by_role("group", name="Hip flexion").get_by_label("Weak").is_checked()
    page.locator("#localize-result ol").first.wait_for()
    assert page.locator("#localize-result").get_attribute("aria-live") == "polite"


def test_the_localizer_fits_a_320_pixel_phone(phone_page, live_content):
    phone_page.goto("/localize/?movement.ankle-dorsiflexion=weak")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_no_axe_violations(phone_page)


def test_a_click_or_a_key_on_the_body_map_marks_an_area(page, live_content):
    page.goto("/localize/?movement.foot-eversion=weak")
    region = page.locator('[data-area-toggle="dorsum-of-foot"]')
    expect(region).to_have_attribute("role", "button")
    region.click()
    expect(page.get_by_role("group", name="Dorsum of the foot").get_by_label("Reduced")).to_be_checked()
    expect(region).to_have_class("map-area map-lost")
    expect(page.locator("#localize-result li h3").first).to_contain_text("Superficial peroneal")
    region.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("group", name="Dorsum of the foot").get_by_label("Normal")).to_be_checked()
    expect(region).to_have_attribute("aria-label", "Dorsum of the foot: normal. Press to change.")
    page.wait_for_url("**area.dorsum-of-foot=normal**")
    assert_no_axe_violations(page)


def test_a_reader_weighs_the_evidence_of_the_whole_patient(page, live_content):
    """Other findings marked absent, the evidence table opened by keyboard, axe clean."""
    page.goto("/localize/?movement.knee-extension=weak&movement.hip-flexion=normal&reflex.knee-jerk=absent")
    expect(page.get_by_text("The whole patient: other findings and history")).to_be_visible()  # open: findings given
    page.get_by_role("group", name="Back pain").get_by_label("Absent").check()
    page.wait_for_url("**other.back-pain=absent**")
    first = page.locator("#localize-result li").first
    expect(first.locator("h3")).to_contain_text("Femoral nerve")
    expect(first.locator("h3")).to_contain_text("at or below the inguinal ligament")
    first.locator("summary").focus()
    page.keyboard.press("Enter")
    expect(first.locator("table")).to_be_visible()
    expect(first.locator("tr.for").first).to_contain_text("+")
    expect(page.locator("#localize-result .why-not")).to_contain_text("Why not the")
    assert_no_axe_violations(page)
    assert page.console_errors == []
