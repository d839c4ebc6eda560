"""The state of a case being played, for the page: which steps are shown, which are answered,
what the feedback to the latest answer says (from the option, the localizer and the sources)."""

from dataclasses import dataclass, field

from cases.models import is_weak
from cases.picks import Pick, Verdict, judge, parse_pick, pickable
from knowledge.localizer import describe, explain
from knowledge.models import Level, Passage, Structure


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

    @property
    def tried_picks(self):
        """At an open step, the picks already tried and found wrong."""
        return {Pick(r.site.slug, r.segment).value for r in self.responses if r.site_id and not r.correct}

    @property
    def error_id(self):
        return f"error-{self.step.number}" if self.error else ""


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


def localizer_feedback(engine, findings, option, hidden=()):
    """What the chosen site explains of this patient's findings and what argues against it, with
    the anatomy behind each point; for a chosen level, the same of the level as a whole (the best
    a lesion at that level can do), never naming a site. None for other steps.

    `hidden`: names that must not be shown (the answers of the steps not yet reached); a reason
    whose anatomy would name one is given without it."""
    if not findings.get("weak"):
        return None  # the localizer reasons about weakness; without any it has nothing to add
    if option.structure_id and option.structure.slug in engine.profiles:
        candidate = engine.assess(findings, option.structure.slug)
        subject, site = None, candidate.site
    elif option.level:
        level = Level(option.level).label.lower()
        candidate = engine.best_at_level(findings, option.level)
        if candidate is None:
            return {"sentence": f"No lesion at the {level} level explains any finding here."}
        subject, site = f"at the {level} level", None
    else:
        return None
    return _candidate_feedback(engine, candidate, subject, site, hidden)


def pick_feedback(engine, findings, pick, hidden=()):
    """The same for a site picked at an open step (and its segment, when one is picked)."""
    if not findings.get("weak"):
        return None
    candidate = engine.assess(findings, pick.site, pick.segment or None)
    return _candidate_feedback(engine, candidate, None, candidate.site, hidden)


def _candidate_feedback(engine, candidate, subject, site, hidden):
    labels = engine.anatomy.labels
    reasons = []
    for finding in dict.fromkeys(candidate.unexplained + candidate.contradicted_by):
        phrase = describe(finding, labels)
        why = engine.why(finding, candidate.site)
        if why and not _names_any(why, hidden):
            reasons.append(f"{phrase[0].upper()}{phrase[1:]}: {why}.")
        else:
            reasons.append(f"{phrase[0].upper()}{phrase[1:]}.")
    return {"sentence": explain(candidate, labels, subject=subject), "reasons": reasons, "site": site}


def _names_any(text, names):
    lowered = text.lower()
    return any(name.lower() in lowered for name in names if name)


def answer_names(option):
    """Every name an option's answer goes by: its label, what it points to and that one's synonyms,
    or the level's name."""
    target = option.structure or option.condition or option.investigation
    names = [option.label, *([target.name, *getattr(target, "synonyms", [])] if target else [])]
    if option.level:
        names.append(Level(option.level).label)
    return names


def hidden_answers(states, number):
    """The names of the answers of the steps after step `number`: what its feedback must not show."""
    return [
        name for state in states[number:] for option in state.options if option.correct for name in answer_names(option)
    ]


def patient_context(case, engine):
    """What the page shows of the patient (cases/_patient.html): the stem, the examination as
    tables, and the body map."""
    return {
        "case": case,
        "exam": examination_rows(case, engine.anatomy.labels),
        "lost_areas": set(case.examination.get("sensory_loss", [])),
        "normal_areas": set(case.examination.get("sensory_normal", [])),
        "area_labels": engine.anatomy.labels,
    }


def examination_rows(case, labels):
    """The examination as rows of (what, finding) for the table, in the vocabulary's order
    (PostgreSQL's jsonb keeps no key order)."""
    order = {slug: index for index, slug in enumerate(labels)}
    exam = {
        key: dict(sorted(value.items(), key=lambda item: order.get(item[0], len(order))))
        if isinstance(value, dict)
        else value
        for key, value in case.examination.items()
    }
    return {
        "power_graded": all(isinstance(power, int) for power in exam.get("power", {}).values()),
        "power": [
            (labels.get(slug, slug), f"{power}/5" if isinstance(power, int) else f"{power} (observed)", is_weak(power))
            for slug, power in exam.get("power", {}).items()
        ],
        "sensation": [(labels.get(slug, slug), "reduced") for slug in exam.get("sensory_loss", [])]
        + [(labels.get(slug, slug), "normal") for slug in exam.get("sensory_normal", [])],
        "reflexes": [(labels.get(slug, slug), value) for slug, value in exam.get("reflexes", {}).items()],
        "pulses": [(labels.get(slug, slug), value) for slug, value in exam.get("pulses", {}).items()],
        "plantar": exam.get("plantar", ""),
        "pain": exam.get("pain", ""),
        "whole_patient": whole_patient_rows(exam, labels),
    }


# The other findings of the examination, in the groups a clinician examines them in.
WHOLE_PATIENT_GROUPS = [
    ("The other leg, the arm and the face", {"other-leg-weak", "same-side-arm-weak", "same-side-face-weak"}),
    (
        "Spine, trunk and sphincters",
        {"sensory-level", "bladder-or-bowel-dysfunction", "back-pain", "radiating-leg-pain"},
    ),
    (
        "Signs, gait and special tests",
        {
            "hoover-sign", "give-way-weakness", "positive-thompson-test", "tendon-gap", "trendelenburg-gait",
            "pain-on-passive-stretch", "tense-compartment", "anterior-leg-swelling", "cold-pale-limb",
            "fasciculations", "atrophy", "fatigable-weakness", "ptosis-or-diplopia", "bulbar-signs",
            "upper-motor-neuron-signs", "muscle-tenderness",
        },
    ),
]  # fmt: skip


def whole_patient_rows(exam, labels):
    """The other findings, present and looked for and absent, as (group, [(label, found)]) rows:
    the groups above first, then the history (anything else)."""
    findings = [(slug, "present") for slug in exam.get("other", [])]
    findings += [(slug, "absent") for slug in exam.get("absent", [])]
    groups = [(title, members, []) for title, members in WHOLE_PATIENT_GROUPS] + [("History", None, [])]
    for slug, found in findings:
        group = next(rows for _, members, rows in groups if members is None or slug in members)
        group.append((labels.get(slug, slug), found))
    return [(title, rows) for title, _, rows in groups if rows]


# How many distinct learners must have answered a step before the class's answers to it are shown:
# below that, a figure could point at someone.
PEER_THRESHOLD = 5


def answer_distribution(states, counts):
    """For the summary: each step's options with how many learners chose each first; a step fewer
    than PEER_THRESHOLD learners have answered is marked `hidden`, its figures never shown."""
    rows = []
    for state in states:
        total = sum(counts.get(option.pk, 0) for option in state.options)
        rows.append(
            {
                "state": state,
                "total": total,
                "hidden": total < PEER_THRESHOLD,
                "threshold": PEER_THRESHOLD,
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


# --- Open site steps ---------------------------------------------------------------------------------

VERDICT_WORDS = {
    "right": "Right",
    "accepted": "Accepted",
    "close": "Close, but not right",
    "wrong": "Not right",
    "revealed": "The answer",
}


def pick_answer(values, case, options, engine):
    """What to record for a pick posted at an open step (`values`: the form's "site" values):
    (answer, ""), the answer being the case's option for the pick (or None), the site, its segment
    and the verdict; or (None, error) when the form names no site, or more than one."""
    if len(values) != 1 or not values[0]:
        return None, "Pick one site of the pathway, then answer."
    pick = parse_pick(values[0], engine)
    if pick is None:
        return None, "That is not a site of the pathway: pick one on the diagram or in the list."
    verdict = judge(engine, case.findings(), options, pick)
    site_id = Structure.objects.values_list("pk", flat=True).get(slug=pick.site)
    return {
        "option": verdict.option,
        "site_id": site_id,
        "segment": pick.segment,
        "correct": verdict.counts_as_right,
    }, ""


def open_step_state(state, engine, findings, hidden, *, finished, exam_mode, pick_counts):
    """Fill in an answered open step's state for the page: the verdict on the latest pick, the
    feedback (the case's own for a site it wrote one for, and the localizer's), and, once the step
    is done (answered right, revealed, or the case finished), the pathway with the learner's first
    pick, the answer and, past the threshold, where the class pointed."""
    latest = state.latest
    correct = next(option for option in state.options if option.correct)
    pick = Pick(latest.site.slug, latest.segment)
    verdict = Verdict("revealed", correct) if latest.revealed else judge(engine, findings, state.options, pick)
    state.verdict, state.verdict_words, state.chosen = verdict, VERDICT_WORDS[verdict.kind], verdict.option
    state.pick_label = latest.answer_label
    state.done = latest.correct or latest.revealed or finished
    if exam_mode:
        state.localizer = None
        return
    if verdict.kind in ("right", "accepted", "revealed"):
        state.localizer = pick_feedback(engine, findings, pick, hidden)
    else:  # the step's own answer is still to be found: nothing shown may name it
        names = [*hidden, *answer_names(correct)]
        state.localizer = pick_feedback(engine, findings, pick, names)
        if verdict.option is not None and option_names_any(verdict.option, names):
            state.chosen, state.withheld = None, True
        if state.chosen is None:  # no note of the case's own: what the sources say of the site picked
            passages = Passage.objects.filter(structures__slug=pick.site).select_related("source")
            state.site_passages = [p for p in passages if not _names_any(f"{p.text} {p.note}", names)][:2]
    if state.done:
        first = state.first
        state.pathway = pathway_result(
            engine,
            state.options,
            mine=Pick(first.site.slug, first.segment).value,
            counts=pick_counts.get(state.step.pk, {}),
        )


def option_names_any(option, names):
    """Whether anything the case shows with an option (its feedback, reference and cited passages)
    names one of `names`: a wrong pick's own note must not give the step's answer away."""
    passages = [f"{passage.text} {passage.note}" for passage in option.passages.all()]
    return _names_any(" ".join([option.feedback, option.reference, *passages]), names)


def pathway_result(engine, options, *, mine, counts):
    """The pathway drawn after an open step: each site with its marks (the learner's first pick,
    the answer, an accepted alternative) and the class's share of first picks as a shade 1-4;
    with the table of the class's picks, most picked first. The class's figures are left out
    below PEER_THRESHOLD learners."""
    total = sum(counts.values())
    shown = total >= PEER_THRESHOLD
    marks = {}
    for option in options:
        if option.counts_as_right and option.structure_id:
            value = Pick(option.structure.slug, option.segment).value
            marks[value] = "answer" if option.correct else "accepted"
    groups, rows = [], []
    for group in pickable(engine):
        sites = []
        for site in group["sites"]:
            count = counts.get(site["value"], 0) if shown else 0
            share = count / total if total else 0
            shade = 0 if not count else 4 if share >= 0.5 else 3 if share >= 0.25 else 2 if share >= 0.1 else 1
            item = {**site, "mark": marks.get(site["value"], ""), "mine": site["value"] == mine, "shade": shade}
            sites.append(item)
            if count:
                rows.append({**item, "count": count, "percent": round(100 * share)})
        groups.append({**group, "sites": sites})
    rows.sort(key=lambda row: -row["count"])
    return {"groups": groups, "rows": rows, "total": total, "shown": shown, "threshold": PEER_THRESHOLD}
