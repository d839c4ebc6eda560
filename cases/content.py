"""Reading and writing the content files of cases/content/ (format: docs/content-format.md).

load_content() reads every file, checks it whole (unknown keys, missing fields, unknown slugs,
passages not found verbatim in their seed) before it writes anything, then brings the database
to the files' state in one transaction: entries are created, updated in place (so their ids,
and whatever points at them, survive) or removed. export_content() writes the database back in
the same format. Both use the same serializers, which is also how a load knows what changed:
an entry is rewritten only when its serialized form in the database differs from the file.
"""

import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.db import transaction
from django.db.models import ProtectedError

from cases.anatomy import forget_content_version
from cases.curriculum import read_cases, serialize_cases, write_cases
from cases.models import (
    Case,
    Condition,
    ConditionInvestigation,
    ContentVersion,
    Finding,
    Investigation,
    Level,
    MuscleAction,
    Passage,
    ReflexRoot,
    SensoryArea,
    Source,
    Structure,
    StructureRoot,
)

# libyaml's C parser when PyYAML was built with it (its wheels are): several times faster.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

STRUCTURE_FILES = {
    "central": "central.yaml",
    "root": "roots.yaml",
    "plexus": "plexuses.yaml",
    "nerve": "nerves.yaml",
    "muscle": "muscles.yaml",
    "artery": "arteries.yaml",
    "tendon": "tendons.yaml",
}
# The level each kind of structure must have (central sites name their own).
KIND_LEVELS = {
    "root": {"root"},
    "plexus": {"plexus"},
    "nerve": {"peripheral-nerve"},
    "muscle": {"muscle"},
    "artery": {"artery"},
    "tendon": {"tendon"},
    "central": {"brain", "spinal-cord", "anterior-horn", "neuromuscular-junction", "muscle"},
}
VOCABULARY_GROUPS = {
    "movements": "movement",
    "areas": "area",
    "reflexes": "reflex",
    "pulses": "pulse",
    "other": "other",
}

SOURCE_KEYS = [
    "slug",
    "title",
    "publisher",
    "url",
    "last_reviewed",
    "disclaimer",
    "seed_file",
    "chrome",
    "passages",
]
PASSAGE_KEYS = ["slug", "text", "note", "note_reference"]
FINDING_KEYS = {
    "movement": ["slug", "label", "region"],
    "area": ["slug", "label"],
    "reflex": ["slug", "label", "muscles", "nerve", "roots", "main_roots"],
    "pulse": ["slug", "label", "artery"],
    "other": ["slug", "label"],
}
STRUCTURE_KEYS = [
    "slug", "name", "synonyms", "kind", "level", "summary", "note", "roots", "main_roots", "plexus",
    "parent", "continues_as", "nerves", "actions", "minor_actions", "areas", "muscles", "supplies",
    "signs", "passages",
]  # fmt: skip
INVESTIGATION_KEYS = ["slug", "name", "summary"]
CONDITION_KEYS = [
    "slug", "name", "synonyms", "level", "sites", "onset", "pain", "sensory", "summary",
    "distinguishing", "lookalikes", "clues", "investigations", "passages",
]  # fmt: skip
KINDS_IN_REPORT = ["sources", "passages", "findings", "structures", "investigations", "conditions", "cases"]


class ContentError(Exception):
    """A problem in the content files, with the file and entry it is in."""

    def __init__(self, file, entry, problem):
        self.file, self.entry, self.problem = file, entry, problem
        where = f"{file}: entry '{entry}'" if entry else str(file)
        super().__init__(f"{where}: {problem}")


@dataclass
class Report:
    created: dict = field(default_factory=lambda: dict.fromkeys(KINDS_IN_REPORT, 0))
    updated: dict = field(default_factory=lambda: dict.fromkeys(KINDS_IN_REPORT, 0))
    removed: dict = field(default_factory=lambda: dict.fromkeys(KINDS_IN_REPORT, 0))

    @property
    def changed(self):
        return any(self.created.values()) or any(self.updated.values()) or any(self.removed.values())

    def lines(self):
        if not self.changed:
            return ["No changes: the database already matches the content files."]
        return [
            f"{kind}: {self.created[kind]} created, {self.updated[kind]} updated, {self.removed[kind]} removed"
            for kind in KINDS_IN_REPORT
        ]


# --- Reading and checking the files -------------------------------------------------------------


def _read_yaml(path, root):
    """The parsed file, or None when the file does not exist (an empty part of the content)."""
    name = str(path.relative_to(root))
    if not path.exists():
        return None
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.load(handle, Loader=SAFE_LOADER)
    except yaml.YAMLError as error:
        raise ContentError(name, None, f"not valid YAML: {error}") from error


def _compact(entry):
    """Leave out empty values, as the files do."""
    return {key: value for key, value in entry.items() if value not in ("", None, [], {})}


class _Checker:
    """Checks one file's entries: keys, types, slugs. Cross-references are checked later."""

    def __init__(self, file):
        self.file = file

    def entry(self, raw, keys, required, label="entry"):
        if not isinstance(raw, dict):
            raise ContentError(self.file, None, f"each {label} must be a mapping, got {raw!r}")
        slug = raw.get("slug")
        if not isinstance(slug, str) or not SLUG_RE.match(slug):
            raise ContentError(self.file, slug, "slug must be lower case words joined by hyphens")
        unknown = [key for key in raw if key not in keys]
        if unknown:
            raise ContentError(self.file, slug, f"unknown key '{unknown[0]}' (allowed: {', '.join(keys)})")
        for key in required:
            if raw.get(key) in (None, "", []):
                raise ContentError(self.file, slug, f"missing field '{key}'")
        return slug

    def text(self, raw, slug, key):
        value = raw.get(key, "")
        if value is None:
            return ""
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            raise ContentError(self.file, slug, f"'{key}' must be text")
        return str(value)

    def slugs(self, raw, slug, key):
        value = raw.get(key, [])
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise ContentError(self.file, slug, f"'{key}' must be a list of slugs")
        if len(set(value)) != len(value):
            raise ContentError(self.file, slug, f"'{key}' lists a slug twice")
        return value

    def choice(self, raw, slug, key, allowed):
        value = raw.get(key)
        if value not in allowed:
            raise ContentError(self.file, slug, f"'{key}' must be one of {', '.join(allowed)}; got {value!r}")
        return value

    def unique(self, seen, slug, kind):
        if slug in seen:
            raise ContentError(self.file, slug, f"{kind} slug used twice (also in {seen[slug]})")
        seen[slug] = self.file


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
        check = _Checker(name)
        raw = _read_yaml(path, root)
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
            passage = _compact({key: check.text(raw_passage, passage_slug, key) for key in PASSAGE_KEYS})
            passages.append(passage)
            data["passages"][passage_slug] = {"source": slug, "order": order, **passage}
            origin["passages", passage_slug] = name
        chrome = check.slugs(raw, slug, "chrome") if raw.get("chrome") else []
        entry = {key: check.text(raw, slug, key) for key in SOURCE_KEYS if key not in ("chrome", "passages")}
        data["sources"][slug] = _compact({**entry, "chrome": chrome, "passages": passages})
        origin["sources", slug] = name

    vocabulary_path = root / "vocabulary.yaml"
    vocabulary = _read_yaml(vocabulary_path, root) or {}
    check = _Checker("vocabulary.yaml")
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
                else:
                    entry[key] = check.text(raw, slug, key)
            data["findings"][slug] = _compact(entry)
            origin["findings", slug] = "vocabulary.yaml"

    for kind, file_name in STRUCTURE_FILES.items():
        path = root / "structures" / file_name
        if not path.exists():
            continue
        name = f"structures/{file_name}"
        check = _Checker(name)
        for raw in _read_yaml(path, root) or []:
            slug = check.entry(raw, STRUCTURE_KEYS, ["slug", "name", "kind", "level"], "structure")
            check.unique(seen["structures"], slug, "structure")
            check.choice(raw, slug, "kind", [kind])
            check.choice(raw, slug, "level", sorted(KIND_LEVELS[kind]))
            entry = {}
            for key in STRUCTURE_KEYS:
                if key in ("plexus", "parent", "continues_as") or key not in _LIST_KEYS:
                    entry[key] = check.text(raw, slug, key)
                elif key == "areas":
                    entry[key] = _check_areas(check, raw, slug)
                else:
                    entry[key] = check.slugs(raw, slug, key)
            data["structures"][slug] = _compact(entry)
            origin["structures", slug] = name

    check = _Checker("investigations.yaml")
    for raw in _read_yaml(root / "investigations.yaml", root) or []:
        slug = check.entry(raw, INVESTIGATION_KEYS, ["slug", "name"])
        check.unique(seen["investigations"], slug, "investigation")
        data["investigations"][slug] = _compact({key: check.text(raw, slug, key) for key in INVESTIGATION_KEYS})
        origin["investigations", slug] = "investigations.yaml"

    check = _Checker("conditions.yaml")
    for raw in _read_yaml(root / "conditions.yaml", root) or []:
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
                entry[key] = _check_investigation_links(check, raw, slug)
            elif key in ("synonyms", "sites", "lookalikes", "clues", "passages"):
                entry[key] = check.slugs(raw, slug, key)
            else:
                entry[key] = check.text(raw, slug, key)
        data["conditions"][slug] = _compact(entry)
        origin["conditions", slug] = "conditions.yaml"

    _check_references(data, origin)
    _put_lists_in_order(data)
    read_cases(root, data)
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


_LIST_KEYS = {
    "synonyms", "roots", "main_roots", "nerves", "actions", "minor_actions", "areas", "muscles",
    "supplies", "signs", "passages",
}  # fmt: skip


def _check_areas(check, raw, slug):
    areas = []
    for item in raw.get("areas") or []:
        if not isinstance(item, dict) or set(item) - {"area", "autonomous"} or not isinstance(item.get("area"), str):
            raise ContentError(check.file, slug, "each of 'areas' must be {area: SLUG, autonomous: true|false}")
        autonomous = item.get("autonomous", False)
        if not isinstance(autonomous, bool):
            raise ContentError(check.file, slug, f"'autonomous' of area '{item['area']}' must be true or false")
        if any(existing["area"] == item["area"] for existing in areas):
            raise ContentError(check.file, slug, f"area '{item['area']}' is listed twice in 'areas'")
        areas.append({"area": item["area"], "autonomous": autonomous})
    return areas


def _check_investigation_links(check, raw, slug):
    links = []
    for item in raw.get("investigations") or []:
        if not isinstance(item, dict) or set(item) - {"investigation", "note"} or "investigation" not in item:
            raise ContentError(check.file, slug, "each of 'investigations' must be {investigation: SLUG, note: TEXT}")
        if any(existing["investigation"] == item["investigation"] for existing in links):
            raise ContentError(check.file, slug, f"investigation '{item['investigation']}' is listed twice")
        links.append(_compact({"investigation": item["investigation"], "note": str(item.get("note") or "")}))
    return links


def _check_references(data, origin):
    """Every slug a file names must exist, and be of the right kind."""
    findings, structures = data["findings"], data["structures"]

    def finding(kind_needed, entry_kind, slug, key, target):
        if findings.get(target, {}).get("kind") != kind_needed:
            raise ContentError(
                origin[entry_kind, slug],
                slug,
                f"'{key}' names '{target}', which is not a {kind_needed} finding",
            )

    def structure(kinds_needed, entry_kind, slug, key, target):
        if structures.get(target, {}).get("kind") not in kinds_needed:
            wanted = " or ".join(kinds_needed)
            raise ContentError(
                origin[entry_kind, slug], slug, f"'{key}' names '{target}', which is not a known {wanted}"
            )

    def passage(entry_kind, slug, target):
        if target not in data["passages"]:
            raise ContentError(
                origin[entry_kind, slug], slug, f"'passages' names '{target}', which is not a known passage"
            )

    for slug, entry in findings.items():
        for target in entry.get("muscles", []):
            structure(["muscle"], "findings", slug, "muscles", target)
        if "nerve" in entry:
            structure(["nerve"], "findings", slug, "nerve", entry["nerve"])
        for key in ("roots", "main_roots"):
            for target in entry.get(key, []):
                structure(["root"], "findings", slug, key, target)
        if not set(entry.get("main_roots", [])) <= set(entry.get("roots", [])):
            raise ContentError("vocabulary.yaml", slug, "'main_roots' must be among 'roots'")
        if "artery" in entry:
            structure(["artery"], "findings", slug, "artery", entry["artery"])

    for slug, entry in structures.items():
        kind = entry["kind"]
        for target in entry.get("roots", []) + entry.get("main_roots", []):
            structure(["root"], "structures", slug, "roots", target)
        if not set(entry.get("main_roots", [])) <= set(entry.get("roots", [])):
            raise ContentError(origin["structures", slug], slug, "'main_roots' must be among 'roots'")
        if "plexus" in entry:
            structure(["plexus"], "structures", slug, "plexus", entry["plexus"])
        if "parent" in entry:
            structure([kind], "structures", slug, "parent", entry["parent"])
        if "continues_as" in entry:
            structure(["artery"], "structures", slug, "continues_as", entry["continues_as"])
        for target in entry.get("nerves", []):
            structure(["nerve", "plexus"], "structures", slug, "nerves", target)
        for key in ("actions", "minor_actions"):
            for target in entry.get(key, []):
                finding("movement", "structures", slug, key, target)
        if set(entry.get("actions", [])) & set(entry.get("minor_actions", [])):
            raise ContentError(origin["structures", slug], slug, "a movement is both in 'actions' and 'minor_actions'")
        for item in entry.get("areas", []):
            finding("area", "structures", slug, "areas", item["area"])
        for target in entry.get("muscles", []):
            structure(["muscle"], "structures", slug, "muscles", target)
        for target in entry.get("supplies", []):
            structure(["muscle", "nerve"], "structures", slug, "supplies", target)
        for target in entry.get("signs", []):
            finding("other", "structures", slug, "signs", target)
        for target in entry.get("passages", []):
            passage("structures", slug, target)

    for slug, entry in data["conditions"].items():
        for target in entry["sites"]:
            if target not in structures:
                raise ContentError("conditions.yaml", slug, f"'sites' names '{target}', which is not a known structure")
        for target in entry.get("lookalikes", []):
            if target not in data["conditions"] or target == slug:
                raise ContentError(
                    "conditions.yaml", slug, f"'lookalikes' names '{target}', which is not another condition"
                )
        for target in entry.get("clues", []):
            finding("other", "conditions", slug, "clues", target)
        for link in entry.get("investigations", []):
            if link["investigation"] not in data["investigations"]:
                raise ContentError(
                    "conditions.yaml",
                    slug,
                    f"'investigations' names '{link['investigation']}', which is not a known investigation",
                )
        for target in entry.get("passages", []):
            passage("conditions", slug, target)


# --- The database as entries (shared by load and export) ---------------------------------------


def _slugs(related):
    return [item.slug for item in related]


def serialize_database():
    """Every entry of the database in the files' normalized form, keyed by kind and slug."""
    data = {kind: {} for kind in KINDS_IN_REPORT}
    # Sorted in Python, not by the database, whose collation may order hyphens differently.
    for source in sorted(Source.objects.prefetch_related("passages"), key=lambda source: source.slug):
        passages = []
        for order, passage in enumerate(source.passages.all(), start=1):
            compact = _compact({key: getattr(passage, key) for key in PASSAGE_KEYS})
            passages.append(compact)
            data["passages"][passage.slug] = {"source": source.slug, "order": order, **compact}
        entry = {key: getattr(source, key) for key in SOURCE_KEYS if key != "passages"}
        data["sources"][source.slug] = _compact({**entry, "passages": passages})

    findings = Finding.objects.select_related("reflex_nerve", "artery").prefetch_related(
        "reflex_muscles", "reflex_roots__root"
    )
    for finding in findings.order_by("order", "id"):
        roots = sorted(finding.reflex_roots.all(), key=lambda link: link.root.order)
        entry = {
            "kind": finding.kind,
            "slug": finding.slug,
            "label": finding.label,
            "region": finding.region,
            "muscles": _slugs(sorted(finding.reflex_muscles.all(), key=lambda muscle: muscle.order)),
            "nerve": finding.reflex_nerve.slug if finding.reflex_nerve else "",
            "roots": [link.root.slug for link in roots],
            "main_roots": [link.root.slug for link in roots if link.main],
            "artery": finding.artery.slug if finding.artery else "",
        }
        data["findings"][finding.slug] = _compact(entry)

    structures = Structure.objects.select_related("plexus", "parent", "continues_as").prefetch_related(
        "root_links__root", "nerves", "actions__movement", "areas__area", "tendon_muscles", "supplies",
        "signs", "passages__source",
    )  # fmt: skip
    for structure in structures.order_by("order", "id"):
        roots = sorted(structure.root_links.all(), key=lambda link: link.root.order)
        actions = sorted(structure.actions.all(), key=lambda action: action.movement.order)
        entry = {
            "slug": structure.slug,
            "name": structure.name,
            "synonyms": structure.synonyms,
            "kind": structure.kind,
            "level": structure.level,
            "summary": structure.summary,
            "note": structure.note,
            "roots": [link.root.slug for link in roots],
            "main_roots": [link.root.slug for link in roots if link.main] if structure.kind == "muscle" else [],
            "plexus": structure.plexus.slug if structure.plexus else "",
            "parent": structure.parent.slug if structure.parent else "",
            "continues_as": structure.continues_as.slug if structure.continues_as else "",
            "nerves": _slugs(sorted(structure.nerves.all(), key=_structure_order)),
            "actions": [action.movement.slug for action in actions if action.prime],
            "minor_actions": [action.movement.slug for action in actions if not action.prime],
            "areas": [
                {"area": link.area.slug, "autonomous": link.autonomous}
                for link in sorted(structure.areas.all(), key=lambda link: link.area.order)
            ],
            "muscles": _slugs(sorted(structure.tendon_muscles.all(), key=_structure_order)),
            "supplies": _slugs(sorted(structure.supplies.all(), key=_structure_order)),
            "signs": _slugs(sorted(structure.signs.all(), key=lambda sign: sign.order)),
            "passages": _slugs(sorted(structure.passages.all(), key=_passage_order)),
        }
        data["structures"][structure.slug] = _compact(entry)

    for investigation in Investigation.objects.order_by("order", "id"):
        data["investigations"][investigation.slug] = _compact(
            {key: getattr(investigation, key) for key in INVESTIGATION_KEYS}
        )

    conditions = Condition.objects.prefetch_related(
        "sites", "lookalikes", "clues", "passages__source", "investigation_links__investigation"
    )
    for condition in conditions.order_by("order", "id"):
        entry = {
            "slug": condition.slug,
            "name": condition.name,
            "synonyms": condition.synonyms,
            "level": condition.level,
            "sites": _slugs(sorted(condition.sites.all(), key=_structure_order)),
            "onset": condition.onset,
            "pain": condition.pain,
            "sensory": condition.sensory,
            "summary": condition.summary,
            "distinguishing": condition.distinguishing,
            "lookalikes": _slugs(sorted(condition.lookalikes.all(), key=lambda other: other.order)),
            "clues": _slugs(sorted(condition.clues.all(), key=lambda clue: clue.order)),
            "investigations": [
                _compact({"investigation": link.investigation.slug, "note": link.note})
                for link in condition.investigation_links.all()
            ],
            "passages": _slugs(sorted(condition.passages.all(), key=_passage_order)),
        }
        data["conditions"][condition.slug] = _compact(entry)
    data["cases"] = serialize_cases()
    return data


_KIND_ORDER = {kind: index for index, kind in enumerate(STRUCTURE_FILES)}


def _structure_order(structure):
    return (_KIND_ORDER.get(structure.kind, 99), structure.order)


def _passage_order(passage):
    return (passage.source.slug, passage.order)


# --- Loading -------------------------------------------------------------------------------------


def load_content(root):
    """Bring the database to the state of the content files under root; return a Report.

    Raises ContentError, leaving the database as it was, on any problem in the files or when an
    entry to be removed still has learners' records depending on it.
    """
    wanted = read_files(root)
    report = Report()
    with transaction.atomic():
        current = serialize_database()
        changed = {}
        for kind in KINDS_IN_REPORT:
            positions = {slug: index for index, slug in enumerate(current[kind])}
            changed[kind] = [
                slug
                for index, (slug, entry) in enumerate(wanted[kind].items())
                if current[kind].get(slug) != entry or positions.get(slug) != index
            ]
            for slug in changed[kind]:
                (report.updated if slug in current[kind] else report.created)[kind] += 1
            report.removed[kind] = len(set(current[kind]) - set(wanted[kind]))
        if not report.changed:
            return report
        _write(wanted, current, changed)
        version, _ = ContentVersion.objects.get_or_create(pk=1)
        version.number += 1
        version.save(update_fields=["number"])
        forget_content_version()
    return report


def _write(wanted, current, changed):
    """Write the changed entries in bulk: one query per kind and per relation table, not per row."""
    sources = {}
    for slug, entry in wanted["sources"].items():
        fields = {key: entry.get(key, "") for key in SOURCE_KEYS if key not in ("slug", "passages", "chrome")}
        source, _ = Source.objects.update_or_create(slug=slug, defaults={**fields, "chrome": entry.get("chrome", [])})
        sources[slug] = source
    # Orders may be shuffled: park the changed passages, and those to be removed, out of the way of
    # the unique (source, order) constraint while the others take their new places.
    moving = list(changed["passages"]) + sorted(set(current["passages"]) - set(wanted["passages"]))
    for index, slug in enumerate(moving):
        Passage.objects.filter(slug=slug).update(order=PARKED_ORDER + index)
    _upsert(
        Passage,
        {
            slug: {
                "source": sources[entry["source"]],
                "order": entry["order"],
                **{key: entry.get(key, "") for key in ("text", "note", "note_reference")},
            }
            for slug, entry in wanted["passages"].items()
            if slug in set(changed["passages"])
        },
    )
    _upsert(
        Finding,
        {
            slug: {"kind": entry["kind"], "label": entry["label"], "order": order, "region": entry.get("region", "")}
            for order, (slug, entry) in _changed_with_order(wanted, changed, "findings")
        },
    )
    _upsert(
        Structure,
        {
            slug: {
                **{key: entry.get(key, "") for key in ("name", "kind", "level", "summary", "note")},
                "synonyms": entry.get("synonyms", []),
                "order": order,
            }
            for order, (slug, entry) in _changed_with_order(wanted, changed, "structures")
        },
    )
    _upsert(
        Investigation,
        {
            slug: {"name": entry["name"], "summary": entry.get("summary", ""), "order": order}
            for order, (slug, entry) in _changed_with_order(wanted, changed, "investigations")
        },
    )
    _upsert(
        Condition,
        {
            slug: {
                **{key: entry.get(key, "") for key in _CONDITION_TEXT_FIELDS},
                "synonyms": entry.get("synonyms", []),
                "order": order,
            }
            for order, (slug, entry) in _changed_with_order(wanted, changed, "conditions")
        },
    )
    ids = {
        "findings": dict(Finding.objects.values_list("slug", "id")),
        "structures": dict(Structure.objects.values_list("slug", "id")),
        "passages": dict(Passage.objects.values_list("slug", "id")),
        "investigations": dict(Investigation.objects.values_list("slug", "id")),
        "conditions": dict(Condition.objects.values_list("slug", "id")),
    }
    _write_structure_relations({slug: wanted["structures"][slug] for slug in changed["structures"]}, ids)
    _write_finding_relations({slug: wanted["findings"][slug] for slug in changed["findings"]}, ids)
    _write_condition_relations({slug: wanted["conditions"][slug] for slug in changed["conditions"]}, ids)
    write_cases(wanted["cases"], changed["cases"], ids)

    _remove(Case, set(current["cases"]) - set(wanted["cases"]), "cases")
    _remove(Condition, set(current["conditions"]) - set(wanted["conditions"]), "conditions.yaml")
    _remove(Investigation, set(current["investigations"]) - set(wanted["investigations"]), "investigations.yaml")
    # Findings before structures: a pulse or reflex PROTECTs the artery or nerve it names.
    _remove(Finding, set(current["findings"]) - set(wanted["findings"]), "vocabulary.yaml")
    _remove(Structure, set(current["structures"]) - set(wanted["structures"]), "structures")
    _remove(Passage, set(current["passages"]) - set(wanted["passages"]), "sources")
    _remove(Source, set(current["sources"]) - set(wanted["sources"]), "sources")


_CONDITION_TEXT_FIELDS = {"name", "level", "onset", "pain", "sensory", "summary", "distinguishing"}
# An order number no real passage uses, to park passages while they are renumbered.
PARKED_ORDER = 1_000_000


def _upsert(model, rows):
    """Create or update rows (slug -> field values): one bulk insert, one bulk update."""
    if not rows:
        return
    existing = {obj.slug: obj for obj in model.objects.filter(slug__in=list(rows))}
    new, changed = [], []
    for slug, values in rows.items():
        obj = existing.get(slug) or model(slug=slug)
        for key, value in values.items():
            setattr(obj, key, value)
        (changed if slug in existing else new).append(obj)
    model.objects.bulk_create(new)
    if changed:
        model.objects.bulk_update(changed, list(next(iter(rows.values()))))


def _changed_with_order(wanted, changed, kind):
    """(position, (slug, entry)) for the entries of a kind that the load must write."""
    todo = set(changed[kind])
    return [(order, item) for order, item in enumerate(wanted[kind].items()) if item[0] in todo]


def _replace(through, owner_field, owner_ids, rows):
    """Replace the relation rows of the given owners by rows (dicts of field values)."""
    through.objects.filter(**{f"{owner_field}__in": owner_ids}).delete()
    through.objects.bulk_create(through(**row) for row in rows)


def _write_structure_relations(entries, ids):
    if not entries:
        return
    structure_ids, finding_ids, passage_ids = ids["structures"], ids["findings"], ids["passages"]
    owners = [structure_ids[slug] for slug in entries]
    updates = []
    for slug, entry in entries.items():
        structure = Structure(id=structure_ids[slug])
        structure.plexus_id = structure_ids.get(entry.get("plexus"))
        structure.parent_id = structure_ids.get(entry.get("parent"))
        structure.continues_as_id = structure_ids.get(entry.get("continues_as"))
        updates.append(structure)
    Structure.objects.bulk_update(updates, ["plexus", "parent", "continues_as"])

    def rows(key, make):
        return [make(structure_ids[slug], item) for slug, entry in entries.items() for item in entry.get(key, [])]

    root_rows = [
        {
            "structure_id": structure_ids[slug],
            "root_id": structure_ids[root],
            "main": root in entry.get("main_roots", []),
        }
        for slug, entry in entries.items()
        for root in entry.get("roots", [])
    ]
    _replace(StructureRoot, "structure_id", owners, root_rows)
    action_rows = rows(
        "actions", lambda owner, slug: {"muscle_id": owner, "movement_id": finding_ids[slug], "prime": True}
    )
    action_rows += rows(
        "minor_actions", lambda owner, slug: {"muscle_id": owner, "movement_id": finding_ids[slug], "prime": False}
    )
    _replace(MuscleAction, "muscle_id", owners, action_rows)
    _replace(
        SensoryArea,
        "structure_id",
        owners,
        rows(
            "areas",
            lambda owner, item: {
                "structure_id": owner,
                "area_id": finding_ids[item["area"]],
                "autonomous": item["autonomous"],
            },
        ),
    )
    for key, through, target_field, target_ids in (
        ("nerves", Structure.nerves.through, "to_structure_id", structure_ids),
        ("muscles", Structure.tendon_muscles.through, "to_structure_id", structure_ids),
        ("supplies", Structure.supplies.through, "to_structure_id", structure_ids),
    ):
        _replace(
            through,
            "from_structure_id",
            owners,
            rows(key, lambda owner, slug, f=target_field, t=target_ids: {"from_structure_id": owner, f: t[slug]}),
        )
    _replace(
        Structure.signs.through,
        "structure_id",
        owners,
        rows("signs", lambda owner, slug: {"structure_id": owner, "finding_id": finding_ids[slug]}),
    )
    _replace(
        Structure.passages.through,
        "structure_id",
        owners,
        rows("passages", lambda owner, slug: {"structure_id": owner, "passage_id": passage_ids[slug]}),
    )


def _write_finding_relations(entries, ids):
    if not entries:
        return
    finding_ids, structure_ids = ids["findings"], ids["structures"]
    owners = [finding_ids[slug] for slug in entries]
    updates = []
    for slug, entry in entries.items():
        finding = Finding(id=finding_ids[slug])
        finding.reflex_nerve_id = structure_ids.get(entry.get("nerve"))
        finding.artery_id = structure_ids.get(entry.get("artery"))
        updates.append(finding)
    Finding.objects.bulk_update(updates, ["reflex_nerve", "artery"])
    _replace(
        Finding.reflex_muscles.through,
        "finding_id",
        owners,
        [
            {"finding_id": finding_ids[slug], "structure_id": structure_ids[muscle]}
            for slug, entry in entries.items()
            for muscle in entry.get("muscles", [])
        ],
    )
    _replace(
        ReflexRoot,
        "reflex_id",
        owners,
        [
            {
                "reflex_id": finding_ids[slug],
                "root_id": structure_ids[root],
                "main": root in entry.get("main_roots", []),
            }
            for slug, entry in entries.items()
            for root in entry.get("roots", [])
        ],
    )


def _write_condition_relations(entries, ids):
    if not entries:
        return
    condition_ids = ids["conditions"]
    owners = [condition_ids[slug] for slug in entries]

    def rows(key, target_field, target_ids):
        return [
            {"condition_id": condition_ids[slug], target_field: target_ids[target]}
            for slug, entry in entries.items()
            for target in entry.get(key, [])
        ]

    _replace(Condition.sites.through, "condition_id", owners, rows("sites", "structure_id", ids["structures"]))
    _replace(Condition.clues.through, "condition_id", owners, rows("clues", "finding_id", ids["findings"]))
    _replace(Condition.passages.through, "condition_id", owners, rows("passages", "passage_id", ids["passages"]))
    _replace(
        Condition.lookalikes.through,
        "from_condition_id",
        owners,
        [
            {"from_condition_id": condition_ids[slug], "to_condition_id": condition_ids[target]}
            for slug, entry in entries.items()
            for target in entry.get("lookalikes", [])
        ],
    )
    _replace(
        ConditionInvestigation,
        "condition_id",
        owners,
        [
            {
                "condition_id": condition_ids[slug],
                "investigation_id": ids["investigations"][link["investigation"]],
                "note": link.get("note", ""),
                "order": order,
            }
            for slug, entry in entries.items()
            for order, link in enumerate(entry.get("investigations", []))
        ],
    )


def _remove(model, slugs, file):
    if model is Structure:
        # Structures removed together may point at each other; unlink them first.
        Structure.objects.filter(slug__in=slugs).update(plexus=None, parent=None, continues_as=None)
    for slug in sorted(slugs):
        try:
            model.objects.filter(slug=slug).delete()
        except ProtectedError as error:
            holders = sorted({f"{type(obj).__name__} {obj.pk}" for obj in error.protected_objects})
            raise ContentError(
                file, slug, f"cannot be removed: records depend on it ({', '.join(holders[:10])})"
            ) from error


# --- Exporting -----------------------------------------------------------------------------------


class _FlowList(list):
    pass


class _FlowDict(dict):
    pass


class _Dumper(yaml.SafeDumper):
    """Block style, except lists of slugs and {area, autonomous} items, which read best inline, and
    multi-line text (a case's stem) as a literal block, as an author writes it."""


_Dumper.add_representer(
    str,
    lambda dumper, data: dumper.represent_scalar("tag:yaml.org,2002:str", data, style="|" if "\n" in data else None),
)
_Dumper.add_representer(
    _FlowList, lambda dumper, data: dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=True)
)
_Dumper.add_representer(
    _FlowDict, lambda dumper, data: dumper.represent_mapping("tag:yaml.org,2002:map", data, flow_style=True)
)


def _styled(value):
    if isinstance(value, dict):
        styled = {key: _styled(item) for key, item in value.items()}
        return _FlowDict(styled) if set(value) == {"area", "autonomous"} else styled
    if isinstance(value, list):
        if value and all(isinstance(item, str) for item in value):
            return _FlowList(value)
        return [_styled(item) for item in value]
    return value


def dump_yaml(value):
    return yaml.dump(
        _styled(value),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=1_000_000,
        default_flow_style=False,
    )


def export_content(out_dir, seeds_dir=None):
    """Write the database as content files under out_dir (and copy the seeds, if given)."""
    out = Path(out_dir)
    data = serialize_database()
    (out / "sources").mkdir(parents=True, exist_ok=True)
    (out / "structures").mkdir(parents=True, exist_ok=True)
    for slug, entry in data["sources"].items():
        (out / "sources" / f"{slug}.yaml").write_text(dump_yaml(entry), encoding="utf-8")
    vocabulary = {group: [] for group in VOCABULARY_GROUPS}
    group_of = {kind: group for group, kind in VOCABULARY_GROUPS.items()}
    for entry in data["findings"].values():
        vocabulary[group_of[entry["kind"]]].append({key: value for key, value in entry.items() if key != "kind"})
    vocabulary = {group: entries for group, entries in vocabulary.items() if entries}
    (out / "vocabulary.yaml").write_text(dump_yaml(vocabulary), encoding="utf-8")
    for kind, file_name in STRUCTURE_FILES.items():
        entries = [entry for entry in data["structures"].values() if entry["kind"] == kind]
        if entries:
            (out / "structures" / file_name).write_text(dump_yaml(entries), encoding="utf-8")
    (out / "investigations.yaml").write_text(dump_yaml(list(data["investigations"].values())), encoding="utf-8")
    (out / "conditions.yaml").write_text(dump_yaml(list(data["conditions"].values())), encoding="utf-8")
    if data["cases"]:
        (out / "cases").mkdir(exist_ok=True)
    for slug, entry in data["cases"].items():
        (out / "cases" / f"{slug}.yaml").write_text(dump_yaml(entry), encoding="utf-8")
    if seeds_dir and Path(seeds_dir).resolve() != (out / "seeds").resolve():
        shutil.copytree(seeds_dir, out / "seeds", dirs_exist_ok=True)
    return data
