"""The knowledge base in the database: serialized in the content files' normalized form (shared by
load and export, which is also how a load knows what changed), and brought to the files' state by
load_content() in one transaction: entries are created, updated in place (so their ids, and
whatever points at them, survive) or removed, in bulk.

Content that other apps build on the knowledge base (the teaching cases) is loaded in the same
transaction as a `ContentPart`: the knowledge base knows nothing of what it holds.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.db.models import ProtectedError

from knowledge.contentfiles.checking import (
    SOURCE_KEYS,
    ContentError,
)
from knowledge.contentfiles.reading import read_files
from knowledge.contentfiles.serializing import KNOWLEDGE_KINDS, serialize_database
from knowledge.models import (
    Condition,
    ConditionInvestigation,
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
from knowledge.versioning import bump_content_version


@dataclass(frozen=True)
class ContentPart:
    """Content another app builds on the knowledge base, loaded with it in one transaction: read
    after the knowledge files (and checked against them), written after the knowledge base,
    removed before it. Entries are {slug: normalized entry}, one file per entry."""

    kind: str  # its name in the report, and the folder an export writes it to
    read: Callable  # (folder, knowledge data) -> entries, raising ContentError
    serialize: Callable  # () -> the entries in the database
    write: Callable  # (wanted entries, changed slugs) -> None
    remove: Callable  # (slugs) -> None, raising ContentError when records depend on one


@dataclass
class Report:
    kinds: list = field(default_factory=lambda: list(KNOWLEDGE_KINDS))
    created: dict = field(default_factory=dict)
    updated: dict = field(default_factory=dict)
    removed: dict = field(default_factory=dict)

    def __post_init__(self):
        for counts in (self.created, self.updated, self.removed):
            for kind in self.kinds:
                counts.setdefault(kind, 0)

    @property
    def changed(self):
        return any(self.created.values()) or any(self.updated.values()) or any(self.removed.values())

    def lines(self):
        if not self.changed:
            return ["No changes: the database already matches the content files."]
        return [
            f"{kind}: {self.created[kind]} created, {self.updated[kind]} updated, {self.removed[kind]} removed"
            for kind in self.kinds
        ]


# --- Loading -------------------------------------------------------------------------------------


def load_content(root, parts=()):
    """Bring the database to the state of the content files under root, and of each part's files
    in its own folder (`parts`: (ContentPart, folder) pairs); return a Report.

    Raises ContentError, leaving the database as it was, on any problem in the files or when an
    entry to be removed still has learners' records depending on it.
    """
    wanted = read_files(root)
    for part, folder in parts:
        wanted[part.kind] = part.read(Path(folder), wanted)
    kinds = KNOWLEDGE_KINDS + [part.kind for part, _ in parts]
    report = Report(kinds)
    with transaction.atomic():
        current = serialize_database()
        for part, _ in parts:
            current[part.kind] = part.serialize()
        changed = {}
        for kind in kinds:
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
        for part, _ in parts:
            part.write(wanted[part.kind], changed[part.kind])
        # What builds on the knowledge base goes first: its rows PROTECT the entries they name.
        for part, _ in reversed(parts):
            part.remove(set(current[part.kind]) - set(wanted[part.kind]))
        _remove_knowledge(wanted, current)
        bump_content_version()
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
            slug: {
                "kind": entry["kind"],
                "label": entry["label"],
                "order": order,
                "region": entry.get("region", ""),
                "reliability": entry.get("reliability", ""),
            }
            for order, (slug, entry) in _changed_with_order(wanted, changed, "findings")
        },
    )
    _upsert(
        Structure,
        {
            slug: {
                **{key: entry.get(key, "") for key in ("name", "kind", "level", "spread", "summary", "note")},
                "synonyms": entry.get("synonyms", []),
                "course": entry.get("course", []),
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


def _remove_knowledge(wanted, current):
    remove_entries(Condition, set(current["conditions"]) - set(wanted["conditions"]), "conditions.yaml")
    remove_entries(Investigation, set(current["investigations"]) - set(wanted["investigations"]), "investigations.yaml")
    # Findings before structures: a pulse or reflex PROTECTs the artery or nerve it names.
    remove_entries(Finding, set(current["findings"]) - set(wanted["findings"]), "vocabulary.yaml")
    remove_entries(Structure, set(current["structures"]) - set(wanted["structures"]), "structures")
    remove_entries(Passage, set(current["passages"]) - set(wanted["passages"]), "sources")
    remove_entries(Source, set(current["sources"]) - set(wanted["sources"]), "sources")


_CONDITION_TEXT_FIELDS = {"name", "level", "onset", "pain", "sensory", "summary", "distinguishing", "reference"}
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


def _link_rows(entries, owner_ids, key, owner_field, target_field, target_ids, **extra):
    """A relation's rows from the entries: one per slug an entry lists under `key`. `extra` gives
    other fields, each as a function (entry, target slug) -> value."""
    return [
        {
            owner_field: owner_ids[slug],
            target_field: target_ids[target],
            **{name: value(entry, target) for name, value in extra.items()},
        }
        for slug, entry in entries.items()
        for target in entry.get(key, [])
    ]


def _is_main_root(entry, root):
    return root in entry.get("main_roots", [])


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

    def links(key, owner_field, target_field, target_ids, **extra):
        return _link_rows(entries, structure_ids, key, owner_field, target_field, target_ids, **extra)

    roots = links("roots", "structure_id", "root_id", structure_ids, main=_is_main_root)
    _replace(StructureRoot, "structure_id", owners, roots)
    actions = links("actions", "muscle_id", "movement_id", finding_ids, prime=lambda *_: True)
    actions += links("minor_actions", "muscle_id", "movement_id", finding_ids, prime=lambda *_: False)
    _replace(MuscleAction, "muscle_id", owners, actions)
    areas = [
        {"structure_id": structure_ids[slug], "area_id": finding_ids[item["area"]], "autonomous": item["autonomous"]}
        for slug, entry in entries.items()
        for item in entry.get("areas", [])
    ]
    _replace(SensoryArea, "structure_id", owners, areas)
    for key, through in (
        ("nerves", Structure.nerves.through),
        ("muscles", Structure.tendon_muscles.through),
        ("supplies", Structure.supplies.through),
    ):
        _replace(
            through, "from_structure_id", owners, links(key, "from_structure_id", "to_structure_id", structure_ids)
        )
    signs = links("signs", "structure_id", "finding_id", finding_ids)
    _replace(Structure.signs.through, "structure_id", owners, signs)
    passages = links("passages", "structure_id", "passage_id", passage_ids)
    _replace(Structure.passages.through, "structure_id", owners, passages)


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
    muscles = _link_rows(entries, finding_ids, "muscles", "finding_id", "structure_id", structure_ids)
    _replace(Finding.reflex_muscles.through, "finding_id", owners, muscles)
    roots = _link_rows(entries, finding_ids, "roots", "reflex_id", "root_id", structure_ids, main=_is_main_root)
    _replace(ReflexRoot, "reflex_id", owners, roots)


def _write_condition_relations(entries, ids):
    if not entries:
        return
    condition_ids = ids["conditions"]
    owners = [condition_ids[slug] for slug in entries]
    for key, through, target_field, target_ids in (
        ("sites", Condition.sites.through, "structure_id", ids["structures"]),
        ("clues", Condition.clues.through, "finding_id", ids["findings"]),
        ("passages", Condition.passages.through, "passage_id", ids["passages"]),
    ):
        rows = _link_rows(entries, condition_ids, key, "condition_id", target_field, target_ids)
        _replace(through, "condition_id", owners, rows)
    lookalikes = _link_rows(entries, condition_ids, "lookalikes", "from_condition_id", "to_condition_id", condition_ids)
    _replace(Condition.lookalikes.through, "from_condition_id", owners, lookalikes)
    investigations = [
        {
            "condition_id": condition_ids[slug],
            "investigation_id": ids["investigations"][link["investigation"]],
            "note": link.get("note", ""),
            "order": order,
        }
        for slug, entry in entries.items()
        for order, link in enumerate(entry.get("investigations", []))
    ]
    _replace(ConditionInvestigation, "condition_id", owners, investigations)


def remove_entries(model, slugs, file):
    """Delete the entries of these slugs; a ContentError names the first that records PROTECT."""
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
