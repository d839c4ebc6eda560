"""Checking the content files (format: docs/content-format.md): what each file may hold, the
error that names the file, entry and problem, and the checks of one entry and of the slugs that
entries name across files."""

import re

import yaml

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
    "compartment": "compartments.yaml",
}
# The level each kind of structure must have (central sites name their own).
KIND_LEVELS = {
    "root": {"root"},
    "plexus": {"plexus"},
    "nerve": {"peripheral-nerve"},
    "muscle": {"muscle"},
    "artery": {"artery"},
    "tendon": {"tendon"},
    "compartment": {"compartment"},
    # Central and diffuse sites: a diffuse disease of the nerves or muscles is a site of its own.
    "central": {
        "brain",
        "spinal-cord",
        "anterior-horn",
        "root",
        "peripheral-nerve",
        "neuromuscular-junction",
        "muscle",
        "functional",
    },  # fmt: skip
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
    "reflex": ["slug", "label", "muscles", "nerve", "roots", "main_roots", "reliability"],
    "pulse": ["slug", "label", "artery"],
    "other": ["slug", "label"],
}
STRUCTURE_KEYS = [
    "slug", "name", "synonyms", "kind", "level", "spread", "summary", "note", "roots", "main_roots", "plexus",
    "parent", "continues_as", "nerves", "actions", "minor_actions", "areas", "muscles", "supplies",
    "signs", "course", "passages",
]  # fmt: skip
INVESTIGATION_KEYS = ["slug", "name", "summary"]
CONDITION_KEYS = [
    "slug", "name", "synonyms", "level", "sites", "onset", "pain", "sensory", "summary",
    "distinguishing", "lookalikes", "clues", "investigations", "passages", "reference",
]  # fmt: skip


class ContentError(Exception):
    """A problem in the content files, with the file and entry it is in."""

    def __init__(self, file, entry, problem):
        self.file, self.entry, self.problem = file, entry, problem
        where = f"{file}: entry '{entry}'" if entry else str(file)
        super().__init__(f"{where}: {problem}")


def read_yaml(path, root, name=None):
    """The parsed file, or None when the file does not exist (an empty part of the content).
    Errors name the file relative to root, or as `name`."""
    name = name or str(path.relative_to(root))
    if not path.exists():
        return None
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.load(handle, Loader=SAFE_LOADER)
    except yaml.YAMLError as error:
        raise ContentError(name, None, f"not valid YAML: {error}") from error


def compact(entry):
    """Leave out empty values, as the files do."""
    return {key: value for key, value in entry.items() if value not in ("", None, [], {})}


class Checker:
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


LIST_KEYS = {
    "synonyms", "roots", "main_roots", "nerves", "actions", "minor_actions", "areas", "muscles",
    "supplies", "signs", "course", "passages",
}  # fmt: skip


def check_course(check, raw, slug):
    """A nerve's course, proximal to distal: named segments, and between them the branches (muscles
    and nerves) that leave the nerve there. A lesion in a segment spares the branches listed above
    it; the engine derives each segment's deficits from that order."""
    course, segments = [], set()
    for item in raw.get("course") or []:
        if isinstance(item, dict) and set(item) == {"segment", "name"} and SLUG_RE.match(str(item["segment"])):
            if item["segment"] in segments:
                raise ContentError(check.file, slug, f"segment '{item['segment']}' is named twice in 'course'")
            segments.add(item["segment"])
            course.append({"segment": item["segment"], "name": str(item["name"])})
        elif isinstance(item, dict) and set(item) == {"branches"} and isinstance(item["branches"], list):
            course.append({"branches": [str(branch) for branch in item["branches"]]})
        else:
            raise ContentError(
                check.file, slug, "each of 'course' must be {segment: SLUG, name: TEXT} or {branches: [SLUG, ...]}"
            )
    if course and ("segment" not in course[0] or "segment" not in course[-1]):
        raise ContentError(check.file, slug, "'course' begins and ends with a segment")
    return course


def check_areas(check, raw, slug):
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


def check_investigation_links(check, raw, slug):
    links = []
    for item in raw.get("investigations") or []:
        if not isinstance(item, dict) or set(item) - {"investigation", "note"} or "investigation" not in item:
            raise ContentError(check.file, slug, "each of 'investigations' must be {investigation: SLUG, note: TEXT}")
        if any(existing["investigation"] == item["investigation"] for existing in links):
            raise ContentError(check.file, slug, f"investigation '{item['investigation']}' is listed twice")
        links.append(compact({"investigation": item["investigation"], "note": str(item.get("note") or "")}))
    return links


def check_references(data, origin):
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
        if entry.get("spread") and kind != "central":
            raise ContentError(origin["structures", slug], slug, "only a central site has a 'spread'")
        if entry.get("course") and kind != "nerve":
            raise ContentError(origin["structures", slug], slug, "only a nerve has a 'course'")
        for item in entry.get("course", []):
            for target in item.get("branches", []):
                structure(["muscle", "nerve"], "structures", slug, "course", target)
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
