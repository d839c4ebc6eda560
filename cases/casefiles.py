"""The teaching cases of cases/content/*.yaml: reading, checking and serializing them (writing
them to the database is cases.casewriting's).

`CASE_FILES` is the part that `load_content` and `export_content` handle with the knowledge base,
in the same transaction and with the same guarantees: the files are checked whole before
anything is written, an unchanged case is not touched, and a case is updated in place: steps
are matched by kind and options by what they point to, so that learners' responses to them
survive an edit of the wording. Removing a case, step or option that learners have answered
stops the load with a message (the rows are PROTECTed).
"""

import datetime

from django.conf import settings

from cases.casewriting import write_cases
from cases.models import Case, Step, default_step_mode, is_weak
from knowledge.contentfiles import Checker, ContentError, ContentPart, compact, load_content, read_yaml, remove_entries
from knowledge.localizer import FindingsError, validate
from knowledge.models import Finding, Level

CASE_KEYS = [
    "slug", "title", "difficulty", "topics", "conditions", "published", "author", "reviewed", "stem",
    "side", "examination", "steps", "teaching_points", "contrast",
]  # fmt: skip
EXAMINATION_KEYS = [
    "power", "sensory_loss", "sensory_normal", "reflexes", "plantar", "pain", "pulses", "other", "absent",
]  # fmt: skip
STEP_KEYS = ["kind", "mode", "prompt", "options"]
OPTION_KEYS = ["label", "points_to", "correct", "accepted", "segment", "feedback", "passages", "reference"]
POINT_KEYS = ["text", "passages", "reference"]
# What a case's topics may say: the presentation (where, how fast, with or without pain, in what
# setting), never a level, a site or a diagnosis, which are the answers. docs/content-format.md
# says what each means.
TOPICS = [
    "foot-drop",
    "weak-push-off",
    "weak-thigh",
    "weak-hip",
    "whole-leg",
    "sudden",
    "over-days",
    "over-months",
    "painful",
    "painless",
    "after-surgery",
    "after-injury",
    "in-sport",
    "in-a-child",
]
# An examination may give a movement's power as an MRC grade, or, where grading is impossible (an
# infant), as what was seen: weak or normal.
OBSERVED_POWER = ["weak", "normal"]


class CaseChecker(Checker):
    """The checks of one case file, with a message that names the file and the case."""

    def fail(self, slug, problem):
        return ContentError(self.file, slug, problem)


def read_cases(folder, data):
    """Read and check every case file in folder against data's knowledge base: {slug: entry}."""
    cases = {}
    if not folder.exists():
        return cases
    vocabulary = _vocabulary(data)
    condition_order = {condition: index for index, condition in enumerate(data["conditions"])}
    for path in sorted(folder.glob("*.yaml"), key=lambda path: path.stem):
        check = CaseChecker(f"cases/{path.name}")
        raw = read_yaml(path, folder, name=check.file)
        slug = check.entry(
            raw, CASE_KEYS, ["slug", "title", "difficulty", "stem", "side", "examination", "steps"], "case"
        )
        if path.stem != slug:
            raise check.fail(slug, f"a case's file must be named after its slug: cases/{slug}.yaml")
        check.choice(raw, slug, "difficulty", Case.Difficulty.values)
        check.choice(raw, slug, "side", Case.Side.values)
        entry = {
            "slug": slug,
            "title": check.text(raw, slug, "title"),
            "difficulty": raw["difficulty"],
            "topics": _topics(check, raw, slug),
            "conditions": check.slugs(raw, slug, "conditions"),
            "published": _boolean(check, raw.get("published", False), slug, "published"),
            "author": check.text(raw, slug, "author"),
            "reviewed": _date(check, raw.get("reviewed"), slug),
            "stem": check.text(raw, slug, "stem"),
            "side": raw["side"],
            "examination": _examination(check, raw["examination"], vocabulary, slug),
            "steps": _steps(check, raw["steps"], data, slug, raw["difficulty"]),
            "teaching_points": _teaching_points(check, raw.get("teaching_points") or [], data, slug),
            "contrast": check.text(raw, slug, "contrast"),
        }
        for condition in entry["conditions"]:
            if condition not in data["conditions"]:
                raise check.fail(slug, f"'conditions' names '{condition}', which is not a known condition")
        entry["conditions"] = sorted(entry["conditions"], key=condition_order.__getitem__)
        cases[slug] = compact(entry)
    for slug, entry in cases.items():
        contrast = entry.get("contrast")
        if contrast and (contrast not in cases or contrast == slug):
            raise ContentError(f"cases/{slug}.yaml", slug, f"'contrast' names '{contrast}', which is not another case")
    return cases


def _topics(check, raw, slug):
    topics = check.slugs(raw, slug, "topics")
    for topic in topics:
        if topic not in TOPICS:
            raise check.fail(
                slug, f"topic '{topic}' is not one of {', '.join(TOPICS)} (topics describe the presentation)"
            )
    order = {topic: index for index, topic in enumerate(TOPICS)}
    return sorted(topics, key=order.__getitem__)


def _vocabulary(data):
    """The knowledge base's findings in the plain form the localizer validates against."""

    class Vocabulary:
        movements = {slug: None for slug, entry in data["findings"].items() if entry["kind"] == "movement"}
        areas = [slug for slug, entry in data["findings"].items() if entry["kind"] == "area"]
        reflexes = {slug: None for slug, entry in data["findings"].items() if entry["kind"] == "reflex"}
        pulses = {slug: None for slug, entry in data["findings"].items() if entry["kind"] == "pulse"}
        other = [slug for slug, entry in data["findings"].items() if entry["kind"] == "other"]
        order = {slug: index for index, slug in enumerate(data["findings"])}

    return Vocabulary


def _boolean(check, value, slug, key):
    if not isinstance(value, bool):
        raise check.fail(slug, f"'{key}' must be true or false")
    return value


def _date(check, value, slug):
    if value in (None, ""):
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    try:
        return datetime.date.fromisoformat(str(value)).isoformat()
    except ValueError as error:
        raise check.fail(slug, f"'reviewed' must be a date as YYYY-MM-DD; got {value!r}") from error


def _examination(check, raw, vocabulary, slug):
    """Check the examination against the localizer's contract and put it in canonical order."""
    if not isinstance(raw, dict) or set(raw) - set(EXAMINATION_KEYS):
        unknown = sorted(set(raw) - set(EXAMINATION_KEYS)) if isinstance(raw, dict) else raw
        raise check.fail(slug, f"'examination' has unknown keys {unknown}; allowed: {', '.join(EXAMINATION_KEYS)}")
    power = raw.get("power") or {}
    if not isinstance(power, dict):
        raise check.fail(slug, "'examination.power' must map movements to MRC grades 0-5")
    for movement, grade in power.items():
        if movement not in vocabulary.movements:
            raise check.fail(slug, f"'examination.power' names '{movement}', which is not a movement")
        graded = isinstance(grade, int) and not isinstance(grade, bool) and 0 <= grade <= 5
        if not graded and grade not in OBSERVED_POWER:
            raise check.fail(slug, f"power of '{movement}' must be an MRC grade 0-5, or weak or normal; got {grade!r}")
    findings = {key: value for key, value in raw.items() if key != "power" and value not in (None, [], {}, "")}
    findings["weak"] = [movement for movement, grade in power.items() if is_weak(grade)]
    findings["spared"] = [movement for movement, grade in power.items() if not is_weak(grade)]
    try:
        validate(findings, vocabulary)
    except FindingsError as error:
        raise check.fail(slug, f"examination: {error}") from error
    order = vocabulary.order
    exam = {"power": {movement: power[movement] for movement in sorted(power, key=order.__getitem__)}}
    for key in ("sensory_loss", "sensory_normal", "other", "absent"):
        exam[key] = sorted(raw.get(key) or [], key=order.__getitem__)
    for key in ("reflexes", "pulses"):
        values = raw.get(key) or {}
        exam[key] = {item: values[item] for item in sorted(values, key=order.__getitem__)}
    for key in ("plantar", "pain"):
        exam[key] = raw.get(key) or ""
    return {key: exam[key] for key in EXAMINATION_KEYS if exam[key] not in ("", [], {})}


def _steps(check, raw_steps, data, slug, difficulty):
    if not isinstance(raw_steps, list) or not 1 <= len(raw_steps) <= 4:
        raise check.fail(slug, "'steps' must be a list of 1 to 4 steps")
    steps, kinds = [], set()
    for number, raw in enumerate(raw_steps, start=1):
        where = f"step {number}"
        if not isinstance(raw, dict) or set(raw) - set(STEP_KEYS):
            raise check.fail(slug, f"{where}: keys must be among {', '.join(STEP_KEYS)}")
        kind = raw.get("kind")
        if kind not in Step.Kind.values:
            raise check.fail(slug, f"{where}: 'kind' must be one of {', '.join(Step.Kind.values)}")
        if kind in kinds:
            raise check.fail(slug, f"{where}: a case asks each kind of step once; '{kind}' is twice")
        kinds.add(kind)
        if not raw.get("prompt"):
            raise check.fail(slug, f"{where}: missing field 'prompt'")
        mode = raw.get("mode", default_step_mode(kind, difficulty))
        if mode not in Step.Mode.values or (mode == "open" and kind != "site"):
            raise check.fail(slug, f"{where}: 'mode' must be 'choice', or 'open' on a site step")
        options = _options(check, raw.get("options"), kind, data, slug, where, fewest=1 if mode == "open" else 2)
        written = mode if mode != default_step_mode(kind, difficulty) else ""  # the default goes unwritten
        steps.append(compact({"kind": kind, "mode": written, "prompt": str(raw["prompt"])}) | {"options": options})
    return steps


def _options(check, raw_options, kind, data, slug, where, fewest=2):
    """The options of a step: at least 2 for a choice; an open step needs only its answer, and may
    add the wrong picks it writes feedback for."""
    if not isinstance(raw_options, list) or len(raw_options) < fewest:
        raise check.fail(slug, f"{where}: 'options' must list at least {fewest} option{'s' if fewest > 1 else ''}")
    targets = {
        "level": set(Level.values),
        "site": set(data["structures"]),
        "diagnosis": set(data["conditions"]),
        "investigation": set(data["investigations"]),
    }[kind]
    options, seen = [], set()
    for raw in raw_options:
        if not isinstance(raw, dict) or set(raw) - set(OPTION_KEYS):
            raise check.fail(slug, f"{where}: each option's keys must be among {', '.join(OPTION_KEYS)}")
        label, target = raw.get("label"), raw.get("points_to")
        if not label or not raw.get("feedback"):
            raise check.fail(slug, f"{where}: option '{label}' needs a label and feedback")
        if target not in targets:
            raise check.fail(slug, f"{where}: option '{label}' points to '{target}', which is not a known {kind}")
        if target in seen:
            raise check.fail(slug, f"{where}: two options point to '{target}'")
        seen.add(target)
        passages = raw.get("passages") or []
        for passage in passages:
            if passage not in data["passages"]:
                raise check.fail(slug, f"{where}: option '{label}' cites '{passage}', which is not a known passage")
        correct = _boolean(check, raw.get("correct", False), slug, "correct")
        accepted = _boolean(check, raw.get("accepted", False), slug, "accepted")
        if accepted and (correct or kind not in ("level", "site")):
            raise check.fail(
                slug, f"{where}: option '{label}' is accepted: only a wrong option of a level or site step may be"
            )
        segment = raw.get("segment", "")
        if segment:
            course = data["structures"][target].get("course", []) if kind == "site" else []
            if segment not in {item.get("segment") for item in course}:
                raise check.fail(
                    slug, f"{where}: option '{label}' names segment '{segment}', which is not a segment of '{target}'"
                )
        options.append(
            compact(
                {
                    "label": str(label),
                    "points_to": target,
                    "correct": correct,
                    "accepted": accepted or None,  # written only when true
                    "segment": str(segment),
                    "feedback": str(raw["feedback"]),
                    "passages": _passage_order(passages, data),
                    "reference": check.text(raw, slug, "reference"),
                }
            )
            | {"correct": correct}
        )
    if sum(option["correct"] for option in options) != 1:
        raise check.fail(slug, f"{where}: exactly one option must be correct")
    return options


def _teaching_points(check, raw_points, data, slug):
    points = []
    for raw in raw_points:
        if not isinstance(raw, dict) or set(raw) - set(POINT_KEYS) or not raw.get("text"):
            raise check.fail(slug, "each teaching point must be {text: ..., passages: [...]}")
        passages = raw.get("passages") or []
        for passage in passages:
            if passage not in data["passages"]:
                raise check.fail(slug, f"a teaching point cites '{passage}', which is not a known passage")
        point = {"text": str(raw["text"]), "passages": _passage_order(passages, data)}
        points.append(compact(point | {"reference": check.text(raw, slug, "reference")}))
    return points


def _passage_order(passages, data):
    return sorted(passages, key=lambda slug: (data["passages"][slug]["source"], data["passages"][slug]["order"]))


# --- The database as entries ---------------------------------------------------------------------


def serialize_cases():
    finding_order = {slug: index for index, slug in enumerate(Finding.objects.values_list("slug", flat=True))}
    cases = Case.objects.select_related("contrast").prefetch_related(
        "conditions",
        "steps__options__structure",
        "steps__options__condition",
        "steps__options__investigation",
        "steps__options__passages__source",
        "teaching_points__passages__source",
    )
    entries = {}
    for case in sorted(cases, key=lambda case: case.slug):
        entry = {
            "slug": case.slug,
            "title": case.title,
            "difficulty": case.difficulty,
            "topics": case.topics,
            "conditions": [condition.slug for condition in sorted(case.conditions.all(), key=lambda c: c.order)],
            "published": case.published,
            "author": case.author,
            "reviewed": case.reviewed.isoformat() if case.reviewed else "",
            "stem": case.stem,
            "side": case.side,
            "examination": _canonical_examination(case.examination, finding_order),
            "steps": [
                compact(
                    {
                        "kind": step.kind,
                        "mode": step.mode if step.mode != default_step_mode(step.kind, case.difficulty) else "",
                        "prompt": step.prompt,
                    }
                )
                | {
                    "options": [
                        compact(
                            {
                                "label": option.label,
                                "points_to": option.points_to,
                                "correct": option.correct,
                                "accepted": option.accepted or None,
                                "segment": option.segment,
                                "feedback": option.feedback,
                                "passages": _db_passage_order(option.passages.all()),
                                "reference": option.reference,
                            }
                        )
                        | {"correct": option.correct}
                        for option in step.options.all()
                    ],
                }
                for step in case.steps.all()
            ],
            "teaching_points": [
                compact(
                    {
                        "text": point.text,
                        "passages": _db_passage_order(point.passages.all()),
                        "reference": point.reference,
                    }
                )
                for point in case.teaching_points.all()
            ],
            "contrast": case.contrast.slug if case.contrast else "",
        }
        entries[case.slug] = compact(entry)
    return entries


def _canonical_examination(examination, order):
    """The stored examination in the files' order (PostgreSQL's jsonb does not keep key order)."""
    exam = {}
    for key in EXAMINATION_KEYS:
        value = examination.get(key)
        if isinstance(value, dict):
            value = {item: value[item] for item in sorted(value, key=lambda slug: order.get(slug, len(order)))}
        elif isinstance(value, list):
            value = sorted(value, key=lambda slug: order.get(slug, len(order)))
        if value not in (None, "", [], {}):
            exam[key] = value
    return exam


def _db_passage_order(passages):
    return [passage.slug for passage in sorted(passages, key=lambda p: (p.source.slug, p.order))]


def remove_cases(slugs):
    remove_entries(Case, slugs, "cases")


CASE_FILES = ContentPart(
    kind="cases", read=read_cases, serialize=serialize_cases, write=write_cases, remove=remove_cases
)


def load_shipped_content():
    """Load the shipped knowledge base and cases (what `manage.py load_content` does)."""
    return load_content(settings.KNOWLEDGE_CONTENT_DIR, parts=[(CASE_FILES, settings.CASE_CONTENT_DIR)])
