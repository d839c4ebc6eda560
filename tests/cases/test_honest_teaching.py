"""No shipped case gives an answer away: every case is played through the real views, every option
of every step chosen, and nothing a student can read before answering a step (the case card and
title, the stem and examination, the feedback of every option of the earlier steps, the reference
pages and search) names that step's answer.

An answer is the correct option's label and the name and synonyms of what it points to (for a
level step, the level's name); names are matched as whole words, acronyms (ALS, GBS) by case.
"""

import re
from html import unescape
from html.parser import HTMLParser

import pytest
from django.test import Client

from cases.models import Case, Option
from knowledge.models import Level

pytestmark = pytest.mark.usefixtures("content")

# Words too common in any stem to count as naming a level ("the muscles of the thigh").
COMMON_WORDS = {"muscle"}


class ElementText(HTMLParser):
    """The text inside the element with a given id (nested elements included)."""

    def __init__(self, element_id):
        super().__init__()
        self.element_id, self.depth, self.parts = element_id, 0, []

    def handle_starttag(self, tag, attrs):
        if self.depth:
            self.depth += 1 if tag not in ("br", "img", "input", "meta", "link", "hr") else 0
        elif dict(attrs).get("id") == self.element_id:
            self.depth = 1

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.parts.append(data)


def text_of(html, element_id):
    parser = ElementText(element_id)
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def answer_names(option):
    target = option.structure or option.condition or option.investigation
    names = [option.label]
    if target is not None:
        names += [target.name, *getattr(target, "synonyms", [])]
    if option.level:
        names.append(Level(option.level).label)
    return [name for name in names if name.lower() not in COMMON_WORDS]


def names_in(text, names):
    found = []
    for name in names:
        flags = 0 if name.isupper() else re.IGNORECASE  # ALS names the disease; "als" does not
        if re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text, flags):
            found.append(name)
    return found


def correct_options(case):
    options = Option.objects.filter(step__case=case, correct=True).select_related(
        "step", "structure", "condition", "investigation"
    )
    return {option.step.number: option for option in options}


def play_every_option(client, case):
    """Answer every step, each wrong option first, then the right one; return, per step number,
    the text of the feedback of every option chosen there."""
    shown = {}

    def choose(client, step, option):
        response = client.post(
            f"/cases/{case.slug}/steps/{step.number}/", {"option": option.key}, headers={"HX-Request": "true"}
        )
        assert response.status_code == 200, (case.slug, step.number, option.label)
        shown.setdefault(step.number, []).append(text_of(response.content.decode(), f"feedback-{step.number}"))

    steps = list(case.steps.order_by("number"))
    for step in steps:
        for option in sorted(step.options.all(), key=lambda option: option.counts_as_right):
            if not option.accepted:
                choose(client, step, option)
    # An accepted alternative finishes its step too: another learner plays up to it and chooses it.
    for step in steps:
        for option in [option for option in step.options.all() if option.accepted]:
            other = Client()
            for earlier in steps[: steps.index(step)]:
                other.post(
                    f"/cases/{case.slug}/steps/{earlier.number}/",
                    {"option": earlier.options.get(correct=True).key},
                )
            choose(other, step, option)
    return shown


@pytest.fixture(scope="module")
def played(django_db_blocker, content):
    """Every published case played once through, by one visitor per case."""
    with django_db_blocker.unblock():
        results = {}
        for case in Case.objects.published().order_by("slug"):
            client = Client()
            page = client.get(f"/cases/{case.slug}/").content.decode()
            stem_and_examination = page.split('<section class="stem"')[1].split('<section id="steps"')[0]
            before = " ".join(
                [
                    case.title,
                    case.slug.replace("-", " "),
                    *case.topics,
                    unescape(re.sub(r"<[^>]+>", " ", stem_and_examination)),
                ]
            )
            results[case.slug] = {"before": before, "feedback": play_every_option(client, case)}
        return results


def published_cases():
    return list(Case.objects.published().order_by("slug"))


def test_every_case_is_played(played):
    assert len(played) == Case.objects.published().count() >= 30
    for slug, result in played.items():
        assert result["feedback"], slug


def test_no_title_card_stem_or_examination_names_an_answer(played):
    leaks = []
    for case in published_cases():
        for number, option in correct_options(case).items():
            found = names_in(played[case.slug]["before"], answer_names(option))
            if found:
                leaks.append(f"{case.slug} step {number}: {found}")
    assert leaks == []


def test_no_feedback_of_an_earlier_step_names_a_later_answer(played):
    leaks = []
    for case in published_cases():
        answers = correct_options(case)
        feedback = played[case.slug]["feedback"]
        for number, option in answers.items():
            for earlier in range(1, number):
                for text in feedback.get(earlier, []):
                    found = names_in(text, answer_names(option))
                    if found:
                        leaks.append(f"{case.slug}: step {earlier} feedback names step {number}'s answer {found}")
    assert leaks == []


def test_no_title_says_pair_or_case_a_or_b():
    for case in published_cases():
        assert not re.search(r"\bpair\b|\bcase [AB]\b", case.title, re.IGNORECASE), case.title
        assert "pair" not in case.slug, case.slug


def test_topics_name_no_level(played):
    levels = {level.lower() for level in Level.values} | {label.lower() for label in Level.labels}
    for case in published_cases():
        assert not levels & {topic.replace("-", " ") for topic in case.topics} | levels & set(case.topics), case.slug


def test_reference_pages_and_search_do_not_list_a_case_under_its_answer_until_it_is_finished(played):
    visitor = Client()
    for case in published_cases():
        answers = correct_options(case)
        pages = []
        if answers.get(2) and answers[2].structure:
            pages.append(f"/anatomy/{answers[2].structure.slug}/")
        if answers.get(3) and answers[3].condition:
            pages.append(f"/conditions/{answers[3].condition.slug}/")
        for page in pages:
            assert case.title not in unescape(visitor.get(page).content.decode()), (case.slug, page)
        if answers.get(3) and answers[3].condition:
            hits = visitor.get("/search/", {"q": answers[3].condition.name}).content.decode()
            assert f'href="/cases/{case.slug}/"' not in hits, case.slug


def test_a_case_is_listed_on_the_reference_pages_of_its_answers_once_finished(played):
    case = published_cases()[0]
    answers = correct_options(case)
    learner = Client()
    for number in sorted(answers):
        learner.post(f"/cases/{case.slug}/steps/{number}/", {"option": answers[number].key})
    assert learner.post(f"/cases/{case.slug}/finish/").status_code == 302
    page = f"/anatomy/{answers[2].structure.slug}/" if answers.get(2) and answers[2].structure else None
    page = page or f"/conditions/{answers[3].condition.slug}/"
    assert case.title in unescape(learner.get(page).content.decode())
    assert case.title not in unescape(Client().get(page).content.decode())
