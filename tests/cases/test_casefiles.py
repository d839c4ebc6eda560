"""The case files' own checks (cases.casefiles): what the loader refuses in a case, with a message
that names the file and the problem, and what it accepts. Each test edits a copy of a fixed case
file beside the shipped knowledge base."""

import shutil
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from cases.casefiles import CASE_FILES, TOPICS
from cases.models import Case, Option, TeachingPoint
from knowledge.contentfiles import ContentError, dump_yaml, load_content

FIXTURE = Path(__file__).parent / "casefiles" / "peroneal-palsy-fixture.yaml"


@pytest.fixture
def folder(tmp_path):
    shutil.copytree(settings.KNOWLEDGE_CONTENT_DIR, tmp_path / "content")
    (tmp_path / "content" / "cases").mkdir()
    shutil.copy(FIXTURE, tmp_path / "content" / "cases" / FIXTURE.name)
    return tmp_path / "content"


def edit(folder, change, name=FIXTURE.name):
    path = folder / "cases" / name
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(dump_yaml(data), encoding="utf-8")


def load(folder):
    return load_content(folder, parts=[(CASE_FILES, folder / "cases")])


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda case: case.update(topics=["peripheral-nerve"]), "topic 'peripheral-nerve' is not one of"),
        (lambda case: case.update(topics=["common-peroneal-palsy"]), "topics describe the presentation"),
        (lambda case: case.pop("side"), "missing field 'side'"),
        (lambda case: case.update(side="both"), "'side' must be one of left, right"),
        (lambda case: case.update(contrast="no-such-case"), "'contrast' names 'no-such-case'"),
        (lambda case: case.update(contrast="peroneal-palsy-fixture"), "which is not another case"),
        (lambda case: case["examination"]["power"].update({"hip-flexion": "floppy"}), "or weak or normal"),
        (lambda case: case["examination"]["power"].update({"hip-flexion": 6}), "MRC grade 0-5"),
        (lambda case: case["steps"][2]["options"][1].update(accepted=True), "only a wrong option of a level or site"),
        (lambda case: case["steps"][0]["options"][0].update(accepted=True), "only a wrong option of a level or site"),
        (lambda case: case["steps"][1]["options"][1].update(accepted="yes"), "accepted"),
        (lambda case: case["steps"][1]["options"][0].update(segment="in-the-pelvis"), "not a segment of"),
        (lambda case: case["steps"][2]["options"][0].update(segment="at-the-fibular-head"), "not a segment of"),
        (lambda case: case["steps"][0].update(mode="open"), "'mode' must be 'choice', or 'open' on a site step"),
        (lambda case: case["steps"][1].update(mode="free"), "'mode' must be 'choice', or 'open' on a site step"),
        (lambda case: case["steps"][0].update(options=case["steps"][0]["options"][:1]), "at least 2 options"),
    ],
    ids=[
        "level-topic",
        "diagnosis-topic",
        "no-side",
        "bad-side",
        "unknown-contrast",
        "self-contrast",
        "bad-observed-power",
        "grade-6",
        "accepted-diagnosis",
        "accepted-and-correct",
        "accepted-not-boolean",
        "segment-of-another-nerve",
        "segment-outside-a-site-step",
        "open-level-step",
        "unknown-mode",
        "one-option-at-a-choice",
    ],  # fmt: skip
)
def test_the_loader_refuses_a_case_that_breaks_a_rule(db, folder, change, problem):
    edit(folder, change)
    with pytest.raises(ContentError) as caught:
        load(folder)
    assert problem in str(caught.value) and "cases/peroneal-palsy-fixture.yaml" in str(caught.value)
    assert not Case.objects.exists()


def test_every_topic_of_the_vocabulary_is_a_presentation_not_an_answer():
    from knowledge.models import Level

    assert not set(TOPICS) & set(Level.values)


def test_observed_power_references_and_a_contrast_load_and_export_unchanged(db, folder, tmp_path):
    def infant_exam_and_references(case):
        case["examination"]["power"].update({"hip-flexion": "normal", "ankle-dorsiflexion": "weak"})
        case["steps"][0]["options"][0]["reference"] = "Brazis PW et al. Localization in Clinical Neurology, 8th ed."
        case["teaching_points"][0]["reference"] = "O'Brien M. Aids to the Examination of the PNS, 6th ed."
        case["contrast"] = "the-other-case"

    edit(folder, infant_exam_and_references)
    other = yaml.safe_load(FIXTURE.read_text(encoding="utf-8")) | {"slug": "the-other-case", "title": "Another"}
    other["contrast"] = "peroneal-palsy-fixture"
    (folder / "cases" / "the-other-case.yaml").write_text(dump_yaml(other), encoding="utf-8")

    load(folder)

    case = Case.objects.get(slug="peroneal-palsy-fixture")
    assert case.contrast.slug == "the-other-case" and Case.objects.get(slug="the-other-case").contrast == case
    assert "ankle-dorsiflexion" in case.findings()["weak"] and "hip-flexion" in case.findings()["spared"]
    assert Option.objects.filter(reference__startswith="Brazis").count() == 1
    assert TeachingPoint.objects.get(case=case, number=1).reference.startswith("O'Brien")
    assert load(folder).changed is False
    from knowledge.contentfiles import export_content

    export_content(tmp_path / "out", parts=[CASE_FILES])
    for name in ("peroneal-palsy-fixture.yaml", "the-other-case.yaml"):
        assert (tmp_path / "out" / "cases" / name).read_bytes() == (folder / "cases" / name).read_bytes()


def test_an_accepted_alternative_loads_and_exports_unchanged(db, folder, tmp_path):
    edit(folder, lambda case: case["steps"][1]["options"][1].update(accepted=True))
    load(folder)

    accepted = Option.objects.get(accepted=True)
    assert accepted.step.kind == "site" and not accepted.correct and accepted.counts_as_right
    assert Option.objects.filter(correct=True).count() == 4
    from knowledge.contentfiles import export_content

    export_content(tmp_path / "out", parts=[CASE_FILES])
    exported = (tmp_path / "out" / "cases" / FIXTURE.name).read_text(encoding="utf-8")
    assert yaml.safe_load(exported) == yaml.safe_load((folder / "cases" / FIXTURE.name).read_text(encoding="utf-8"))
    assert exported.count("accepted: true") == 1 and "accepted: false" not in exported


def test_a_site_step_is_open_by_default_past_the_introductory_and_exports_unchanged(db, folder, tmp_path):
    from knowledge.contentfiles import export_content

    def intermediate_with_only_the_answer(case):
        case["difficulty"] = "intermediate"
        case["steps"][1]["options"] = [option for option in case["steps"][1]["options"] if option.get("correct")]

    edit(folder, intermediate_with_only_the_answer)
    load(folder)
    site = Case.objects.get().steps.get(kind="site")
    assert site.mode == "open" and site.options.count() == 1  # an open step needs only its answer
    assert set(Case.objects.get().steps.exclude(kind="site").values_list("mode", flat=True)) == {"choice"}
    export_content(tmp_path / "out", parts=[CASE_FILES])
    exported = (tmp_path / "out" / "cases" / FIXTURE.name).read_text(encoding="utf-8")
    assert exported == (folder / "cases" / FIXTURE.name).read_text(encoding="utf-8") and "mode:" not in exported

    edit(folder, lambda case: case["steps"][1].update(mode="choice"))  # an intermediate case keeping choices
    edit(folder, lambda case: case["steps"][1]["options"].append(dict(case["steps"][0]["options"][0])))
    with pytest.raises(ContentError):  # a level option on a site step: refused whatever the mode
        load(folder)


def test_an_introductory_case_may_open_its_site_step(db, folder, tmp_path):
    from knowledge.contentfiles import export_content

    def open_site_step(case):
        case["steps"][1] = {"kind": "site", "mode": "open"} | case["steps"][1]  # the files' key order

    edit(folder, open_site_step)
    load(folder)
    assert Case.objects.get().steps.get(kind="site").mode == "open"
    export_content(tmp_path / "out", parts=[CASE_FILES])
    exported = (tmp_path / "out" / "cases" / FIXTURE.name).read_text(encoding="utf-8")
    assert exported == (folder / "cases" / FIXTURE.name).read_text(encoding="utf-8") and "mode: open" in exported


def test_only_a_site_step_can_be_open_in_the_database(db, content):
    from django.core.exceptions import ValidationError

    from tests.factories import make_case

    step = make_case().steps.get(kind="level")
    step.mode = "open"
    with pytest.raises(ValidationError):
        step.full_clean()
