from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from cases.anatomy import get_engine
from cases.models import Condition, Finding, Passage, ReflexRoot, Source, Structure, StructureRoot

CITED_PASSAGES = Prefetch("passages", queryset=Passage.objects.select_related("source"))


@require_safe
def structure_detail(request, slug):
    structures = Structure.objects.select_related("plexus", "parent", "continues_as").prefetch_related(
        Prefetch("root_links", queryset=StructureRoot.objects.select_related("root").order_by("root__order")),
        Prefetch("root_of", queryset=StructureRoot.objects.select_related("structure").order_by("structure__order")),
        "nerves", "actions__movement", "areas__area", "tendon_muscles", "supplies", "signs", "branches",
        "plexus_members", "muscles_supplied", "arteries", "pulses", "conditions", CITED_PASSAGES,
    )  # fmt: skip
    structure = get_object_or_404(structures, slug=slug)
    reflexes = Finding.objects.filter(kind=Finding.Kind.REFLEX).select_related("reflex_nerve")
    if structure.kind == Structure.Kind.ROOT:
        reflexes = reflexes.filter(reflex_roots__root=structure)
        reflex_links = ReflexRoot.objects.filter(root=structure).select_related("reflex")
    else:
        reflexes = reflexes.filter(reflex_nerve=structure) | reflexes.filter(reflex_muscles=structure)
        reflex_links = []
    engine = get_engine()
    deficits = engine.deficits(slug) if slug in engine.profiles else {}
    context = {
        "structure": structure,
        "myotome": [link for link in structure.root_of.all() if link.structure.kind == Structure.Kind.MUSCLE],
        "reflexes": reflexes.distinct(),
        "reflex_links": reflex_links,
        "deficits": _deficit_phrases(deficits, engine.anatomy.labels),
    }
    return render(request, "cases/structure_detail.html", context)


def _deficit_phrases(deficits, labels):
    rows = []
    if deficits.get("weak"):
        rows.append(("Weakness", [labels[slug] for slug in deficits["weak"]]))
    if deficits.get("sensory_loss"):
        rows.append(("Sensory loss", [labels[slug] for slug in deficits["sensory_loss"]]))
    if deficits.get("reflexes"):
        rows.append(("Reflexes", [f"{labels[slug]}: {value}" for slug, value in deficits["reflexes"].items()]))
    if deficits.get("plantar"):
        rows.append(("Plantar response", [deficits["plantar"]]))
    if deficits.get("pulses"):
        rows.append(("Pulses", [f"{labels[slug]}: {value}" for slug, value in deficits["pulses"].items()]))
    if deficits.get("other"):
        rows.append(("Other findings", [labels[slug] for slug in deficits["other"]]))
    return rows


@require_safe
def condition_detail(request, slug):
    conditions = Condition.objects.prefetch_related(
        "sites", "lookalikes", "clues", "investigation_links__investigation", CITED_PASSAGES
    )
    condition = get_object_or_404(conditions, slug=slug)
    return render(request, "cases/condition_detail.html", {"condition": condition})


@require_safe
def source_detail(request, slug):
    passages = Passage.objects.prefetch_related("structures", "conditions")
    source = get_object_or_404(Source.objects.prefetch_related(Prefetch("passages", queryset=passages)), slug=slug)
    return render(request, "cases/source_detail.html", {"source": source})
