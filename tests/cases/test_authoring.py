"""Authoring in the admin (for instructors): a case with its steps and options inline, checks shown
and run on save (a case failing them stays a draft), a preview as a student sees it, and export
and import in the content format."""

import io
import re
import zipfile
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.urls import reverse

from cases.authoring import check_case
from cases.models import Case, Option
from knowledge.graph import get_engine
from teaching.permissions import instructors_group
from tests.factories import make_case, make_user

pytestmark = pytest.mark.usefixtures("content")
SHIPPED = "a-foot-that-slaps-on-the-floor"


@pytest.fixture
def author(client, db):
    user = make_user(username="author", is_staff=True)
    user.groups.add(instructors_group())
    client.force_login(user)
    return client


class FormValues(HTMLParser):
    """The values a browser would submit from the page's main form, as a list of (name, value)."""

    def __init__(self):
        super().__init__()
        self.values, self.select, self.textarea = [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "file", "button"):
            if attrs.get("type") in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.values.append((name, attrs.get("value", "on")))
            else:
                self.values.append((name, attrs.get("value", "")))
        elif tag == "select" and name:
            self.select = name
        elif tag == "option" and self.select and "selected" in attrs:
            self.values.append((self.select, attrs.get("value", "")))
        elif tag == "textarea" and name:
            self.textarea = [name, ""]

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea:
            self.values.append(tuple(self.textarea))
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.textarea[1] += data


def form_of(html):
    parser = FormValues()
    parser.feed(html[html.index('id="case_form"') :])
    data = {}
    for name, value in parser.values:
        data.setdefault(name, []).append(value.lstrip("\n") if name == "examination" or "feedback" in name else value)
    return data


def test_a_case_opens_with_its_steps_and_options_inline_and_its_checks(author):
    case = Case.objects.get(slug=SHIPPED)
    html = author.get(reverse("admin:cases_case_change", args=[case.pk])).content.decode()
    for option in Option.objects.filter(step__case=case):
        assert f'value="{option.label}"'.replace("'", "&#x27;") in html or option.label in html
    assert "Every check passes: students may see it." in html
    assert reverse("admin:cases_case_preview", args=[case.pk]) in html
    assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")", html)


def test_the_checks_find_what_a_student_would_suffer(db):
    case = make_case()
    engine = get_engine()
    assert check_case(case, engine).problems == []
    site = Option.objects.get(step__case=case, step__number=2, correct=True)
    Case.objects.filter(pk=case.pk).update(title=f"A foot drop: {site.label.lower()}")
    Option.objects.filter(step__case=case, step__number=1, correct=True).update(correct=False)
    Option.objects.filter(step__case=case, step__number=1, label="Root").update(feedback=" ")
    examination = dict(case.examination, power={"hip-abduction": 2, "ankle-dorsiflexion": 2, "foot-inversion": 2})
    Case.objects.filter(pk=case.pk).update(examination=examination)
    report = check_case(Case.objects.get(pk=case.pk), engine)
    text = " ".join(report.problems)
    assert "Step 1 (level of the lesion) has 0 correct options: it needs exactly one." in text
    assert "“Root” has no feedback" in text
    assert "The title or topics name the answer of step 2" in text
    assert "does not put the lesion at Common peroneal" in text and "the localizer ranks" in text
    assert len(report.candidates) == 3 and report.candidates[0]["evidence"]


def test_saving_a_case_that_fails_its_checks_keeps_it_a_draft(author):
    case = Case.objects.get(slug=SHIPPED)
    url = reverse("admin:cases_case_change", args=[case.pk])
    data = form_of(author.get(url).content.decode())
    data["title"] = ["A common peroneal palsy at the fibular head"]
    response = author.post(url, data, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Not published" in page and "The title or topics name the answer" in page
    case.refresh_from_db()
    assert not case.published and case.title.startswith("A common peroneal palsy")
    assert author.get(f"/cases/{case.slug}/").status_code == 404  # students no longer see it


def test_saving_a_good_case_keeps_it_published(author):
    case = Case.objects.get(slug=SHIPPED)
    url = reverse("admin:cases_case_change", args=[case.pk])
    data = form_of(author.get(url).content.decode())
    data["stem"] = [data["stem"][0].replace("\r\n", "\n") + "\nHe is right-handed."]
    response = author.post(url, data, follow=True)
    case.refresh_from_db()
    assert "right-handed" in case.stem and case.published, response.content.decode()[:2000]


def test_an_examination_that_is_not_valid_is_refused_with_a_message(author):
    case = Case.objects.get(slug=SHIPPED)
    url = reverse("admin:cases_case_change", args=[case.pk])
    data = form_of(author.get(url).content.decode())
    data["examination"] = ['{"power": {"wiggling": 3}}']
    response = author.post(url, data)
    assert response.status_code == 200 and "The examination is not valid" in response.content.decode()
    data["examination"] = ['{"smell": []}']
    assert "Unknown keys: smell" in author.post(url, data).content.decode()


def test_the_preview_shows_a_draft_as_a_student_would_see_it(author, client):
    case = make_case(slug="a-draft", published=False)
    html = author.get(reverse("admin:cases_case_preview", args=[case.pk])).content.decode()
    assert "Preview</strong> of a draft case" in html and "<strong>slapping</strong>" in html
    assert "At what level is the lesion?" in html and "SECRET" not in html
    student = make_user(username="student")
    client.force_login(student)
    assert client.get(reverse("admin:cases_case_preview", args=[case.pk])).status_code in (302, 403)


def test_export_gives_the_content_files(author):
    cases = Case.objects.filter(slug__in=[SHIPPED, "a-weak-push-off-when-walking"])
    response = author.post(
        reverse("admin:cases_case_changelist"),
        {"action": "export_selected", "_selected_action": [case.pk for case in cases]},
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == [f"cases/{SHIPPED}.yaml", "cases/a-weak-push-off-when-walking.yaml"]
    shipped = (settings.CASE_CONTENT_DIR / f"{SHIPPED}.yaml").read_bytes()
    assert archive.read(f"cases/{SHIPPED}.yaml") == shipped


def test_import_updates_and_creates_cases_all_or_nothing(author):
    url = reverse("admin:cases_case_import")
    assert author.get(url).status_code == 200
    text = (settings.CASE_CONTENT_DIR / f"{SHIPPED}.yaml").read_text(encoding="utf-8")
    changed = text.replace("title: A foot that slaps on the floor", "title: A foot that slaps on the stairs")
    new = changed.replace(f"slug: {SHIPPED}", "slug: a-new-case").replace("published: true", "published: false")
    upload = io.BytesIO()
    with zipfile.ZipFile(upload, "w") as archive:
        archive.writestr("cases/a-new-case.yaml", new)
    files = [_file(f"{SHIPPED}.yaml", changed.encode()), _file("bundle.zip", upload.getvalue())]
    response = author.post(url, {"files": files})
    assert response.status_code == 302
    assert Case.objects.get(slug=SHIPPED).title == "A foot that slaps on the stairs"
    assert Case.objects.get(slug="a-new-case").steps.count() == 4

    broken = changed.replace("title: A foot that slaps on the stairs", "title: Broken")
    broken = broken.replace("side: right", "side: both")
    response = author.post(url, {"files": [_file("a-new-case.yaml", new.replace("draft", "x").encode()),
                                           _file(f"{SHIPPED}.yaml", broken.encode())]})  # fmt: skip
    assert response.status_code == 400 and "&#x27;side&#x27; must be one of left, right" in response.content.decode()
    assert Case.objects.get(slug=SHIPPED).title == "A foot that slaps on the stairs"  # nothing imported
    response = author.post(url, {"files": [_file("notes.txt", b"hello")]})
    assert response.status_code == 400 and "give case files" in response.content.decode()


def _file(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)
