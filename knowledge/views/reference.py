from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from knowledge.diagrams import (
    arterial_tree_rows,
    arterial_tree_svg,
    motor_pathway_rows,
    motor_pathway_svg,
    pathway_rows,
    pathway_svg,
)
from knowledge.extensions import references_cited, teaching_for
from knowledge.graph import get_engine
from knowledge.models import Condition, Finding, Level, Passage, ReflexRoot, Source, Structure, StructureRoot
from knowledge.search import query_words, search
from knowledge.versioning import per_content_version
from legweak_site.htmx import wants_fragment

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
        "numb_areas": set(deficits.get("sensory_loss", [])),
        "area_labels": engine.anatomy.labels,
        "taught_in": teaching_for(request, [structure]).get(structure, []),
        "pathway": _pathway_context(structure),
        "segments": _segments(engine, slug),
    }
    return render(request, "knowledge/structure_detail.html", context)


def _segments(engine, slug):
    """Where along the nerve a lesion can sit, proximal to distal: for each segment, the branches
    that leave above it (which a lesion there spares) and what a lesion there produces."""
    anatomy, rows, above = engine.anatomy, [], []
    for item in anatomy.course_of.get(slug, []):
        if "branches" in item:
            above += [anatomy.structures[branch].name for branch in item["branches"]]
            continue
        deficits = engine.deficits(slug, item["segment"])
        rows.append(
            {"name": item["name"], "spares": list(above), "deficits": _deficit_phrases(deficits, anatomy.labels)}
        )
    return rows if len(rows) > 1 else []


def _pathway_context(structure):
    """The diagrams of a structure's page (and of a condition's, for its main site), each with its
    rows for a table, keyed by what they are:

    - "detail": the pathway from the roots to the muscles, for a root, plexus, nerve or muscle
      (and for a tendon or a compartment, with its muscles lit);
    - "motor": the whole motor pathway from the brain to the muscle, for a central site, a
      compartment, a tendon, functional weakness and any other site off the detailed pathway;
    - "overview": the same, small, beside the detailed pathway of a root, plexus, nerve or muscle;
    - "arteries": the arterial tree, for an artery.
    """
    slug, kind = structure.slug, structure.kind
    if kind == Structure.Kind.ARTERY:
        return {"arteries": _arterial_tree(slug)}
    if kind in (Structure.Kind.ROOT, Structure.Kind.PLEXUS, Structure.Kind.NERVE, Structure.Kind.MUSCLE):
        return {"detail": _pathway(slug), "overview": _motor_pathway(slug, True)}
    diagrams = {"motor": _motor_pathway(slug, False)}
    if kind in (Structure.Kind.TENDON, Structure.Kind.COMPARTMENT):
        diagrams["detail"] = _pathway(slug)
    return diagrams


@per_content_version
def _pathway(slug):
    """Laying out the diagram takes milliseconds and changes only with the content."""
    anatomy = get_engine().anatomy
    return {
        "svg": mark_safe(pathway_svg(anatomy, highlight=slug)),  # safe: built from escaped names
        "rows": pathway_rows(anatomy, highlight=slug),
    }


@per_content_version
def _motor_pathway(slug, small):
    anatomy = get_engine().anatomy
    prefix = "motor-overview" if small else "motor-pathway"
    return {
        "svg": mark_safe(motor_pathway_svg(anatomy, highlight=slug, id_prefix=prefix, small=small)),  # escaped names
        "rows": motor_pathway_rows(anatomy, highlight=slug, small=small),
    }


@per_content_version
def _arterial_tree(slug):
    anatomy = get_engine().anatomy
    return {
        "svg": mark_safe(arterial_tree_svg(anatomy, highlight=slug)),  # safe: built from escaped names
        "rows": arterial_tree_rows(anatomy, highlight=slug),
    }


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
        "sites",
        "lookalikes",
        "clues",
        "investigation_links__investigation",
        CITED_PASSAGES,
    )
    condition = get_object_or_404(conditions, slug=slug)
    engine = get_engine()
    # The diagrams follow the condition's main site: its first site at the condition's level.
    site = next((site for site in condition.sites.all() if site.level == condition.level), None)
    deficits = engine.deficits(site.slug) if site and site.slug in engine.profiles else {}
    context = {
        "condition": condition,
        "site": site,
        "pathway": _pathway_context(site) if site else None,
        "taught_in": teaching_for(request, [condition]).get(condition, []),
        "numb_areas": set(deficits.get("sensory_loss", [])),
        "area_labels": engine.anatomy.labels,
    }
    return render(request, "knowledge/condition_detail.html", context)


@require_safe
def source_detail(request, slug):
    passages = Passage.objects.prefetch_related("structures", "conditions")
    source = get_object_or_404(Source.objects.prefetch_related(Prefetch("passages", queryset=passages)), slug=slug)
    taught_in = teaching_for(request, source.passages.all())
    passages = [(passage, taught_in.get(passage, [])) for passage in source.passages.all()]
    return render(request, "knowledge/source_detail.html", {"source": source, "passages": passages})


@require_safe
def anatomy_index(request):
    structures = Structure.objects.order_by("kind", "order").only("slug", "name", "kind", "synonyms")
    groups = {kind: [] for kind in Structure.Kind.values}
    for structure in structures:
        groups[structure.kind].append(structure)
    ordered = [(KIND_PLURALS[kind], items) for kind, items in groups.items() if items]
    return render(request, "knowledge/anatomy_index.html", {"groups": ordered})


KIND_PLURALS = {
    "central": "Central sites",
    "root": "Spinal roots",
    "plexus": "Plexuses",
    "nerve": "Peripheral nerves",
    "muscle": "Muscles",
    "artery": "Arteries",
    "tendon": "Tendons",
    "compartment": "Compartments of the leg",
}


@require_safe
def condition_index(request):
    conditions = Condition.objects.order_by("order").only("slug", "name", "level", "summary")
    groups = {}
    for condition in conditions:
        groups.setdefault(condition.level, []).append(condition)
    levels = [(Level(level).label, groups[level]) for level in Level.values if level in groups]
    return render(request, "knowledge/condition_index.html", {"groups": levels})


@require_safe
def source_index(request):
    """The quoted sources, then the standard references cited where they are silent."""
    sources = Source.objects.annotate(passage_count=Count("passages")).order_by("title")
    by_reference = {}
    for condition in Condition.objects.exclude(reference="").only("slug", "name", "reference"):
        by_reference.setdefault(condition.reference, []).append(condition)
    for reference in references_cited():
        by_reference.setdefault(reference, [])
    references = sorted(by_reference.items(), key=lambda item: item[0].lower())
    return render(request, "knowledge/source_index.html", {"sources": sources, "references": references})


@require_safe
@vary_on_headers("HX-Request")
def search_page(request):
    query = request.GET.get("q", "").strip()[:200]
    hits = search(query) if query else []
    context = {"query": query, "hits": hits, "searched": bool(query_words(query))}
    template = "knowledge/search_page.html"
    if wants_fragment(request):
        template += "#search-results"
    return render(request, template, context)
