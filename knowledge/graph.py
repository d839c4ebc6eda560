"""The knowledge base as the localizer's plain data (`Anatomy`), and the engine built on it once
per process and content version (see knowledge.versioning)."""

from knowledge.localizer import Anatomy, Engine, StructureInfo
from knowledge.models import (
    Condition,
    Finding,
    MuscleAction,
    SensoryArea,
    Structure,
    StructureRoot,
)
from knowledge.versioning import per_content_version


@per_content_version
def get_engine():
    """The engine for the current content, rebuilt when the content version has moved."""
    return Engine(build_anatomy())


def build_anatomy():
    structures = {}
    plexus_of, parent_of, continues_as, multifocal = {}, {}, {}, set()
    for row in Structure.objects.values(
        "slug", "name", "kind", "level", "spread", "plexus__slug", "parent__slug", "continues_as__slug"
    ):
        structures[row["slug"]] = StructureInfo(name=row["name"], kind=row["kind"], level=row["level"])
        if row["spread"] == "multifocal":
            multifocal.add(row["slug"])
        if row["plexus__slug"]:
            plexus_of[row["slug"]] = row["plexus__slug"]
        if row["parent__slug"]:
            parent_of[row["slug"]] = row["parent__slug"]
        if row["continues_as__slug"]:
            continues_as[row["slug"]] = row["continues_as__slug"]

    movements, areas, pulses, other, labels, reflexes = {}, [], {}, [], {}, {}
    for finding in Finding.objects.select_related("reflex_nerve", "artery").prefetch_related(
        "reflex_muscles", "reflex_roots__root"
    ):
        labels[finding.slug] = finding.label
        if finding.kind == Finding.Kind.MOVEMENT:
            movements[finding.slug] = finding.region
        elif finding.kind == Finding.Kind.AREA:
            areas.append(finding.slug)
        elif finding.kind == Finding.Kind.PULSE:
            pulses[finding.slug] = finding.artery.slug if finding.artery else None
        elif finding.kind == Finding.Kind.OTHER:
            other.append(finding.slug)
        else:
            reflexes[finding.slug] = {
                "muscles": [muscle.slug for muscle in finding.reflex_muscles.all()],
                "nerve": finding.reflex_nerve.slug if finding.reflex_nerve else None,
                "roots": [(link.root.slug, link.main) for link in finding.reflex_roots.all()],
                "reliable": finding.reliability != "low",
            }

    anatomy = Anatomy(
        structures=structures,
        movements=movements,
        areas=areas,
        reflexes=reflexes,
        pulses=pulses,
        other=other,
        labels=labels,
        plexus_of=plexus_of,
        parent_of=parent_of,
        continues_as=continues_as,
        multifocal=multifocal,
    )
    # In the content's own order (structures by kind and order, then the rows as written), never the
    # database's: PostgreSQL returns unordered rows in whatever order its pages hold them, and the
    # localizer's sentences ("the work of peroneus longus and peroneus brevis") list them in this order.
    by_structure = ("structure__kind", "structure__order", "id")
    for structure, root, main in StructureRoot.objects.order_by(*by_structure).values_list(
        "structure__slug", "root__slug", "main"
    ):
        anatomy.roots_of.setdefault(structure, []).append((root, main))
    for muscle, movement, prime in MuscleAction.objects.order_by("muscle__kind", "muscle__order", "id").values_list(
        "muscle__slug", "movement__slug", "prime"
    ):
        anatomy.actions_of.setdefault(muscle, []).append((movement, prime))
    for structure, area, autonomous in SensoryArea.objects.order_by(*by_structure).values_list(
        "structure__slug", "area__slug", "autonomous"
    ):
        anatomy.areas_of.setdefault(structure, []).append((area, autonomous))
    for slug, course in Structure.objects.exclude(course=[]).values_list("slug", "course"):
        anatomy.course_of[slug] = course
    for muscle, nerve in Structure.nerves.through.objects.values_list("from_structure__slug", "to_structure__slug"):
        anatomy.nerves_of.setdefault(muscle, []).append(nerve)
    for tendon, muscle in Structure.tendon_muscles.through.objects.values_list(
        "from_structure__slug", "to_structure__slug"
    ):
        anatomy.tendon_muscles.setdefault(tendon, []).append(muscle)
    for artery, target in Structure.supplies.through.objects.values_list("from_structure__slug", "to_structure__slug"):
        anatomy.supplies.setdefault(artery, []).append(target)
    for structure, sign in Structure.signs.through.objects.values_list("structure__slug", "finding__slug"):
        anatomy.signs_of.setdefault(structure, []).append(sign)
    # A condition's pain and clues speak for its sites at its own level (ALS's clues for the anterior
    # horn, not for the motor cortex it also involves).
    conditions = {slug: (pain, level) for slug, pain, level in Condition.objects.values_list("slug", "pain", "level")}
    clues = {}
    for condition, clue in Condition.clues.through.objects.values_list("condition__slug", "finding__slug"):
        clues.setdefault(condition, set()).add(clue)
    for condition, site in Condition.sites.through.objects.values_list("condition__slug", "structure__slug"):
        pain, level = conditions[condition]
        if structures[site].level != level:
            continue
        anatomy.condition_pains.setdefault(site, set()).add(pain)
        anatomy.condition_clues.setdefault(site, set()).update(clues.get(condition, ()))
    return anatomy
