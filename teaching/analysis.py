"""Item analysis of an assignment, as quiz engines report it, from one query of first answers:

- facility: the share of learners right at the first try;
- discrimination: the facility among the upper 27% of the cohort by total score minus that among
  the lower 27% (Kelley's groups);
- each option's share of first answers;
- flags: facility outside 0.3-0.9, discrimination below 0.2, an option fewer than 5% choose, and a
  caution beside any figure computed on fewer than 20 learners.
"""

from dataclasses import dataclass, field

from cases.models import Response

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


def first_answers(assignment, learner_ids):
    """{(learner id, step id): (option id, right)}: each learner's first answer to each step of the
    assignment's cases, in their earliest attempt at the case since it was set; one query."""
    rows = (
        Response.objects.filter(
            first=True,
            attempt__learner_id__in=learner_ids,
            attempt__case__in=assignment.cases.all(),
            attempt__started__gte=assignment.created,
        )
        .order_by("attempt__started", "attempt_id")
        .values_list("attempt__learner_id", "attempt__case_id", "attempt_id", "step_id", "option_id", "correct")
    )
    chosen_attempt, answers = {}, {}
    for learner_id, case_id, attempt_id, step_id, option_id, right in rows:
        if chosen_attempt.setdefault((learner_id, case_id), attempt_id) != attempt_id:
            continue  # a later attempt at the same case: only the first counts
        answers[(learner_id, step_id)] = (option_id, right)
    return answers


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
            counts = {}
            for option_id, _ in given.values():
                counts[option_id] = counts.get(option_id, 0) + 1
            for option in step.options.all():
                share = counts.get(option.pk, 0) / len(given)
                analysis.options.append((option, counts.get(option.pk, 0), share, share < RARE_OPTION))
            analysis.flags = _flags(analysis)
        results.append(analysis)
    return results, totals


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
    """The structures the class chose wrongly at site steps, most chosen first: (structure, count)."""
    counts = {}
    for analysis in analyses:
        if analysis.step.kind != "site":
            continue
        for option, count, _, _ in analysis.options:
            if count and not option.counts_as_right and option.structure_id:
                counts[option.structure] = counts.get(option.structure, 0) + count
    return sorted(counts.items(), key=lambda item: (-item[1], item[0].name))
