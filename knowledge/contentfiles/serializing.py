"""The knowledge base read from the database in the content files' normalized form: what a load
compares the files with, and what an export writes."""

from knowledge.contentfiles.checking import INVESTIGATION_KEYS, PASSAGE_KEYS, SOURCE_KEYS, STRUCTURE_FILES, compact
from knowledge.models import Condition, Finding, Investigation, Source, Structure

KNOWLEDGE_KINDS = ["sources", "passages", "findings", "structures", "investigations", "conditions"]


def _slugs(related):
    return [item.slug for item in related]


def serialize_database():
    """Every entry of the database in the files' normalized form, keyed by kind and slug."""
    data = {kind: {} for kind in KNOWLEDGE_KINDS}
    # Sorted in Python, not by the database, whose collation may order hyphens differently.
    for source in sorted(Source.objects.prefetch_related("passages"), key=lambda source: source.slug):
        passages = []
        for order, passage in enumerate(source.passages.all(), start=1):
            entry = compact({key: getattr(passage, key) for key in PASSAGE_KEYS})
            passages.append(entry)
            data["passages"][passage.slug] = {"source": source.slug, "order": order, **entry}
        entry = {key: getattr(source, key) for key in SOURCE_KEYS if key != "passages"}
        data["sources"][source.slug] = compact({**entry, "passages": passages})

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
            "reliability": finding.reliability,
        }
        data["findings"][finding.slug] = compact(entry)

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
            "spread": structure.spread,
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
            # jsonb keeps no key order: each item as the files write it.
            "course": [
                {"segment": item["segment"], "name": item["name"]} if "segment" in item else item
                for item in structure.course
            ],
            "passages": _slugs(sorted(structure.passages.all(), key=_passage_order)),
        }
        data["structures"][structure.slug] = compact(entry)

    for investigation in Investigation.objects.order_by("order", "id"):
        data["investigations"][investigation.slug] = compact(
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
                compact({"investigation": link.investigation.slug, "note": link.note})
                for link in condition.investigation_links.all()
            ],
            "passages": _slugs(sorted(condition.passages.all(), key=_passage_order)),
            "reference": condition.reference,
        }
        data["conditions"][condition.slug] = compact(entry)
    return data


_KIND_ORDER = {kind: index for index, kind in enumerate(STRUCTURE_FILES)}


def _structure_order(structure):
    return (_KIND_ORDER.get(structure.kind, 99), structure.order)


def _passage_order(passage):
    return (passage.source.slug, passage.order)
