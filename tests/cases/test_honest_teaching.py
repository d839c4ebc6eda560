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
from cases.picks import Pick, judge, pickable
from knowledge.graph import get_engine
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


def open_picks(case, step, engine):
    """What a learner might pick at an open step: every site the case wrote an option for, the
    localizer's first five, and the first site of every level; the wrong ones first (the answer's own
    site last, since picking it, at whatever segment, names it)."""
    options = list(step.options.select_related("structure"))
    picks = [Pick(option.structure.slug, option.segment) for option in options]
    picks += [Pick(found.site) for found in engine.localize(case.findings()).candidates[:5]]
    picks += [Pick(group["sites"][0]["value"]) for group in pickable(engine)]
    answer = next(option for option in options if option.correct).structure.slug
    verdicts = {pick: judge(engine, case.findings(), options, pick) for pick in dict.fromkeys(picks)}
    wrong = [pick for pick, verdict in verdicts.items() if not verdict.counts_as_right]
    right = next(option for option in options if option.correct)
    return [*sorted(wrong, key=lambda pick: pick.site == answer), Pick(right.structure.slug, right.segment)]


def play_every_option(client, case, engine=None):
    """Answer every step, each wrong option (or, at an open step, each wrong pick) first, then the
    right one; return, per step number, the text of the feedback of every answer given there, and
    per open step the feedback of the picks that were not right and not the answer's own site."""
    shown, open_wrong = {}, {}

    def choose(client, step, option=None, pick=None):
        answer = {"option": option.key} if option else {"site": pick.value}
        response = client.post(f"/cases/{case.slug}/steps/{step.number}/", answer, headers={"HX-Request": "true"})
        assert response.status_code == 200, (case.slug, step.number, answer)
        text = text_of(response.content.decode(), f"feedback-{step.number}")
        shown.setdefault(step.number, []).append(text)
        return text

    steps = list(case.steps.order_by("number"))
    engine = engine or get_engine()
    for step in steps:
        if step.mode == "open":
            answer = step.options.get(correct=True).structure.slug
            for pick in open_picks(case, step, engine):
                text = choose(client, step, pick=pick)
                if pick.site != answer and "Right:" not in text:
                    open_wrong.setdefault(step.number, []).append(text)
            continue
        for option in sorted(step.options.all(), key=lambda option: option.counts_as_right):
            if not option.accepted:
                choose(client, step, option)
    # An accepted alternative finishes its step too: another learner plays up to it and chooses it.
    for step in steps:
        for option in [option for option in step.options.all() if option.accepted]:
            other = Client()
            for earlier in steps[: steps.index(step)]:  # earlier steps are choices: only a site step is open
                other.post(
                    f"/cases/{case.slug}/steps/{earlier.number}/",
                    {"option": earlier.options.get(correct=True).key},
                )
            if step.mode == "open":
                choose(other, step, pick=Pick(option.structure.slug, option.segment))
            else:
                choose(other, step, option)
    return shown, open_wrong


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
            feedback, open_wrong = play_every_option(client, case)
            results[case.slug] = {"before": before, "feedback": feedback, "open_wrong": open_wrong}
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


def test_no_feedback_to_a_wrong_pick_at_an_open_step_names_its_answer(played):
    leaks, checked = [], 0
    for case in published_cases():
        answers = correct_options(case)
        for number, texts in played[case.slug]["open_wrong"].items():
            for text in texts:
                checked += 1
                found = names_in(text, answer_names(answers[number]))
                if found:
                    leaks.append(f"{case.slug}: a wrong pick at step {number} names its answer {found}: {text[:200]}")
    assert checked > 300
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
        right = answers[number]
        given = {"site": right.structure.slug} if right.step.mode == "open" else {"option": right.key}
        learner.post(f"/cases/{case.slug}/steps/{number}/", given)
    assert learner.post(f"/cases/{case.slug}/finish/").status_code == 302
    page = f"/anatomy/{answers[2].structure.slug}/" if answers.get(2) and answers[2].structure else None
    page = page or f"/conditions/{answers[3].condition.slug}/"
    assert case.title in unescape(learner.get(page).content.decode())
    assert case.title not in unescape(Client().get(page).content.decode())
