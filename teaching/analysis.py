"""Item analysis of an assignment, as quiz engines report it, from the first answers (one query, and
one more for the sites picked at open steps):

- facility: the share of learners right at the first try;
- discrimination: the facility among the upper 27% of the cohort by total score minus that among
  the lower 27% (Kelley's groups);
- each option's share of first answers; at an open site step, where learners may pick any site of
  the pathway, each site (and segment) picked, counted like an option;
- flags: facility outside 0.3-0.9, discrimination below 0.2, an option fewer than 5% choose (not at
  an open step: it has no fixed distractors), and a caution beside any figure computed on fewer
  than 20 learners.
"""

from dataclasses import dataclass, field

from cases.models import Response, pick_label
from knowledge.models import Structure

FACILITY_RANGE = (0.3, 0.9)
DISCRIMINATION_MIN = 0.2
RARE_OPTION = 0.05
FEW_LEARNERS = 20
GROUP_SHARE = 0.27


@dataclass
class StepAnalysis:
    step: object
    learners: int = 0
    facility: float | None = None
    discrimination: float | None = None
    options: list = field(default_factory=list)  # (option, count, share, rare)
    flags: list = field(default_factory=list)

    @property
    def caution(self):
        return self.learners < FEW_LEARNERS


@dataclass(frozen=True)
class SitePick:
    """A first answer at an open site step: the site picked (a Structure), its segment, and the id
    of the case's option for the pick (None when the case wrote none)."""

    structure: object
    segment: str
    option_id: int | None


@dataclass
class PickRow:
    """A site (and segment) picked at an open step, as the analysis lists it, in place of an option."""

    structure: object
    segment: str
    option: object  # the case's option for the pick, or None

    @property
    def structure_id(self):
        return self.structure.pk

    @property
    def label(self):
        return pick_label(self.structure, self.segment)

    @property
    def correct(self):
        return bool(self.option and self.option.correct)

    @property
    def accepted(self):
        return bool(self.option and self.option.accepted)

    @property
    def counts_as_right(self):
        return self.correct or self.accepted


def first_answers(assignment, learner_ids):
    """{(learner id, step id): (answer, right)}: each learner's first answer to each step of the
    assignment's cases, in their earliest attempt at the case since it was set; the answer is the
    option's id, or at an open step a SitePick. Two queries: the answers, and the sites picked."""
    rows = (
        Response.objects.filter(
            first=True,
            attempt__learner_id__in=learner_ids,
            attempt__case__in=assignment.cases.all(),
            attempt__started__gte=assignment.created,
        )
        .order_by("attempt__started", "attempt_id")
        .values_list(
            "attempt__learner_id",
            "attempt__case_id",
            "attempt_id",
            "step_id",
            "option_id",
            "site_id",
            "segment",
            "correct",
        )
    )
    chosen_attempt, kept = {}, {}
    for learner_id, case_id, attempt_id, step_id, *answer in rows:
        if chosen_attempt.setdefault((learner_id, case_id), attempt_id) != attempt_id:
            continue  # a later attempt at the same case: only the first counts
        kept[(learner_id, step_id)] = answer
    sites = Structure.objects.in_bulk({site_id for _, site_id, _, _ in kept.values() if site_id})
    return {
        key: (SitePick(sites[site_id], segment, option_id) if site_id else option_id, right)
        for key, (option_id, site_id, segment, right) in kept.items()
    }


def analyse(steps, answers):
    """StepAnalysis per step (steps with their options prefetched), and each learner's total."""
    totals = {}
    for (learner_id, _), (_, right) in answers.items():
        totals[learner_id] = totals.get(learner_id, 0) + bool(right)
    ranked = sorted(totals, key=lambda learner: (totals[learner], learner))
    size = max(1, round(GROUP_SHARE * len(ranked))) if ranked else 0
    lower, upper = set(ranked[:size]), set(ranked[-size:]) if size else set()
    by_step = {}
    for (learner_id, step_id), answer in answers.items():
        by_step.setdefault(step_id, {})[learner_id] = answer
    results = []
    for step in steps:
        given = by_step.get(step.pk, {})
        analysis = StepAnalysis(step=step, learners=len(given))
        if given:
            analysis.facility = sum(bool(right) for _, right in given.values()) / len(given)
            analysis.discrimination = _share_right(given, upper) - _share_right(given, lower)
            if step.is_open:
                analysis.options = _picks(step, given)
            else:
                counts = {}
                for option_id, _ in given.values():
                    counts[option_id] = counts.get(option_id, 0) + 1
                for option in step.options.all():
                    share = counts.get(option.pk, 0) / len(given)
                    analysis.options.append((option, counts.get(option.pk, 0), share, share < RARE_OPTION))
            analysis.flags = _flags(analysis)
        results.append(analysis)
    return results, totals


def _picks(step, given):
    """At an open step: (PickRow, count, share, False) for each site (and segment) picked first,
    most picked first. An answer given while the step was still a choice counts as its option's
    site and segment."""
    options = {option.pk: option for option in step.options.all()}
    rows, counts = {}, {}
    for answer, _ in given.values():
        if isinstance(answer, SitePick):
            row = PickRow(answer.structure, answer.segment, options.get(answer.option_id))
        elif answer in options and options[answer].structure_id:
            option = options[answer]
            row = PickRow(option.structure, option.segment, option)
        else:
            continue
        key = (row.structure_id, row.segment)
        rows.setdefault(key, row)
        counts[key] = counts.get(key, 0) + 1
    ranked = sorted(rows, key=lambda key: (-counts[key], rows[key].label))
    return [(rows[key], counts[key], counts[key] / len(given), False) for key in ranked]


def _share_right(given, group):
    answered = [right for learner, (_, right) in given.items() if learner in group]
    return sum(bool(right) for right in answered) / len(answered) if answered else 0.0


def _flags(analysis):
    flags = []
    low, high = FACILITY_RANGE
    if analysis.facility < low:
        flags.append(f"hard: facility below {low}")
    elif analysis.facility > high:
        flags.append(f"easy: facility above {high}")
    if analysis.discrimination < DISCRIMINATION_MIN:
        flags.append(f"discriminates poorly: below {DISCRIMINATION_MIN}")
    rare = [option.label for option, _, _, is_rare in analysis.options if is_rare and not option.counts_as_right]
    if rare:
        flags.append(f"{len(rare)} distractor{'s' if len(rare) > 1 else ''} chosen by under 5%")
    return flags


def wrong_sites(analyses):
    """The structures the class chose wrongly at site steps, most chosen first: (structure, count).
    At an open step every wrong pick counts, whatever its segment, as its structure."""
    counts = {}
    for analysis in analyses:
        if analysis.step.kind != "site":
            continue
        for option, count, _, _ in analysis.options:
            if count and not option.counts_as_right and option.structure_id:
                counts[option.structure] = counts.get(option.structure, 0) + count
    return sorted(counts.items(), key=lambda item: (-item[1], item[0].name))
