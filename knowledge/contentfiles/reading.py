"""Reading the knowledge base's content files: every file read and checked whole, into entries in
the normalized form the database serializes to (so a load can tell what changed)."""

from pathlib import Path

from knowledge.contentfiles.checking import (
    CONDITION_KEYS,
    FINDING_KEYS,
    INVESTIGATION_KEYS,
    KIND_LEVELS,
    LIST_KEYS,
    PASSAGE_KEYS,
    SOURCE_KEYS,
    STRUCTURE_FILES,
    STRUCTURE_KEYS,
    VOCABULARY_GROUPS,
    Checker,
    ContentError,
    check_areas,
    check_course,
    check_investigation_links,
    check_references,
    compact,
    read_yaml,
)
from knowledge.models import Condition, Level


def read_files(root):
    """Read and check every content file; return the normalized entries, keyed by kind and slug."""
    root = Path(root)
    data = {
        "sources": {},
        "passages": {},
        "findings": {},
        "structures": {},
        "investigations": {},
        "conditions": {},
    }
    origin = {}  # (kind, slug) -> file, for error messages about cross-references
    seen = {kind: {} for kind in data}

    for path in sorted((root / "sources").glob("*.yaml"), key=lambda path: path.stem):
        name = str(path.relative_to(root))
        check = Checker(name)
        raw = read_yaml(path, root)
        slug = check.entry(raw, SOURCE_KEYS, ["slug", "title", "publisher", "seed_file", "passages"], "source")
        check.unique(seen["sources"], slug, "source")
        if path.stem != slug:
            raise ContentError(name, slug, f"a source's file must be named after its slug: sources/{slug}.yaml")
        seed_path = root / "seeds" / check.text(raw, slug, "seed_file")
        if not seed_path.is_file():
            raise ContentError(name, slug, f"seed file '{raw['seed_file']}' not found in {root / 'seeds'}")
        seed_text = seed_path.read_text(encoding="utf-8")
        passages = []
        for order, raw_passage in enumerate(raw["passages"], start=1):
            passage_slug = check.entry(raw_passage, PASSAGE_KEYS, ["slug", "text"], "passage")
            check.unique(seen["passages"], passage_slug, "passage")
            text = check.text(raw_passage, passage_slug, "text")
            if text not in seed_text:
                raise ContentError(name, passage_slug, f"text not found verbatim in seed '{raw['seed_file']}'")
            passage = compact({key: check.text(raw_passage, passage_slug, key) for key in PASSAGE_KEYS})
            passages.append(passage)
            data["passages"][passage_slug] = {"source": slug, "order": order, **passage}
            origin["passages", passage_slug] = name
        chrome = check.slugs(raw, slug, "chrome") if raw.get("chrome") else []
        entry = {key: check.text(raw, slug, key) for key in SOURCE_KEYS if key not in ("chrome", "passages")}
        data["sources"][slug] = compact({**entry, "chrome": chrome, "passages": passages})
        origin["sources", slug] = name

    vocabulary_path = root / "vocabulary.yaml"
    vocabulary = read_yaml(vocabulary_path, root) or {}
    check = Checker("vocabulary.yaml")
    if not isinstance(vocabulary, dict) or set(vocabulary) - set(VOCABULARY_GROUPS):
        raise ContentError("vocabulary.yaml", None, f"top level must have only: {', '.join(VOCABULARY_GROUPS)}")
    for group, kind in VOCABULARY_GROUPS.items():
        for raw in vocabulary.get(group) or []:
            keys = FINDING_KEYS[kind]
            slug = check.entry(raw, keys, ["slug", "label"] + (["region"] if kind == "movement" else []))
            check.unique(seen["findings"], slug, "finding")
            entry = {"kind": kind}
            for key in keys:
                if key in ("muscles", "roots", "main_roots"):
                    entry[key] = check.slugs(raw, slug, key)
                elif key == "region":
                    entry[key] = check.choice(raw, slug, key, ["proximal", "distal"])
                elif key == "reliability" and key in raw:
                    entry[key] = check.choice(raw, slug, key, ["low"])
                else:
                    entry[key] = check.text(raw, slug, key)
            data["findings"][slug] = compact(entry)
            origin["findings", slug] = "vocabulary.yaml"

    for kind, file_name in STRUCTURE_FILES.items():
        path = root / "structures" / file_name
        if not path.exists():
            continue
        name = f"structures/{file_name}"
        check = Checker(name)
        for raw in read_yaml(path, root) or []:
            slug = check.entry(raw, STRUCTURE_KEYS, ["slug", "name", "kind", "level"], "structure")
            check.unique(seen["structures"], slug, "structure")
            check.choice(raw, slug, "kind", [kind])
            check.choice(raw, slug, "level", sorted(KIND_LEVELS[kind]))
            entry = {}
            for key in STRUCTURE_KEYS:
                if key == "spread":
                    entry[key] = check.choice(raw, slug, key, ["multifocal"]) if key in raw else ""
                elif key in ("plexus", "parent", "continues_as") or key not in LIST_KEYS:
                    entry[key] = check.text(raw, slug, key)
                elif key == "areas":
                    entry[key] = check_areas(check, raw, slug)
                elif key == "course":
                    entry[key] = check_course(check, raw, slug)
                else:
                    entry[key] = check.slugs(raw, slug, key)
            data["structures"][slug] = compact(entry)
            origin["structures", slug] = name

    check = Checker("investigations.yaml")
    for raw in read_yaml(root / "investigations.yaml", root) or []:
        slug = check.entry(raw, INVESTIGATION_KEYS, ["slug", "name"])
        check.unique(seen["investigations"], slug, "investigation")
        data["investigations"][slug] = compact({key: check.text(raw, slug, key) for key in INVESTIGATION_KEYS})
        origin["investigations", slug] = "investigations.yaml"

    check = Checker("conditions.yaml")
    for raw in read_yaml(root / "conditions.yaml", root) or []:
        slug = check.entry(
            raw, CONDITION_KEYS, ["slug", "name", "level", "sites", "onset", "pain", "sensory", "summary"]
        )
        check.unique(seen["conditions"], slug, "condition")
        check.choice(raw, slug, "level", Level.values)
        check.choice(raw, slug, "onset", Condition.Onset.values)
        check.choice(raw, slug, "pain", Condition.Pain.values)
        check.choice(raw, slug, "sensory", Condition.Sensory.values)
        entry = {}
        for key in CONDITION_KEYS:
            if key == "investigations":
                entry[key] = check_investigation_links(check, raw, slug)
            elif key in ("synonyms", "sites", "lookalikes", "clues", "passages"):
                entry[key] = check.slugs(raw, slug, key)
            else:
                entry[key] = check.text(raw, slug, key)
        data["conditions"][slug] = compact(entry)
        origin["conditions", slug] = "conditions.yaml"

    check_references(data, origin)
    _put_lists_in_order(data)
    return data


def _put_lists_in_order(data):
    """Sort every list of slugs the way the database returns it, so that a file and its export
    agree whatever order an author wrote a list in."""
    finding_position = {slug: index for index, slug in enumerate(data["findings"])}
    structure_position = {slug: index for index, slug in enumerate(data["structures"])}
    condition_position = {slug: index for index, slug in enumerate(data["conditions"])}
    passage_position = {slug: (entry["source"], entry["order"]) for slug, entry in data["passages"].items()}
    by_key = {
        "roots": structure_position, "main_roots": structure_position, "muscles": structure_position,
        "nerves": structure_position, "supplies": structure_position, "sites": structure_position,
        "actions": finding_position, "minor_actions": finding_position, "signs": finding_position,
        "clues": finding_position, "lookalikes": condition_position, "passages": passage_position,
    }  # fmt: skip
    for kind in ("findings", "structures", "conditions"):
        for entry in data[kind].values():
            for key, position in by_key.items():
                if key in entry:
                    entry[key] = sorted(entry[key], key=position.__getitem__)
            if "areas" in entry:
                entry["areas"] = sorted(entry["areas"], key=lambda item: finding_position[item["area"]])
