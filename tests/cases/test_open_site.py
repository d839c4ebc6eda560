"""An open site step: the learner picks any site (or nerve segment) of the pathway, and the verdict
and feedback are worked out from the case's examination (cases.picks)."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cases.models import Attempt, Response, Step
from cases.play import PEER_THRESHOLD
from tests.factories import make_case, option

pytestmark = pytest.mark.usefixtures("content")

HTMX = {"HX-Request": "true"}


@pytest.fixture
def case(db):
    """The factory's peroneal palsy, its site step open, the answer at the fibular head."""
    case = make_case()
    Step.objects.filter(case=case, kind="site").update(mode="open")
    case.steps.get(kind="site").options.filter(correct=True).update(segment="at-the-fibular-head")
    return case


def to_site_step(client, case):
    assert client.post(f"/cases/{case.slug}/steps/1/", {"option": option(case, 1).key}).status_code == 302


def pick(client, case, value, htmx=True, **extra):
    data = {"site": value, **extra} if value is not None else dict(extra)
    return client.post(f"/cases/{case.slug}/steps/2/", data, headers=HTMX if htmx else {})


def text(response):
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def feedback(response):
    html = response.content.decode()
    return " ".join(re.sub(r"<[^>]+>", " ", html.split('id="feedback-2"')[1].split("<form")[0]).split())


def test_the_open_step_offers_every_site_grouped_by_level_and_names_no_answer(client, case):
    to_site_step(client, case)
    html = client.get(f"/cases/{case.slug}/").content.decode()
    step = html.split('id="step-2"')[1]
    assert 'name="option"' not in step  # the open step lists no options, but the pathway
    groups = re.findall(r'<optgroup label="([^"]+)">', step)
    assert groups[:3] == ["Brain", "Spinal cord", "Anterior horn"] and "Artery" in groups and "Muscle" in groups
    values = re.findall(r'<option value="([^"]+)">', step)
    assert len(values) == len(set(values)) > 60
    assert "common-peroneal-nerve/at-the-fibular-head" in values and "tibial-nerve/at-the-ankle" in values
    buttons = re.findall(r'<button type="button" class="picker-site[^"]*" data-pick="([^"]+)"', step)
    assert buttons == values  # every site of the list is a button on the diagram
    assert "SECRET-CPN-RIGHT" not in html and "the answer" not in step.lower()
    shapes = {re.sub(r'value="[^"]+">[^<]+', "", line) for line in re.findall(r"<option [^>]+>[^<]+</option>", step)}
    assert len(shapes) == 1  # the answer's entry is marked up like every other


def test_a_right_pick_with_its_segment_is_right(client, case):
    to_site_step(client, case)
    response = pick(client, case, "common-peroneal-nerve/at-the-fibular-head")
    assert response.status_code == 200
    shown = feedback(response)
    assert "Right: Common peroneal" in shown and "at the fibular head" in shown
    assert "SECRET-CPN-RIGHT" in shown and "Where along the nerve: At the fibular head" in shown
    assert "What the anatomy says" in shown
    row = Response.objects.get(step__number=2)
    assert row.correct and row.first and row.option.correct and row.site.slug == "common-peroneal-nerve"
    assert row.segment == "at-the-fibular-head"
    assert 'id="step-3"' in response.content.decode()  # the next step follows


def test_the_right_nerve_without_a_segment_is_right(client, case):
    to_site_step(client, case)
    assert "Right:" in feedback(pick(client, case, "common-peroneal-nerve"))
    assert Response.objects.get(step__number=2).correct


def test_the_right_nerve_at_another_segment_is_close_and_does_not_count(client):
    case = make_case()
    Step.objects.filter(case=case, kind="site").update(mode="open")
    site = case.steps.get(kind="site")
    site.options.filter(correct=True).update(
        structure=site.options.get(label="Sciatic nerve").structure_id, label="Sciatic"
    )
    site.options.filter(label="Sciatic nerve").delete()
    site.options.filter(correct=True).update(segment="in-the-thigh")
    to_site_step(client, case)
    shown = feedback(pick(client, case, "sciatic-nerve/at-the-sciatic-notch"))
    assert "Close, but not right" in shown and "not this part of its course" in shown
    assert not Response.objects.get(step__number=2).correct


def test_an_accepted_alternative_counts_as_right(client, case):
    site = case.steps.get(kind="site")
    site.options.filter(label="Sciatic nerve").update(accepted=True, feedback="The examination cannot tell.")
    to_site_step(client, case)
    shown = feedback(pick(client, case, "sciatic-nerve"))
    assert "Accepted: Sciatic nerve" in shown and "cannot tell" in shown
    assert Response.objects.get(step__number=2).correct


def test_a_neighbour_the_localizer_ranks_high_is_close_with_what_argues_against_it(client, case):
    to_site_step(client, case)
    shown = feedback(pick(client, case, "deep-peroneal-nerve"))
    assert "Close, but not right: Deep peroneal" in shown
    assert "What the anatomy says" in shown and "Against it" in shown or "but not" in shown
    assert "SECRET-CPN-RIGHT" not in shown
    assert not Response.objects.get(step__number=2).correct


def test_a_wrong_pick_at_another_level_is_wrong_with_the_findings_that_refute_it(client, case):
    to_site_step(client, case)
    shown = feedback(pick(client, case, "motor-cortex"))
    assert "Not right: Motor cortex" in shown
    assert "Against it" in shown or "but not" in shown
    assert "common peroneal" not in shown.lower()  # the reasons never name the answer before it is found


def test_a_pick_the_case_wrote_feedback_for_shows_it(client, case):
    to_site_step(client, case)
    shown = feedback(pick(client, case, "l5-root"))
    assert "SECRET-L5-WRONG" in shown and "L5" in shown
    row = Response.objects.get(step__number=2)
    assert row.option.label == "L5 root" and not row.correct


@pytest.mark.parametrize("value", ["nonsense", "", "common-peroneal-nerve/in-the-thigh", "ankle-dorsiflexion"])
def test_an_unknown_site_or_segment_is_refused_with_400_and_nothing_recorded(client, case, value):
    to_site_step(client, case)
    response = pick(client, case, value)
    assert response.status_code == 400
    assert "site of the pathway" in text(response)
    assert not Response.objects.filter(step__number=2).exists()


def test_two_sites_at_once_or_none_are_refused(client, case):
    to_site_step(client, case)
    assert client.post(f"/cases/{case.slug}/steps/2/", {"site": ["l5-root", "l4-root"]}).status_code == 400
    assert pick(client, case, None, htmx=False).status_code == 400
    assert not Response.objects.filter(step__number=2).exists()


def test_without_htmx_a_pick_redirects_to_its_feedback(client, case):
    to_site_step(client, case)
    response = pick(client, case, "l4-root", htmx=False)
    assert response.status_code == 302 and response["Location"].endswith("#feedback-2")
    page = client.get(response["Location"])
    assert "Not right: L4" in text(page) or "Close, but not right: L4" in text(page)
    assert "Show me the answer" in text(page)


def test_the_answer_is_revealed_only_when_asked_and_after_a_pick_of_ones_own(client, case):
    to_site_step(client, case)
    assert pick(client, case, None, reveal="1").status_code == 400  # not before a pick
    pick(client, case, "l4-root")
    page = client.get(f"/cases/{case.slug}/").content.decode()
    assert "SECRET-CPN-RIGHT" not in page
    assert "common peroneal" not in page.split('id="feedback-2"')[1].split("</div>")[0].lower()
    response = pick(client, case, None, reveal="1")
    shown = feedback(response)
    assert "The answer: Common peroneal (fibular) nerve, at the fibular head" in shown and "SECRET-CPN-RIGHT" in shown
    revealed = Response.objects.get(step__number=2, revealed=True)
    assert not revealed.correct and not revealed.first
    assert Response.objects.get(step__number=2, first=True).site.slug == "l4-root"
    assert pick(client, case, "common-peroneal-nerve").status_code == 409  # shown: nothing more to answer


def test_after_the_step_the_pathway_marks_the_first_pick_and_the_answer(client, case):
    to_site_step(client, case)
    pick(client, case, "l5-root")
    html = pick(client, case, "common-peroneal-nerve").content.decode()
    result = html.split('class="pathway-result"')[1]
    assert re.search(r'class="picker-site[^"]* is-mine">L5 <strong class="badge">your first pick', result)
    assert re.search(r'is-answer">At the fibular head <strong class="badge">the answer', result)
    assert "once at least 5 have answered" in result
    assert "shade-" not in result


def finish_as(case, value):
    learner = Client()
    learner.post(f"/cases/{case.slug}/steps/1/", {"option": option(case, 1).key})
    learner.post(f"/cases/{case.slug}/steps/2/", {"site": value})
    learner.post(f"/cases/{case.slug}/steps/3/", {"option": option(case, 3).key})
    assert learner.post(f"/cases/{case.slug}/finish/").status_code == 302
    return learner


def test_where_the_class_pointed_is_shown_from_the_threshold_on(client, case):
    picks = ["l5-root", "l5-root", "sciatic-nerve", "common-peroneal-nerve/at-the-fibular-head"]
    for value in picks:
        finish_as(case, value)
    assert len(picks) == PEER_THRESHOLD - 1
    to_site_step(client, case)
    html = pick(client, case, "common-peroneal-nerve").content.decode()
    assert "learners pointed first" not in html and "shade-" not in html
    client.post(f"/cases/{case.slug}/steps/3/", {"option": option(case, 3).key})
    client.post(f"/cases/{case.slug}/finish/")  # the fifth learner
    html = client.get(f"/cases/{case.slug}/").content.decode()
    result = html.split('class="pathway-result"')[1]
    assert "Where 5 learners pointed first" in result
    assert re.search(r"L5 nerve root</th><td>40% \(2\)", result)
    assert re.search(r'shade-3[^"]*">L5', result)  # 2 of 5
    assert "Sciatic nerve</th><td>20% (1)" in result
    assert re.search(
        r"Common peroneal \(fibular\) nerve <span class=\"muted\">\(yours\)</span></th><td>20% \(1\)", result
    )


def test_exam_mode_records_a_pick_without_a_verdict(client, case, learner):
    from teaching.models import Assignment, Cohort

    cohort = Cohort.objects.create(name="Block 2", owner=learner)
    cohort.members.add(learner)
    assignment = Assignment.objects.create(cohort=cohort, title="Exam", mode="exam", due="2099-01-01T00:00Z")
    assignment.cases.set([case])
    client.force_login(learner)
    to_site_step(client, case)
    shown = text(pick(client, case, "l5-root"))
    assert "Answer recorded: L5 nerve root" in shown or "Answer recorded: L5" in shown
    assert "Not right" not in shown and "SECRET-L5-WRONG" not in shown and "Show me the answer" not in shown
    assert pick(client, case, "common-peroneal-nerve").status_code == 409


def page_queries(client, case):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/cases/{case.slug}/").status_code == 200
    return len(queries)


def test_the_case_page_with_an_open_step_keeps_a_fixed_number_of_queries(client, case):
    to_site_step(client, case)
    page_queries(client, case)  # builds the engine
    before = page_queries(client, case)  # the picker: drawn from the engine, no query
    pick(client, case, "motor-cortex")
    pick(client, case, "common-peroneal-nerve")
    few = page_queries(client, case)  # done: the verdict, the pathway and the class's picks
    for value in ["l5-root"] * 6 + ["sciatic-nerve"] * 6:
        finish_as(case, value)
    assert page_queries(client, case) == few <= 16
    assert before <= few
    assert Attempt.objects.count() == 13


def test_a_pick_the_case_wrote_nothing_for_cites_the_sources_on_that_site(client, case):
    to_site_step(client, case)
    shown = feedback(pick(client, case, "motor-cortex"))
    assert "What the sources say of the site you picked" in shown
    assert "common peroneal" not in shown.lower()
