"""The state of a case being played, for the page: which steps are shown, which are answered,
what the feedback to the latest answer says (from the option, the localizer and the sources)."""

from dataclasses import dataclass, field

from knowledge.localizer import describe, explain
from knowledge.models import Level


@dataclass
class StepState:
    step: object
    options: list
    responses: list = field(default_factory=list)
    shown: bool = False
    error: str = ""

    @property
    def first(self):
        return self.responses[0] if self.responses else None

    @property
    def latest(self):
        return self.responses[-1] if self.responses else None

    @property
    def answered(self):
        return bool(self.responses)

    @property
    def tried_wrong(self):
        return {response.option_id for response in self.responses if not response.correct}


def options_in_neutral_order(options):
    """Options as shown: by label, so the order authors wrote them in (often the correct first)
    says nothing."""
    return sorted(options, key=lambda option: (option.label.lower(), option.key))


def step_states(steps, responses):
    """One StepState per step; a step is shown once every step before it has been answered."""
    by_step = {}
    for response in responses:
        by_step.setdefault(response.step_id, []).append(response)
    states, reachable = [], True
    for step in steps:
        state = StepState(step=step, options=options_in_neutral_order(step.options.all()))
        state.responses = by_step.get(step.pk, [])
        state.shown = reachable
        reachable = reachable and state.answered
        states.append(state)
    return states


def localizer_feedback(engine, findings, option):
    """What the chosen site (or the best site of the chosen level) explains of this patient's
    findings and what argues against it, with the anatomy behind each point; None for other steps."""
    labels = engine.anatomy.labels
    if not findings.get("weak"):
        return None  # the localizer reasons about weakness; without any it has nothing to add
    if option.structure_id and option.structure.slug in engine.profiles:
        candidate = engine.assess(findings, option.structure.slug)
        heading = ""
    elif option.level:
        candidate = engine.best_at_level(findings, option.level)
        if candidate is None:
            return {"heading": f"No site at the {Level(option.level).label.lower()} level explains any finding here."}
        heading = f"At the {Level(option.level).label.lower()} level the best candidate is the {candidate.name}."
    else:
        return None
    reasons = []
    for finding in candidate.unexplained + candidate.contradicted_by:
        why = engine.why(finding, candidate.site)
        if why:
            reasons.append(f"{describe(finding, labels)[0].upper()}{describe(finding, labels)[1:]}: {why}.")
    return {
        "heading": heading,
        "sentence": explain(candidate, labels),
        "reasons": reasons,
        "site": candidate.site,
    }


def examination_rows(case, labels):
    """The examination as rows of (what, finding) for the table."""
    exam = case.examination
    return {
        "power": [(labels.get(slug, slug), grade) for slug, grade in exam.get("power", {}).items()],
        "sensation": [(labels.get(slug, slug), "reduced") for slug in exam.get("sensory_loss", [])]
        + [(labels.get(slug, slug), "normal") for slug in exam.get("sensory_normal", [])],
        "reflexes": [(labels.get(slug, slug), value) for slug, value in exam.get("reflexes", {}).items()],
        "pulses": [(labels.get(slug, slug), value) for slug, value in exam.get("pulses", {}).items()],
        "plantar": exam.get("plantar", ""),
        "pain": exam.get("pain", ""),
        "other": [labels.get(slug, slug) for slug in exam.get("other", [])],
    }


def answer_distribution(states, counts):
    """For the summary: each step's options with how many learners chose each first."""
    rows = []
    for state in states:
        total = sum(counts.get(option.pk, 0) for option in state.options)
        rows.append(
            {
                "state": state,
                "total": total,
                "options": [
                    {
                        "option": option,
                        "count": counts.get(option.pk, 0),
                        "percent": round(100 * counts.get(option.pk, 0) / total) if total else 0,
                        "mine": state.first is not None and state.first.option_id == option.pk,
                    }
                    for option in state.options
                ],
            }
        )
    return rows
