"""An instructor, in Chromium: checks and edits a case in the admin and previews it; makes a
cohort and an exam assignment; a student joins and sits it without feedback; the instructor reads
the item analysis. axe on every page of ours (the admin's own pages are Django's)."""

import re

from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from cases.models import Case, Option
from teaching.permissions import instructors_group
from tests.browser.axe import assert_no_axe_violations
from tests.factories import make_user

PASSWORD = "a long and private passphrase"


def sign_in(page, user):
    page.goto("/accounts/login/")
    page.get_by_label("Email:").fill(user.email)
    page.get_by_label("Password:").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()


def test_an_instructor_authors_sets_an_exam_and_reads_the_item_analysis(browser, live_server, live_content):
    teacher = make_user(username="teacher", password=PASSWORD, is_staff=True)
    teacher.groups.add(instructors_group())
    student = make_user(username="student", password=PASSWORD)
    case = Case.objects.get(slug="a-foot-that-slaps-on-the-floor")

    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    sign_in(page, teacher)
    page.goto(f"/admin/cases/case/{case.pk}/change/")
    expect(page.locator(".field-checks")).to_contain_text("Every check passes")
    # Django's bundled select2 (the autocomplete widget) has known axe violations of its own
    # (unnamed comboboxes, a list holding spans): checked everywhere but inside it.
    assert_no_axe_violations(page, context={"exclude": [[".select2-container"]]})
    page.locator("#id_stem").fill(case.stem + "\nHe is right-handed.")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    page.get_by_role("link", name="Preview as a student").click()
    expect(page.locator(".preview-banner")).to_contain_text("Preview")
    expect(page.locator(".stem")).to_contain_text("right-handed")
    assert_no_axe_violations(page)

    page.goto("/teach/")
    assert_no_axe_violations(page)
    page.get_by_label(re.compile("Name of the cohort")).fill("Neuro block")
    page.get_by_role("button", name="Make the cohort").click()
    expect(page.locator("h1")).to_have_text("Neuro block")
    assert_no_axe_violations(page)
    join_link = page.locator("main a[href*='/join/']").first.get_attribute("href")
    page.get_by_label("Title").fill("Foot drop exam")
    page.get_by_label(re.compile("Due")).fill("2030-06-30T17:00")
    page.get_by_role("radio", name=re.compile("Exam")).check()
    page.get_by_role("checkbox", name=case.title).check()
    page.get_by_role("button", name="Set the assignment").click()
    expect(page.locator("h1")).to_have_text("Foot drop exam")
    assistant_url = page.url

    learner = browser.new_context(base_url=live_server.url).new_page()
    sign_in(learner, student)
    learner.goto(join_link)
    assert_no_axe_violations(learner)
    learner.get_by_role("button", name=re.compile("^Join")).click()
    expect(learner.locator("main")).to_contain_text("Foot drop exam")
    assert_no_axe_violations(learner)
    learner.goto(f"/cases/{case.slug}/")
    wrong = Option.objects.filter(step__case=case, step__number=1, correct=False).first()
    learner.locator("#step-1").get_by_label(wrong.label, exact=True).check()
    learner.locator("#step-1").get_by_role("button", name="Answer").click()
    expect(learner.locator("#feedback-1")).to_contain_text("Answer recorded")
    expect(learner.locator("#feedback-1")).not_to_contain_text("Not right")
    assert_no_axe_violations(learner)

    page.goto(assistant_url)
    expect(page.locator("main")).to_contain_text("Facility")
    expect(page.locator("main")).to_contain_text("fewer than 20: caution")
    expect(page.locator(".misconception-map")).to_be_visible() if wrong.structure_id else None
    assert_no_axe_violations(page)
    context.close()


def test_the_teaching_pages_fit_a_320_pixel_phone(phone_page, live_content):
    from teaching.demo import make_demo_cohort

    assignment = make_demo_cohort(students=25, cases=3, seed=2, owner_email="phone-teacher@example.org")
    teacher = assignment.cohort.owner
    teacher.set_password(PASSWORD)
    teacher.save()
    EmailAddress.objects.create(user=teacher, email=teacher.email, primary=True, verified=True)
    sign_in(phone_page, teacher)
    expect(phone_page).to_have_url(re.compile(r"/me/$"))
    for url in ["/teach/", assignment.cohort.get_absolute_url(), assignment.get_absolute_url(), "/join/"]:
        phone_page.goto(url)
        assert phone_page.url.endswith(url), phone_page.url
        assert phone_page.evaluate("document.documentElement.scrollWidth") <= 320, url
        assert_no_axe_violations(phone_page)
