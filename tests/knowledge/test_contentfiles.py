"""The content loader and exporter (knowledge.contentfiles, with the cases as cases.casefiles.CASE_FILES)
against the shipped content files.

Variants of the content are made in a copy under tmp_path. Files are edited by parsing them and
writing them back with the exporter's own dump_yaml, which reproduces the shipped files byte for
byte (test_export_writes_the_shipped_files_byte_for_byte), so an edit changes only what it means to.
"""

import shutil
import tempfile
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from cases.casefiles import CASE_FILES
from knowledge.contentfiles import KNOWLEDGE_KINDS, ContentError, database, dump_yaml
from knowledge.contentfiles import export_content as export_knowledge
from knowledge.contentfiles import load_content as load_knowledge
from knowledge.contentfiles.reading import read_files
from knowledge.contentfiles.serializing import serialize_database
from knowledge.models import (
    Condition,
    ConditionInvestigation,
    ContentVersion,
    Finding,
    Investigation,
    MuscleAction,
    Passage,
    ReflexRoot,
    SensoryArea,
    Source,
    Structure,
    StructureRoot,
)

KINDS = [*KNOWLEDGE_KINDS, "cases"]


def _shipped_tree():
    """The shipped content as one tree, as export_content writes it: the knowledge base's files
    with the case files in its cases/ folder."""
    root = Path(tempfile.mkdtemp(prefix="legweak-shipped-")) / "content"
    shutil.copytree(settings.KNOWLEDGE_CONTENT_DIR, root)
    shutil.copytree(settings.CASE_CONTENT_DIR, root / "cases")
    return root


SHIPPED = _shipped_tree()


def load_content(root):
    return load_knowledge(root, parts=[(CASE_FILES, Path(root) / "cases")])


def export_content(out_dir, **options):
    return export_knowledge(out_dir, parts=[CASE_FILES], **options)


# --- Helpers -------------------------------------------------------------------------------------


def read(root, rel):
    return yaml.safe_load((Path(root) / rel).read_text(encoding="utf-8"))


def edit(root, rel, change):
    """Parse root/rel, let change() mutate it in place, write it back in the files' format."""
    data = read(root, rel)
    change(data)
    (Path(root) / rel).write_text(dump_yaml(data), encoding="utf-8")


def by_slug(entries, slug):
    return next(entry for entry in entries if entry["slug"] == slug)


def stop_citing(entry, passage):
    """Take a passage out of an entry's 'passages', leaving the key out if that empties it."""
    if passage in entry.get("passages", []):
        entry["passages"].remove(passage)
        if not entry["passages"]:
            del entry["passages"]


def drop_cases_naming(root, slug):
    """Remove the case files that name a slug (an option pointing to it, a citation): the test at
    hand removes that entry and is not about cases. Returns how many were dropped."""
    dropped = 0
    for path in sorted((Path(root) / "cases").glob("*.yaml")):
        if slug in path.read_text(encoding="utf-8"):
            path.unlink()
            dropped += 1
    return dropped


def assert_valid(root):
    """Fail if a variant of the files is itself invalid, so that a regression test cannot pass or
    fail for a mistake in the variant rather than in the loader."""
    try:
        CASE_FILES.read(Path(root) / "cases", read_files(root))
    except ContentError as error:
        pytest.fail(f"the variant of the content is not valid: {error}")


def yaml_files(root):
    return sorted(str(path.relative_to(root)) for path in Path(root).rglob("*.yaml"))


def version():
    row = ContentVersion.objects.filter(pk=1).first()
    return row.number if row else 0


def totals(report):
    return {kind: (report.created[kind], report.updated[kind], report.removed[kind]) for kind in report.created}


def only(kind, created=0, updated=0, removed=0):
    """The totals of a report that changed only `kind`, by these numbers."""
    expected = dict.fromkeys(KINDS, (0, 0, 0))
    expected[kind] = (created, updated, removed)
    return expected


def shipped_entries():
    """Every entry of the shipped files, parsed here independently of the loader."""
    sources = [read(SHIPPED, rel) for rel in yaml_files(SHIPPED) if rel.startswith("sources/")]
    vocabulary = read(SHIPPED, "vocabulary.yaml")
    structures = [entry for rel in yaml_files(SHIPPED) if rel.startswith("structures/") for entry in read(SHIPPED, rel)]
    return {
        "sources": sources,
        "passages": [passage for source in sources for passage in source["passages"]],
        "findings": [entry for group in vocabulary.values() for entry in group],
        "reflexes": vocabulary["reflexes"],
        "structures": structures,
        "investigations": read(SHIPPED, "investigations.yaml"),
        "conditions": read(SHIPPED, "conditions.yaml"),
        "cases": [read(SHIPPED, rel) for rel in yaml_files(SHIPPED) if rel.startswith("cases/")],
    }


# --- Fixtures ------------------------------------------------------------------------------------


@pytest.fixture
def content(tmp_path):
    """A private copy of the shipped content, to make variants of."""
    root = tmp_path / "content"
    shutil.copytree(SHIPPED, root)
    return root


@pytest.fixture(scope="class")
def shipped_in_database(django_db_setup, django_db_blocker):
    """The shipped content, loaded once for a class of tests (a load takes a second or two) and
    rolled back after it; each test runs in its own savepoint inside this transaction."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_content(SHIPPED)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def loaded(shipped_in_database, db, content):
    """A copy of the shipped content, and a database that matches it."""
    return content


# --- 1. Loading the shipped content --------------------------------------------------------------


def test_loading_the_shipped_content_creates_one_row_per_entry_and_a_second_load_changes_nothing(db):
    files = shipped_entries()

    report = load_content(SHIPPED)

    expected = {kind: len(files[kind]) for kind in KINDS}
    assert report.created == expected
    assert not any(report.updated.values())
    assert not any(report.removed.values())
    assert Source.objects.count() == expected["sources"]
    assert Passage.objects.count() == expected["passages"]
    assert Finding.objects.count() == expected["findings"]
    assert Structure.objects.count() == expected["structures"]
    assert Investigation.objects.count() == expected["investigations"]
    assert Condition.objects.count() == expected["conditions"]
    # The relations too: one row per item of the lists that the files give.
    structures = files["structures"]
    assert StructureRoot.objects.count() == sum(len(entry.get("roots", [])) for entry in structures)
    assert StructureRoot.objects.filter(main=True).count() == sum(len(e.get("main_roots", [])) for e in structures)
    assert MuscleAction.objects.count() == sum(
        len(entry.get("actions", [])) + len(entry.get("minor_actions", [])) for entry in structures
    )
    assert SensoryArea.objects.count() == sum(len(entry.get("areas", [])) for entry in structures)
    assert ReflexRoot.objects.count() == sum(len(entry.get("roots", [])) for entry in files["reflexes"])
    assert ConditionInvestigation.objects.count() == sum(
        len(entry.get("investigations", [])) for entry in files["conditions"]
    )
    assert version() == 1

    again = load_content(SHIPPED)

    assert again.changed is False
    assert again.lines() == ["No changes: the database already matches the content files."]
    assert version() == 1, "a load that changes nothing must not invalidate the caches"

    out = StringIO()
    call_command("load_content", stdout=out)  # the default folder is the shipped content
    assert "No changes" in out.getvalue()
    assert version() == 1


# --- 5. Error messages name the file and the entry -----------------------------------------------


def add_unknown_key(root):
    edit(root, "structures/muscles.yaml", lambda entries: by_slug(entries, "psoas-major").update(colour="red"))


def drop_name(root):
    edit(root, "structures/nerves.yaml", lambda entries: by_slug(entries, "femoral-nerve").pop("name"))


def add_unknown_movement(root):
    edit(
        root, "structures/muscles.yaml", lambda entries: by_slug(entries, "psoas-major")["actions"].append("hip-flying")
    )


def add_main_root_not_in_roots(root):
    edit(
        root,
        "structures/muscles.yaml",
        lambda entries: by_slug(entries, "quadriceps-femoris")["main_roots"].append("l5-root"),
    )


def alter_passage_text(root):
    def change(source):
        passage = by_slug(source["passages"], "askvity-intro")
        passage["text"] = passage["text"].replace("variety", "number")

    edit(root, "sources/askvity-one-leg-weaker.yaml", change)


def break_yaml(root):
    with (root / "conditions.yaml").open("a", encoding="utf-8") as handle:
        handle.write("- slug: [unclosed\n")


def use_slug_twice(root):
    edit(root, "investigations.yaml", lambda entries: entries.append(dict(by_slug(entries, "emg"))))


def bad_onset(root):
    edit(root, "conditions.yaml", lambda entries: by_slug(entries, "als").update(onset="sudden"))


def bad_spread(root):
    edit(
        root,
        "structures/central.yaml",
        lambda entries: by_slug(entries, "several-peripheral-nerves").update(spread="patchy"),
    )


def spread_on_a_nerve(root):
    edit(root, "structures/nerves.yaml", lambda entries: by_slug(entries, "femoral-nerve").update(spread="multifocal"))


def misname_source_file(root):
    (root / "sources" / "askvity-one-leg-weaker.yaml").rename(root / "sources" / "askvity.yaml")


@pytest.mark.parametrize(
    ("break_it", "file", "entry", "problem"),
    [
        (add_unknown_key, "structures/muscles.yaml", "psoas-major", "unknown key 'colour'"),
        (drop_name, "structures/nerves.yaml", "femoral-nerve", "missing field 'name'"),
        (add_unknown_movement, "structures/muscles.yaml", "psoas-major", "'actions' names 'hip-flying'"),
        (add_main_root_not_in_roots, "structures/muscles.yaml", "quadriceps-femoris", "'main_roots' must be among"),
        (alter_passage_text, "sources/askvity-one-leg-weaker.yaml", "askvity-intro", "not found verbatim"),
        (break_yaml, "conditions.yaml", None, "not valid YAML"),
        (use_slug_twice, "investigations.yaml", "emg", "slug used twice"),
        (bad_onset, "conditions.yaml", "als", "'onset' must be one of"),
        (misname_source_file, "sources/askvity.yaml", "askvity-one-leg-weaker", "named after its slug"),
        (bad_spread, "structures/central.yaml", "several-peripheral-nerves", "'spread' must be one of multifocal"),
        (spread_on_a_nerve, "structures/nerves.yaml", "femoral-nerve", "only a central site has a 'spread'"),
    ],
    ids=lambda value: value.__name__ if callable(value) else None,
)
def test_a_content_error_names_the_file_and_the_entry(db, content, break_it, file, entry, problem):
    break_it(content)

    with pytest.raises(ContentError) as caught:
        load_content(content)

    error = caught.value
    assert (error.file, error.entry) == (file, entry)
    where = f"{file}: entry '{entry}'" if entry else file
    assert str(error).startswith(f"{where}: ")
    assert problem in str(error)
    assert not Structure.objects.exists(), "nothing is written"


# --- 6. Removal blocked when records depend on the entry -----------------------------------------


def test_an_entry_that_records_depend_on_is_not_removed(db):
    """No valid load can honestly reach this branch today: every model with a PROTECT foreign key
    to content (Finding, Structure, ConditionInvestigation) is itself rewritten or removed by the
    load (the one way a load reaches it is a bug: test_removing_a_pulse_together_with_its_artery).
    So the check is exercised on _remove directly, with a link that protects an investigation as a
    learner's record will once there is a model for them."""
    investigation = Investigation.objects.create(slug="nerve-biopsy", name="Nerve biopsy")
    unused = Investigation.objects.create(slug="skin-biopsy", name="Skin biopsy", order=1)
    condition = Condition.objects.create(
        slug="vasculitic-neuropathy", name="Vasculitic neuropathy", level="peripheral-nerve", onset="subacute",
        pain="severe", sensory="present", summary="A made-up entry.",
    )  # fmt: skip
    link = ConditionInvestigation.objects.create(condition=condition, investigation=investigation)

    with pytest.raises(ContentError) as caught:
        database.remove_entries(Investigation, {"nerve-biopsy", "skin-biopsy"}, "investigations.yaml")

    error = caught.value
    assert (error.file, error.entry) == ("investigations.yaml", "nerve-biopsy")
    assert "cannot be removed" in str(error)
    assert f"ConditionInvestigation {link.pk}" in str(error)
    assert Investigation.objects.filter(pk=investigation.pk).exists()
    assert ConditionInvestigation.objects.filter(pk=link.pk).exists()
    # Entries are removed in slug order, so the one nothing depends on had not been reached.
    assert Investigation.objects.filter(pk=unused.pk).exists()

    database.remove_entries(Investigation, {"skin-biopsy"}, "investigations.yaml")
    assert not Investigation.objects.filter(pk=unused.pk).exists()


# --- 2, 3, 4, 7: export round trip, updates, all-or-nothing loads, canonical lists ----------------


NEW_CONDITION = {
    "slug": "test-myopathy",
    "name": "A myopathy made up for the test",
    "level": "muscle",
    "sites": ["quadriceps-femoris"],
    "onset": "chronic",
    "pain": "none",
    "sensory": "none",
    "summary": "Slowly progressive weakness of one quadriceps.",
    "investigations": [{"investigation": "ck", "note": "Raised."}],
}


def break_late_after_an_early_edit(root):
    """A valid edit in an early file (structures/central.yaml) and an unknown site in a late one."""
    edit(root, "structures/central.yaml", lambda entries: entries[0].update(summary="Edited, never loaded."))
    edit(root, "conditions.yaml", lambda entries: by_slug(entries, "als")["sites"].append("no-such-nerve"))


@pytest.mark.usefixtures("shipped_in_database")
class TestOnTheShippedContent:
    def test_export_writes_the_shipped_files_byte_for_byte(self, loaded, tmp_path):
        by_function = tmp_path / "by-function"
        by_command = tmp_path / "by-command"

        export_content(by_function)
        out = StringIO()
        call_command("export_content", str(by_command), stdout=out)

        assert "Exported" in out.getvalue()
        for exported in (by_function, by_command):
            assert yaml_files(exported) == yaml_files(SHIPPED)
            for rel in yaml_files(SHIPPED):
                assert (exported / rel).read_bytes() == (SHIPPED / rel).read_bytes(), rel
        # The command also copies the seeds, so its folder can be loaded as it is.
        seeds = sorted(path.name for path in (SHIPPED / "seeds").iterdir())
        assert sorted(path.name for path in (by_command / "seeds").iterdir()) == seeds
        for name in seeds:
            assert (by_command / "seeds" / name).read_bytes() == (SHIPPED / "seeds" / name).read_bytes()
        assert load_content(by_command).changed is False

    def test_an_edited_summary_updates_the_structure_in_place(self, loaded):
        start = version()
        nerve = Structure.objects.get(slug="femoral-nerve")
        condition = Condition.objects.get(slug="femoral-neuropathy")
        new_summary = "An edited summary of the femoral nerve."
        edit(
            loaded,
            "structures/nerves.yaml",
            lambda entries: by_slug(entries, "femoral-nerve").update(summary=new_summary),
        )

        report = load_content(loaded)

        assert totals(report) == only("structures", updated=1)
        assert report.lines()[3] == "structures: 0 created, 1 updated, 0 removed"
        nerve_after = Structure.objects.get(slug="femoral-nerve")
        assert nerve_after.summary == new_summary
        assert nerve_after.pk == nerve.pk
        assert nerve.pk in condition.sites.values_list("pk", flat=True), "what points at it survives"
        assert version() == start + 1
        assert load_content(loaded).changed is False

    def test_a_new_condition_is_created_and_a_condition_taken_out_of_the_file_is_removed(self, loaded):
        edit(loaded, "conditions.yaml", lambda entries: entries.append(NEW_CONDITION))

        created = load_content(loaded)

        assert totals(created) == only("conditions", created=1)
        condition = Condition.objects.get(slug="test-myopathy")
        assert [site.slug for site in condition.sites.all()] == ["quadriceps-femoris"]
        assert [link.investigation.slug for link in condition.investigation_links.all()] == ["ck"]

        edit(loaded, "conditions.yaml", lambda entries: entries.remove(by_slug(entries, "test-myopathy")))

        removed = load_content(loaded)

        assert totals(removed) == only("conditions", removed=1)
        assert not Condition.objects.filter(slug="test-myopathy").exists()
        assert not ConditionInvestigation.objects.filter(condition_id=condition.pk).exists()
        assert Investigation.objects.filter(slug="ck").exists()

    def test_removing_a_shipped_condition_unlinks_it_from_its_lookalikes(self, loaded):
        def remove_femoral_neuropathy(entries):
            entries.remove(by_slug(entries, "femoral-neuropathy"))
            for entry in entries:
                if "femoral-neuropathy" in entry.get("lookalikes", []):
                    entry["lookalikes"].remove("femoral-neuropathy")
                    referrers.append(entry["slug"])

        referrers = []
        edit(loaded, "conditions.yaml", remove_femoral_neuropathy)
        assert referrers  # the test means something only if others named it
        dropped = drop_cases_naming(loaded, "femoral-neuropathy")

        after = [entry["slug"] for entry in read(loaded, "conditions.yaml")]
        report = load_content(loaded)

        # Its referrers change, and the conditions after it move up one place (their order changes).
        position = {slug: index for index, slug in enumerate(after)}
        shipped = [entry["slug"] for entry in read(SHIPPED, "conditions.yaml")]
        moved = [slug for slug in after if shipped.index(slug) != position[slug]]
        assert (report.updated["conditions"], report.removed["conditions"]) == (len(set(referrers) | set(moved)), 1)
        assert report.removed["cases"] == dropped
        assert not Condition.objects.filter(slug="femoral-neuropathy").exists()
        for slug in referrers:
            lookalikes = Condition.objects.get(slug=slug).lookalikes.values_list("slug", flat=True)
            assert "femoral-neuropathy" not in lookalikes
        assert load_content(loaded).changed is False

    def test_reordered_passages_take_their_new_order(self, loaded):
        rel = "sources/ilive-unilateral-leg-weakness.yaml"
        first, second = (passage["slug"] for passage in read(loaded, rel)["passages"][:2])
        edit(loaded, rel, lambda source: source["passages"].insert(0, source["passages"].pop(1)))

        report = load_content(loaded)

        assert report.updated["passages"] == 2
        assert report.updated["sources"] == 1
        assert report.created["passages"] == report.removed["passages"] == 0
        source = Source.objects.get(slug="ilive-unilateral-leg-weakness")
        assert list(source.passages.values_list("slug", flat=True)[:2]) == [second, first]
        assert load_content(loaded).changed is False

    def test_an_error_in_a_late_file_leaves_the_database_as_it_was(self, loaded):
        start = version()
        before = serialize_database()
        break_late_after_an_early_edit(loaded)

        with pytest.raises(ContentError) as caught:
            load_content(loaded)

        message = str(caught.value)
        assert "conditions.yaml" in message
        assert "'als'" in message
        assert "no-such-nerve" in message
        assert serialize_database() == before
        assert version() == start

    def test_the_command_reports_a_content_error_and_an_unchanged_database(self, loaded):
        before = serialize_database()
        break_late_after_an_early_edit(loaded)

        with pytest.raises(CommandError) as caught:
            call_command("load_content", "--dir", str(loaded), stdout=StringIO())

        assert "database unchanged" in str(caught.value)
        assert "conditions.yaml: entry 'als'" in str(caught.value)
        assert "no-such-nerve" in str(caught.value)
        assert serialize_database() == before

    def test_a_failure_while_writing_rolls_back_what_was_already_written(self, loaded, monkeypatch):
        """The files are valid, so the load gets as far as writing; the last step then fails."""
        start = version()
        real_remove = database.remove_entries

        def remove_failing_on_sources(model, slugs, file):
            if model is Source:
                raise ContentError(file, "some-source", "cannot be removed: records depend on it")
            return real_remove(model, slugs, file)

        monkeypatch.setattr(database, "remove_entries", remove_failing_on_sources)
        before = serialize_database()
        edit(
            loaded,
            "structures/nerves.yaml",
            lambda entries: entries[0].update(summary="Written, then rolled back."),
        )
        edit(loaded, "conditions.yaml", lambda entries: entries.append(NEW_CONDITION))

        with pytest.raises(ContentError):
            load_content(loaded)

        assert serialize_database() == before
        assert version() == start

    def test_reordering_a_list_of_slugs_is_not_a_change(self, loaded):
        start = version()

        def swap(values):
            values[0], values[1] = values[1], values[0]

        edit(
            loaded,
            "structures/muscles.yaml",
            lambda entries: swap(by_slug(entries, "quadriceps-femoris")["roots"]),
        )
        edit(loaded, "conditions.yaml", lambda entries: swap(by_slug(entries, "als")["lookalikes"]))
        edit(
            loaded,
            "vocabulary.yaml",
            lambda vocabulary: swap(by_slug(vocabulary["reflexes"], "knee-jerk")["roots"]),
        )
        assert read(loaded, "structures/muscles.yaml") != read(SHIPPED, "structures/muscles.yaml")

        report = load_content(loaded)

        assert report.changed is False
        assert version() == start

    def test_removing_a_passage_that_is_not_the_last_of_its_source(self, loaded):
        removed = "ilive-roots-plexuses-nerves"  # the third of its source's passages
        edit(
            loaded,
            "sources/ilive-unilateral-leg-weakness.yaml",
            lambda source: source["passages"].remove(by_slug(source["passages"], removed)),
        )
        for rel in yaml_files(loaded):
            if rel.startswith("structures/") or rel == "conditions.yaml":
                edit(loaded, rel, lambda entries: [stop_citing(entry, removed) for entry in entries])
        drop_cases_naming(loaded, removed)
        assert_valid(loaded)

        report = load_content(loaded)

        assert report.removed["passages"] == 1
        assert not Passage.objects.filter(slug=removed).exists()

    def test_removing_a_pulse_together_with_its_artery(self, loaded):
        edit(
            loaded,
            "vocabulary.yaml",
            lambda vocabulary: vocabulary["pulses"].remove(by_slug(vocabulary["pulses"], "dorsalis-pedis")),
        )

        def remove_artery(entries):
            entries.remove(by_slug(entries, "dorsalis-pedis-artery"))
            del by_slug(entries, "anterior-tibial-artery")["continues_as"]

        edit(loaded, "structures/arteries.yaml", remove_artery)
        drop_cases_naming(loaded, "dorsalis-pedis")
        assert_valid(loaded)

        report = load_content(loaded)

        assert (report.removed["findings"], report.removed["structures"]) == (1, 1)


# --- Regressions: bugs once found in cases/content.py ------------------------------------------


def test_an_investigation_listed_twice_in_a_condition_is_a_content_error(db, content):
    edit(
        content,
        "conditions.yaml",
        lambda entries: by_slug(entries, "als")["investigations"].append({"investigation": "emg"}),
    )

    with pytest.raises(ContentError) as caught:
        load_content(content)

    assert (caught.value.file, caught.value.entry) == ("conditions.yaml", "als")


def test_an_area_listed_twice_in_a_structure_is_a_content_error(db, content):
    def repeat_first_area(entries):
        entry = next(entry for entry in entries if entry.get("areas"))
        entry["areas"].append(dict(entry["areas"][0]))
        slugs.append(entry["slug"])

    slugs = []
    edit(content, "structures/roots.yaml", repeat_first_area)

    with pytest.raises(ContentError) as caught:
        load_content(content)

    assert (caught.value.file, caught.value.entry) == ("structures/roots.yaml", slugs[0])


def test_a_source_whose_slug_prefixes_another_loads_idempotently(db, content):
    source = {
        "slug": "askvity",
        "title": "A second askvity article",
        "publisher": "askvity",
        "seed_file": "003_cb2f0a9a86b53669.txt",
        "passages": [{"slug": "askvity-second-intro", "text": "One leg may be weaker than the other"}],
    }
    (content / "sources" / "askvity.yaml").write_text(dump_yaml(source), encoding="utf-8")
    load_content(content)

    again = load_content(content)

    assert again.changed is False, again.lines()
