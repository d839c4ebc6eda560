"""The state of a case being played (cases.play), tested directly: the order options are shown in,
which steps are shown, the localizer's feedback to an answer, the examination table and the
summary's distribution of first answers."""

from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings

from cases.casefiles import CASE_FILES
from cases.models import Case, Option, Step
from cases.play import (
    StepState,
    answer_distribution,
    examination_rows,
    localizer_feedback,
    options_in_neutral_order,
    step_states,
)
from knowledge.contentfiles import load_content
from knowledge.graph import get_engine

pytestmark = pytest.mark.usefixtures("content")


@pytest.fixture(scope="module")
def case(content, django_db_blocker):
    """A case fixed in the tests (a copy of a shipped case as it once was), so that editing the
    curriculum changes nothing here: loaded with the knowledge base, in place of the shipped cases,
    inside the module's transaction."""
    with django_db_blocker.unblock():
        load_content(settings.KNOWLEDGE_CONTENT_DIR, parts=[(CASE_FILES, Path(__file__).parent / "casefiles")])
        return Case.objects.get(slug="peroneal-palsy-fixture")


@pytest.fixture
def steps(case):
    return list(Step.objects.filter(case=case).for_play())


def choice(case, label):
    return Option.objects.select_related("structure").get(step__case=case, label=label)


def answer(option):
    """A stand-in response: step_states and StepState need only these attributes."""
    return SimpleNamespace(step_id=option.step_id, option_id=option.pk, correct=option.correct)


# --- The order options are shown in -------------------------------------------------------------


def test_options_are_shown_by_label_whatever_order_the_authors_wrote_them_in(case):
    written = list(Option.objects.filter(step__case=case, step__number=1))
    assert written[0].correct  # the authors wrote the correct option first
    shown = [option.label for option in options_in_neutral_order(written)]
    assert shown == ["Anterior horn cells", "Brain (motor cortex)", "Nerve root", "Peripheral nerve"]


def test_options_are_sorted_case_insensitively_then_by_key():
    options = [
        SimpleNamespace(label="beta", key="k1"),
        SimpleNamespace(label="Gamma", key="k2"),
        SimpleNamespace(label="Alpha", key="k4"),
        SimpleNamespace(label="alpha", key="k3"),
    ]
    assert [(o.label, o.key) for o in options_in_neutral_order(options)] == [
        ("alpha", "k3"), ("Alpha", "k4"), ("beta", "k1"), ("Gamma", "k2"),
    ]  # fmt: skip


# --- Which steps are shown ----------------------------------------------------------------------


def test_before_any_answer_only_the_first_step_is_shown(steps):
    states = step_states(steps, [])
    assert [state.shown for state in states] == [True, False, False, False]
    assert not any(state.answered for state in states)
    assert all(state.first is None and state.latest is None for state in states)


def test_a_step_is_shown_once_every_step_before_it_is_answered(case, steps):
    states = step_states(steps, [answer(choice(case, "Peripheral nerve"))])
    assert [state.shown for state in states] == [True, True, False, False]
    states = step_states(
        steps, [answer(choice(case, "Peripheral nerve")), answer(choice(case, "Common peroneal (fibular) nerve"))]
    )
    assert [state.shown for state in states] == [True, True, True, False]


def test_an_answer_to_a_later_step_does_not_skip_an_unanswered_one(case, steps):
    states = step_states(steps, [answer(choice(case, "Common peroneal (fibular) nerve"))])
    assert [state.shown for state in states] == [True, False, False, False]
    assert states[1].answered  # kept, but not shown


def test_responses_are_grouped_by_step_first_and_latest_in_order(case, steps):
    wrong_level, right_level = choice(case, "Nerve root"), choice(case, "Peripheral nerve")
    wrong_site = choice(case, "L5 nerve root")
    brain = choice(case, "Brain (motor cortex)")
    responses = [answer(wrong_level), answer(wrong_site), answer(brain), answer(right_level)]
    level, site, diagnosis, _ = step_states(steps, responses)
    assert [r.option_id for r in level.responses] == [wrong_level.pk, brain.pk, right_level.pk]
    assert level.first.option_id == wrong_level.pk and level.latest.option_id == right_level.pk
    assert level.tried_wrong == {wrong_level.pk, brain.pk}
    assert site.answered and site.first is site.latest and site.tried_wrong == {wrong_site.pk}
    assert not diagnosis.answered and diagnosis.tried_wrong == set()


def test_each_step_state_shows_its_options_in_neutral_order(steps):
    for state in step_states(steps, []):
        labels = [option.label for option in state.options]
        assert labels == sorted(labels, key=str.lower) and len(labels) >= 4


# --- The localizer's feedback to an answer ------------------------------------------------------


def feedback(case, label):
    return localizer_feedback(get_engine(), case.findings(), choice(case, label))


def test_the_right_site_is_told_what_it_explains_and_nothing_against_it(case):
    result = feedback(case, "Common peroneal (fibular) nerve")
    assert result["site"] == "common-peroneal-nerve"
    sentence = result["sentence"]
    assert sentence.startswith("A lesion of the common peroneal (fibular) nerve explains weak ankle dorsiflexion")
    assert "weak foot eversion" in sentence and "sensory loss over the first web space" in sentence
    assert "Against it" not in sentence and "but not" not in sentence
    assert result["reasons"] == []


def test_a_wrong_site_is_told_the_finding_that_argues_against_it_and_why(case):
    result = feedback(case, "L5 nerve root")
    assert result["site"] == "l5-root"
    assert "Against it:" in result["sentence"] and "normal foot inversion" in result["sentence"]
    assert (
        "Normal foot inversion: foot inversion is the work of tibialis posterior (tibial nerve, L5)."
        in (result["reasons"])
    )
    assert any(reason.startswith("Normal hip abduction: hip abduction is the work of") for reason in result["reasons"])


def test_a_site_too_small_is_told_what_it_leaves_unexplained(case):
    result = feedback(case, "Deep peroneal (fibular) nerve")
    assert "but not weak foot eversion" in result["sentence"]
    first = result["reasons"][0]
    assert first.startswith("Weak foot eversion: foot eversion is the work of peroneus (fibularis) longus")


def test_a_level_is_answered_of_the_level_without_naming_a_site(case):
    result = feedback(case, "Nerve root")
    assert result["sentence"].startswith("The best-placed lesion at the root level explains")
    assert "Against it:" in result["sentence"] and result["site"] is None
    right = feedback(case, "Peripheral nerve")
    assert right["site"] is None and right["reasons"] == [] and "peroneal" not in right["sentence"]


def test_a_reason_that_would_name_a_later_answer_is_given_without_its_anatomy(case):
    """Hidden names (the answers of steps not reached) never appear, even in the anatomy behind a
    finding: 'the work of tibialis posterior (tibial nerve, L5)' names the L5 root."""
    plain = localizer_feedback(get_engine(), case.findings(), choice(case, "Nerve root"))
    hidden = localizer_feedback(get_engine(), case.findings(), choice(case, "Nerve root"), hidden=["tibial nerve"])
    assert any("tibial nerve" in reason for reason in plain["reasons"])
    assert not any("tibial nerve" in reason for reason in hidden["reasons"])
    assert "Normal foot inversion." in hidden["reasons"]


def test_a_level_where_no_site_explains_anything_says_so(case):
    tendon = SimpleNamespace(structure_id=None, structure=None, level="tendon")
    assert localizer_feedback(get_engine(), case.findings(), tendon) == {
        "sentence": "No lesion at the tendon level explains any finding here."
    }


def test_there_is_no_localizer_feedback_for_a_diagnosis_or_without_weakness(case):
    assert feedback(case, "L5 radiculopathy") is None
    assert feedback(case, "Nerve conduction studies") is None
    findings = {key: value for key, value in case.findings().items() if key != "weak"}
    assert localizer_feedback(get_engine(), findings, choice(case, "L5 nerve root")) is None


def test_each_finding_against_a_site_is_explained_once(case):
    reasons = feedback(case, "Anterior horn cells")["reasons"]
    assert reasons and len(reasons) == len(set(reasons))


# --- The examination table ----------------------------------------------------------------------


def test_the_examination_becomes_labelled_rows_in_the_order_written(case):
    rows = examination_rows(case, get_engine().anatomy.labels)
    assert rows["power"][:4] == [
        ("Hip flexion", "5/5", False), ("Hip abduction", "5/5", False),
        ("Knee extension", "5/5", False), ("Ankle dorsiflexion (foot up)", "2/5", True),
    ]  # fmt: skip
    assert rows["power_graded"]
    assert len(rows["power"]) == len(case.examination["power"])
    assert rows["sensation"][0] == ("Outer (lateral) side of the lower leg", "reduced")
    assert [value for _, value in rows["sensation"]] == ["reduced"] * 3 + ["normal"] * 3
    assert ("Sole of the foot", "normal") in rows["sensation"]
    assert ("Ankle jerk (Achilles reflex)", "normal") in rows["reflexes"]
    assert (rows["plantar"], rows["pain"], rows["pulses"], rows["whole_patient"]) == ("flexor", "none", [], [])


def test_an_unlabelled_finding_is_shown_by_its_slug_and_missing_parts_are_empty():
    exam = SimpleNamespace(examination={"power": {"mystery-move": 3}, "pulses": {"dorsalis-pedis": "absent"}})
    rows = examination_rows(exam, {"dorsalis-pedis": "Dorsalis pedis pulse"})
    assert rows["power"] == [("mystery-move", "3/5", True)] and rows["pulses"] == [("Dorsalis pedis pulse", "absent")]
    assert (
        rows["sensation"] == rows["reflexes"] == rows["whole_patient"] == [] and rows["plantar"] == rows["pain"] == ""
    )


# --- How others answered ------------------------------------------------------------------------


def test_answer_distribution_counts_and_rounds_first_answers_and_marks_mine():
    a, b, c = (SimpleNamespace(pk=pk) for pk in (1, 2, 3))
    mine = StepState(step="level", options=[a, b, c], responses=[SimpleNamespace(option_id=2, correct=False)])
    untried = StepState(step="site", options=[SimpleNamespace(pk=9)])
    level, site = answer_distribution([mine, untried], {1: 1, 2: 2, 7: 50})  # 7: another step's option
    assert level["state"] is mine and level["total"] == 3
    assert [(row["option"], row["count"], row["percent"], row["mine"]) for row in level["options"]] == [
        (a, 1, 33, False), (b, 2, 67, True), (c, 0, 0, False),
    ]  # fmt: skip
    assert site["total"] == 0 and site["options"][0]["percent"] == 0 and not site["options"][0]["mine"]
    assert level["hidden"] and site["hidden"]  # fewer than five learners: figures withheld
    (five,) = answer_distribution([mine], {1: 2, 2: 3})
    assert not five["hidden"] and five["total"] == 5


def test_mine_is_the_first_answer_not_the_latest():
    responses = [SimpleNamespace(option_id=1, correct=False), SimpleNamespace(option_id=2, correct=True)]
    state = StepState(step="level", options=[SimpleNamespace(pk=1), SimpleNamespace(pk=2)], responses=responses)
    (row,) = answer_distribution([state], {1: 1})
    assert [option["mine"] for option in row["options"]] == [True, False]


def test_the_whole_patient_is_grouped_as_a_clinician_examines_it():
    exam = SimpleNamespace(
        examination={"other": ["other-leg-weak", "diabetes", "hoover-sign"], "absent": ["bladder-or-bowel-dysfunction"]}
    )
    labels = {"other-leg-weak": "Weakness of the other leg too", "bladder-or-bowel-dysfunction": "Bladder"}
    rows = examination_rows(exam, labels)["whole_patient"]
    assert rows == [
        ("The other leg, the arm and the face", [("Weakness of the other leg too", "present")]),
        ("Spine, trunk and sphincters", [("Bladder", "absent")]),
        ("Signs, gait and special tests", [("hoover-sign", "present")]),
        ("History", [("diabetes", "present")]),
    ]
