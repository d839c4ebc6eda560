"""Authoring checks and the content format from the admin: what a case must satisfy before
students see it (checked on save), and the export and import of cases as content files.

The checks: each step has exactly one correct option, every option has feedback, a site option
names a site the localizer knows, the title and topics name no answer, and the case's own
examination, run through the localizer, ranks its correct site (and segment) first, or an
alternative the case accepts with the correct site close behind."""

import io
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from cases.casefiles import read_cases, serialize_cases
from cases.casewriting import write_cases
from cases.models import Step
from cases.play import answer_names
from knowledge.contentfiles import ContentError, dump_yaml
from knowledge.contentfiles.serializing import serialize_database
from knowledge.localizer import describe
from knowledge.versioning import bump_content_version

TOP_SITES = 3
EVIDENCE_SHOWN = 5


@dataclass
class Report:
    problems: list = field(default_factory=list)
    candidates: list = field(default_factory=list)  # the localizer's first sites, when it disagrees


def _answer_names(option):
    return [name for name in answer_names(option) if len(name) > 3]


def _names_in(text, names):
    return [name for name in names if re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text, re.IGNORECASE)]


def check_case(case, engine):
    """The problems of a case as saved (steps and options included), and the localizer's view."""
    report = Report()
    steps = list(case.steps.prefetch_related("options__structure", "options__condition", "options__investigation"))
    if not steps:
        report.problems.append("The case has no steps.")
    correct_site = None
    for step in steps:
        options = list(step.options.all())
        where = f"Step {step.number} ({step.get_kind_display().lower()})"
        right = [option for option in options if option.correct]
        if len(right) != 1:
            report.problems.append(f"{where} has {len(right)} correct options: it needs exactly one.")
        for option in options:
            if not option.feedback.strip():
                report.problems.append(f"{where}: the option “{option.label}” has no feedback.")
            if step.kind == Step.Kind.SITE and (
                option.structure is None or option.structure.slug not in engine.profiles
            ):
                report.problems.append(f"{where}: the option “{option.label}” names no site of the knowledge base.")
        for option in right:
            shown = " ".join([case.title, *[topic.replace("-", " ") for topic in case.topics]])
            leaked = _names_in(shown, _answer_names(option))
            if leaked:
                report.problems.append(f"The title or topics name the answer of {where.lower()}: {', '.join(leaked)}.")
            if step.kind == Step.Kind.SITE:
                correct_site = (option, step)
    if correct_site and case.findings().get("weak"):
        _check_localizer(case, engine, *correct_site, report)
    return report


def _check_localizer(case, engine, option, step, report):
    findings = case.findings()
    candidates = engine.localize(findings).candidates
    if not candidates:
        report.problems.append("The localizer finds no site that explains this examination.")
        return
    best = candidates[0].score
    tied = {candidate.site for candidate in candidates if candidate.score == best}
    accepted = {o.structure.slug for o in step.options.all() if o.accepted and o.structure}
    close = {candidate.site for candidate in candidates[:TOP_SITES]}
    slug = option.structure.slug
    found = engine.assess(findings, slug).segment if option.segment else None
    if slug not in tied and not (tied & accepted and slug in close):
        report.problems.append(
            f"The case's own examination does not put the lesion at {option.structure.name}: the localizer ranks "
            f"{candidates[0].name} first. Revise the examination, or accept the first site if the examination "
            "truly cannot tell them apart (and say why in its feedback)."
        )
    elif option.segment and (found or {}).get("slug") != option.segment:
        report.problems.append(
            f"The examination puts the lesion {(found or {}).get('name', 'nowhere along the nerve').lower()}, "
            f"not at the segment the case names ({option.segment_name or option.segment})."
        )
    else:
        return
    labels = engine.anatomy.labels
    for candidate in candidates[:TOP_SITES]:
        report.candidates.append(
            {
                "name": candidate.name + (f" ({candidate.segment['name']})" if candidate.segment else ""),
                "score": candidate.score,
                "evidence": [
                    (describe(item.finding, labels), item.weight) for item in candidate.evidence[:EVIDENCE_SHOWN]
                ],
            }
        )


# --- The content format -----------------------------------------------------------------------


def export_zip(slugs):
    """The cases as content files (cases/<slug>.yaml) in a zip archive's bytes."""
    entries = serialize_cases()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for slug in sorted(slugs):
            archive.writestr(f"cases/{slug}.yaml", dump_yaml(entries[slug]))
    return buffer.getvalue()


class ImportProblem(Exception):
    pass


def import_files(files):
    """Create or update cases from content files ({file name: text}; a .zip is opened), all or
    nothing, with the loader's own checks. Other cases are left as they are. Returns the slugs."""
    texts = {}
    for name, content in files.items():
        if name.endswith(".zip"):
            try:
                with zipfile.ZipFile(io.BytesIO(content)) as archive:
                    for inner in archive.namelist():
                        if inner.endswith(".yaml"):
                            texts[Path(inner).name] = archive.read(inner)
            except zipfile.BadZipFile:
                raise ImportProblem(f"{name} is not a zip archive.") from None
        elif name.endswith((".yaml", ".yml")):
            texts[Path(name).with_suffix(".yaml").name] = content
        else:
            raise ImportProblem(f"{name}: give case files (.yaml) or a zip archive of them.")
    if not texts:
        raise ImportProblem("No case file was given.")
    imported = [Path(name).stem for name in texts]
    with tempfile.TemporaryDirectory() as folder:
        cases = Path(folder) / "cases"
        cases.mkdir()
        for slug, entry in serialize_cases().items():  # the others, so a contrast may name them
            if f"{slug}.yaml" not in texts:
                (cases / f"{slug}.yaml").write_text(dump_yaml(entry), encoding="utf-8")
        for name, content in texts.items():
            try:
                (cases / name).write_text(content.decode("utf-8"), encoding="utf-8")
            except UnicodeDecodeError:
                raise ImportProblem(f"{name} is not UTF-8 text.") from None
        try:
            wanted = read_cases(cases, serialize_database())
        except ContentError as error:
            raise ImportProblem(str(error)) from None
    try:
        with transaction.atomic():
            write_cases(wanted, imported)
            bump_content_version()
    except ContentError as error:
        raise ImportProblem(str(error)) from None
    return sorted(imported)
