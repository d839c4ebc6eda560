"""The shipped curriculum: enough cases, every seed condition taught, the classic contrasts paired,
each case well formed and its site answer the one the localizer reaches from its examination."""

import pytest

from cases.models import Case, Option, Step
from knowledge.graph import get_engine
from tests.knowledge.test_content_integrity import SEED_CONDITIONS

pytestmark = pytest.mark.usefixtures("content", "db")

# Each classic contrast: two correct diagnoses that must each be taught by some case.
CONTRASTS = [
    ("common-peroneal-palsy", "l5-radiculopathy"),
    ("femoral-neuropathy", "retroperitoneal-hematoma-plexopathy"),
    ("stroke", "als"),
    ("myasthenia-gravis", "polymyositis"),
    ("achilles-tendon-rupture", "s1-radiculopathy"),
    ("anterior-compartment-syndrome", "common-peroneal-palsy"),
]


def correct_option(case, kind):
    return (
        Option.objects.filter(step__case=case, step__kind=kind, correct=True)
        .select_related("structure", "condition", "investigation")
        .first()
    )


def test_there_are_at_least_twenty_published_cases():
    assert Case.objects.published().count() >= 20


def test_every_condition_the_seeds_name_is_the_right_diagnosis_of_some_case():
    taught = set(
        Option.objects.filter(step__kind=Step.Kind.DIAGNOSIS, correct=True, step__case__published=True).values_list(
            "condition__slug", flat=True
        )
    )
    assert set(SEED_CONDITIONS) - taught == set()


@pytest.mark.parametrize(("first", "second"), [pair for pair in CONTRASTS if pair[1]])
def test_each_classic_contrast_is_taught_by_a_pair_of_cases(first, second):
    diagnoses = Option.objects.filter(step__kind=Step.Kind.DIAGNOSIS, correct=True, step__case__published=True)
    assert diagnoses.filter(condition__slug=first).exists()
    assert diagnoses.filter(condition__slug=second).exists()


def test_the_compartment_syndrome_case_is_a_compartment_with_the_pulses_present():
    """A compartment syndrome is not an artery lesion: its case answers the compartment, and its
    examination keeps the foot pulses (they are usually present)."""
    sites = Option.objects.filter(
        step__kind=Step.Kind.SITE, correct=True, step__case__published=True, structure__slug="anterior-compartment"
    )
    assert sites.exists()
    for site in sites:
        level = Option.objects.get(step__case=site.step.case, step__kind=Step.Kind.LEVEL, correct=True)
        assert level.level == "compartment"
        assert "absent" not in site.step.case.examination.get("pulses", {}).values()


def test_every_case_is_well_formed_and_cites_a_source_or_a_reference():
    for case in Case.objects.published().prefetch_related("steps__options__passages", "teaching_points__passages"):
        steps = list(case.steps.all())
        assert 3 <= len(steps) <= 4, case.slug
        for step in steps:
            options = list(step.options.all())
            assert sum(option.correct for option in options) == 1, (case.slug, step.number)
            assert all(option.feedback.strip() for option in options), (case.slug, step.number)
        citations = [p for step in steps for option in step.options.all() for p in option.passages.all()]
        citations += [p for point in case.teaching_points.all() for p in point.passages.all()]
        references = [o.reference for step in steps for o in step.options.all() if o.reference]
        references += [point.reference for point in case.teaching_points.all() if point.reference]
        assert citations or references, case.slug


def test_the_right_site_of_every_case_is_where_the_localizer_puts_the_lesion():
    engine = get_engine()
    disagreements = []
    for case in Case.objects.published():
        option = correct_option(case, Step.Kind.SITE)
        if option is None or not case.findings().get("weak"):
            continue
        candidates = engine.localize(case.findings()).candidates
        best = candidates[0].score
        tied = {candidate.site for candidate in candidates if candidate.score == best}
        if option.structure.slug in tied:
            continue
        # Or the case accepts the localizer's first site, because the examination cannot tell it from
        # the correct one, and the correct site is close behind.
        accepted = {o.structure.slug for o in option.step.options.all() if o.accepted}
        close = {candidate.site for candidate in candidates[:3]}
        if not (tied & accepted and option.structure.slug in close):
            disagreements.append(f"{case.slug}: answer {option.structure.slug}, localizer {candidates[0].site}")
    assert disagreements == []


def test_where_a_case_names_a_segment_the_localizer_puts_the_lesion_there():
    """A nerve with a course (femoral, sciatic, tibial, common peroneal) is localized segment by
    segment: where a case says which segment, its own examination must put the lesion there."""
    engine = get_engine()
    named = Option.objects.filter(correct=True, step__case__published=True).exclude(segment="")
    assert named.count() >= 10  # the femoral, sciatic, tibial and peroneal cases
    disagreements = []
    for option in named.select_related("structure", "step__case"):
        found = engine.assess(option.step.case.findings(), option.structure.slug).segment
        if (found or {}).get("slug") != option.segment:
            disagreements.append(f"{option.step.case.slug}: {option.segment}, localizer {found}")
    assert disagreements == []


def test_an_accepted_alternative_is_rare_and_explained():
    """Accepting a second answer is for an examination that truly cannot decide, not a way round
    the localizer check: at most a few cases, only on level and site steps, each matched at both
    (an accepted site's level is accepted too) and saying so in its feedback."""
    accepted = Option.objects.filter(accepted=True, step__case__published=True).select_related("step", "structure")
    assert accepted.exclude(step__kind__in=[Step.Kind.LEVEL, Step.Kind.SITE]).count() == 0
    assert accepted.values("step__case").distinct().count() <= 3
    for option in accepted:
        assert "cannot" in option.feedback, option.label
        if option.step.kind == Step.Kind.SITE:
            assert Option.objects.filter(
                step__case=option.step.case, step__kind=Step.Kind.LEVEL, accepted=True, level=option.structure.level
            ).exists(), option.step.case.slug


def test_the_right_level_of_every_case_is_the_level_of_its_right_site():
    for case in Case.objects.published():
        site, level = correct_option(case, Step.Kind.SITE), correct_option(case, Step.Kind.LEVEL)
        if site and level:
            assert site.structure.level == level.level, case.slug


def test_no_stem_names_its_own_diagnosis():
    for case in Case.objects.published():
        diagnosis = correct_option(case, Step.Kind.DIAGNOSIS)
        if diagnosis:
            assert diagnosis.condition.name.lower() not in case.stem.lower(), case.slug


def test_there_are_at_least_fifty_published_cases():
    assert Case.objects.published().count() >= 50


def test_at_least_half_of_the_published_cases_have_an_open_site_step():
    published = Case.objects.published()
    open_cases = published.filter(steps__kind="site", steps__mode="open")
    assert 2 * open_cases.count() >= published.count()
    # Open by default in intermediate and advanced cases; an introductory case keeps its choices.
    assert not open_cases.filter(difficulty="introductory").exists()
    assert not published.exclude(difficulty="introductory").filter(steps__kind="site", steps__mode="choice").exists()
    for step in Step.objects.filter(mode="open", case__published=True).prefetch_related("options__structure"):
        right = [option for option in step.options.all() if option.correct]
        assert right[0].structure.level, step  # the answer is a site the pathway's picker offers


def test_every_level_of_the_pathway_is_the_answer_of_at_least_two_cases():
    from collections import Counter

    from knowledge.models import Level

    answers = Counter(
        Option.objects.filter(step__kind=Step.Kind.LEVEL, correct=True, step__case__published=True).values_list(
            "level", flat=True
        )
    )
    assert {level: answers[level] for level in Level.values if answers[level] < 2} == {}


def test_the_difficulties_are_honestly_spread():
    cases = list(Case.objects.published().values_list("difficulty", flat=True))
    shares = {difficulty: cases.count(difficulty) / len(cases) for difficulty in Case.Difficulty.values}
    assert all(0.15 <= share <= 0.6 for share in shares.values()), shares


def test_a_cord_or_cauda_equina_case_examines_the_saddle_the_sphincters_and_the_other_leg():
    for option in Option.objects.filter(step__kind=Step.Kind.SITE, correct=True, step__case__published=True).filter(
        structure__slug__in=["spinal-cord", "conus-medullaris", "cauda-equina"]
    ):
        exam = option.step.case.examination
        looked_for = set(exam.get("other", [])) | set(exam.get("absent", []))
        saddle = "saddle" in set(exam.get("sensory_loss", [])) | set(exam.get("sensory_normal", []))
        assert "bladder-or-bowel-dysfunction" in looked_for, option.step.case.slug
        assert "other-leg-weak" in looked_for or "sensory-level" in looked_for, option.step.case.slug
        assert saddle or option.structure.slug == "spinal-cord", option.step.case.slug


def test_functional_weakness_is_diagnosed_on_positive_signs_with_normal_reflexes():
    for option in Option.objects.filter(step__kind=Step.Kind.LEVEL, correct=True, level="functional"):
        exam = option.step.case.examination
        assert {"hoover-sign", "give-way-weakness"} & set(exam.get("other", [])), option.step.case.slug
        assert set(exam.get("reflexes", {}).values()) <= {"normal"}, option.step.case.slug
        assert exam.get("plantar", "flexor") == "flexor", option.step.case.slug
