"""The diagrams, alone (the pathway, the whole motor pathway, the arterial tree): well-formed SVG,
accessible, CSP-safe, and highlights that follow the graph."""

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from knowledge.diagrams import (
    arterial_tree_rows,
    arterial_tree_svg,
    motor_pathway_rows,
    motor_pathway_svg,
    pathway_rows,
    pathway_svg,
)
from knowledge.diagrams.layout import text_width
from knowledge.localizer import Anatomy, StructureInfo

ROOT = Path(__file__).resolve().parents[2]
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def anatomy(shipped_engine):
    return shipped_engine.anatomy


def parse(markup):
    return ET.fromstring(markup)


def nodes_by_slug(svg):
    """slug -> the <g class="node ..."> inside the link to /anatomy/<slug>/."""
    nodes = {}
    for link in svg.iter(f"{SVG}a"):
        slug = link.get("href").removeprefix("/anatomy/").removesuffix("/")
        nodes[slug] = link.find(f"{SVG}g")
    return nodes


def classes(element):
    return set((element.get("class") or "").split())


def slugs_of_kind(anatomy, *kinds):
    return [slug for slug, (_, kind, _) in anatomy.structures.items() if kind in kinds]


def tiny_anatomy(**overrides):
    """Two roots, one plexus, a nerve with a branch, two muscles: enough to test without the database."""
    structures = {
        "l4-root": StructureInfo("L4 nerve root", "root", "root"),
        "l5-root": StructureInfo("L5 nerve root", "root", "root"),
        "sacral-plexus": StructureInfo("Sacral plexus", "plexus", "plexus"),
        "sciatic-nerve": StructureInfo("Sciatic <&> nerve", "nerve", "peripheral-nerve"),
        "tibial-nerve": StructureInfo("Tibial nerve", "nerve", "peripheral-nerve"),
        "hamstrings": StructureInfo("Hamstrings", "muscle", "muscle"),
        "soleus": StructureInfo("Soleus", "muscle", "muscle"),
    }
    fields = {
        "structures": structures,
        "movements": {},
        "areas": [],
        "reflexes": {},
        "pulses": {},
        "other": [],
        "labels": {"knee-flexion": "Knee flexion"},
        "roots_of": {
            "sacral-plexus": [("l4-root", False), ("l5-root", False)],
            "sciatic-nerve": [("l4-root", False), ("l5-root", False)],
            "tibial-nerve": [("l5-root", False)],
            "hamstrings": [("l5-root", True)],
            "soleus": [("l5-root", True)],
        },
        "plexus_of": {"sciatic-nerve": "sacral-plexus"},
        "parent_of": {"tibial-nerve": "sciatic-nerve"},
        "nerves_of": {"hamstrings": ["sciatic-nerve"], "soleus": ["tibial-nerve"]},
        "actions_of": {"hamstrings": [("knee-flexion", True)]},
    }
    return Anatomy(**{**fields, **overrides})


# --- Markup --------------------------------------------------------------------------------------


def test_it_is_well_formed_svg_named_by_its_title_and_described_by_its_desc(anatomy):
    svg = parse(pathway_svg(anatomy))

    assert svg.tag == f"{SVG}svg"
    assert svg.get("role") == "group"
    assert svg.get("viewBox").startswith("0 0 ")
    assert svg.get("width") is None and svg.get("height") is None
    title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
    assert svg.get("aria-labelledby") == title.get("id") == "pathway-title"
    assert svg.get("aria-describedby") == desc.get("id") == "pathway-desc"
    assert "L1 to S2" in desc.text


def test_the_id_prefix_keeps_two_diagrams_on_one_page_apart(anatomy):
    svg = parse(pathway_svg(anatomy, id_prefix="second"))

    assert svg.find(f"{SVG}title").get("id") == "second-title"
    assert svg.get("aria-labelledby") == "second-title"
    assert svg.get("aria-describedby") == "second-desc"


def test_every_root_plexus_nerve_and_muscle_is_a_link_to_its_page(anatomy):
    nodes = nodes_by_slug(parse(pathway_svg(anatomy)))

    expected = slugs_of_kind(anatomy, "root", "plexus", "nerve", "muscle")
    assert set(expected) <= set(nodes)
    for slug in expected:
        kind = anatomy.structures[slug].kind
        assert {"node", f"kind-{kind}"} <= classes(nodes[slug])
        assert nodes[slug].find(f"{SVG}rect") is not None
        assert nodes[slug].find(f"{SVG}title").text.startswith(anatomy.structures[slug].name)


def test_it_leaves_out_what_is_not_on_the_pathway(anatomy):
    nodes = nodes_by_slug(parse(pathway_svg(anatomy)))

    assert not set(slugs_of_kind(anatomy, "artery", "central", "tendon")) & set(nodes)


def test_it_has_no_inline_style_or_script_for_the_content_security_policy(anatomy):
    for highlight in (None, "common-peroneal-nerve"):
        markup = pathway_svg(anatomy, highlight=highlight)
        assert " style=" not in markup
        assert "<script" not in markup.lower()
        assert "<style" not in markup.lower()


def test_names_are_whole_even_when_they_wrap(anatomy):
    nodes = nodes_by_slug(parse(pathway_svg(anatomy)))

    for slug in slugs_of_kind(anatomy, "root", "plexus", "nerve", "muscle"):
        lines = [tspan.text for tspan in nodes[slug].iter(f"{SVG}tspan")]
        assert " ".join(lines) == anatomy.structures[slug].name


def test_text_fits_its_box_and_boxes_never_overlap(anatomy):
    nodes = nodes_by_slug(parse(pathway_svg(anatomy)))
    boxes = []
    for slug, node in nodes.items():
        rect = node.find(f"{SVG}rect")
        x, y, width, height = (float(rect.get(name)) for name in ("x", "y", "width", "height"))
        for tspan in node.iter(f"{SVG}tspan"):
            assert text_width(tspan.text) <= width - 8, slug
        if "frame" not in classes(node):
            boxes.append((slug, x, y, x + width, y + height))
    for index, (slug, left, top, right, bottom) in enumerate(boxes):
        for other, left2, top2, right2, bottom2 in boxes[index + 1 :]:
            apart = right <= left2 or right2 <= left or bottom <= top2 or bottom2 <= top
            assert apart, f"{slug} overlaps {other}"


def test_muscle_titles_name_their_prime_actions(anatomy):
    nodes = nodes_by_slug(parse(pathway_svg(anatomy)))

    tooltip = nodes["tibialis-anterior"].find(f"{SVG}title").text
    assert "Tibialis anterior" in tooltip
    assert "ankle dorsiflexion" in tooltip
    assert "foot inversion" not in tooltip  # it only assists inversion


def test_names_are_escaped():
    markup = pathway_svg(tiny_anatomy())

    assert "Sciatic &lt;&amp;&gt; nerve" in markup
    parse(markup)


def test_the_module_imports_no_django():
    code = "import sys, knowledge.diagrams; sys.exit(any(m.split('.')[0] == 'django' for m in sys.modules))"
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0


# --- Highlights ----------------------------------------------------------------------------------


def states(anatomy, highlight):
    """slug -> "on" or "off" for every node of the diagram with this highlight."""
    nodes = nodes_by_slug(parse(pathway_svg(anatomy, highlight=highlight)))
    result = {}
    for slug, node in nodes.items():
        state = classes(node) & {"on", "off"}
        assert len(state) == 1, slug
        result[slug] = state.pop()
    return result


def test_without_a_highlight_nothing_is_lit_or_dimmed(anatomy):
    markup = pathway_svg(anatomy)

    for element in parse(markup).iter():
        assert not (set((element.get("class") or "").split()) & {"on", "off", "current"})


def test_a_nerve_lights_its_roots_plexus_parent_branches_and_muscles(anatomy):
    state = states(anatomy, "common-peroneal-nerve")

    lit = [
        "common-peroneal-nerve",
        "sciatic-nerve",
        "sacral-plexus",
        "l4-root",
        "l5-root",
        "s1-root",
        "s2-root",
        "deep-peroneal-nerve",
        "superficial-peroneal-nerve",
        "tibialis-anterior",
        "peroneus-longus",
    ]
    assert {slug: state[slug] for slug in lit} == dict.fromkeys(lit, "on")
    dimmed = ["femoral-nerve", "quadriceps-femoris", "tibial-nerve", "hamstrings", "lumbar-plexus", "l3-root"]
    assert {slug: state[slug] for slug in dimmed} == dict.fromkeys(dimmed, "off")


def test_the_highlighted_node_is_marked_current(anatomy):
    nodes = nodes_by_slug(parse(pathway_svg(anatomy, highlight="common-peroneal-nerve")))

    current = [slug for slug, node in nodes.items() if "current" in classes(node)]
    assert current == ["common-peroneal-nerve"]


def test_edges_are_lit_only_along_the_highlighted_paths(anatomy):
    svg = parse(pathway_svg(anatomy, highlight="femoral-nerve"))
    edges = [element for element in svg.iter(f"{SVG}path") if "edge" in classes(element)]

    lit = [edge for edge in edges if "on" in classes(edge)]
    # L2-L4 to the lumbar plexus, plexus to femoral, femoral to saphenous and to its three muscles.
    assert len(lit) == 3 + 1 + 1 + 3
    assert all(classes(edge) & {"on", "off"} for edge in edges)


def test_a_femoral_highlight_does_not_light_the_plexus_branch_to_psoas(anatomy):
    """Iliacus and the lumbar plexus are both lit (below and above the femoral nerve), but the
    plexus's direct branch to psoas major does not run through the femoral nerve."""
    svg = parse(pathway_svg(anatomy, highlight="femoral-nerve"))

    direct = [element for element in svg.iter(f"{SVG}path") if "edge-direct" in classes(element)]
    assert direct and all("off" in classes(edge) for edge in direct)


def test_a_root_lights_what_carries_it(anatomy):
    state = states(anatomy, "l5-root")

    for slug in ["l5-root", "sacral-plexus", "sciatic-nerve", "tibial-nerve", "tibialis-posterior", "gluteus-medius"]:
        assert state[slug] == "on", slug
    for slug in ["l4-root", "lumbar-plexus", "femoral-nerve", "gastrocnemius", "sural-nerve", "psoas-major"]:
        assert state[slug] == "off", slug


def test_a_muscle_lights_its_nerves_and_its_own_roots(anatomy):
    state = states(anatomy, "gluteus-medius")

    for slug in ["gluteus-medius", "superior-gluteal-nerve", "sacral-plexus", "l4-root", "l5-root", "s1-root"]:
        assert state[slug] == "on", slug
    for slug in ["s2-root", "sciatic-nerve", "gluteus-minimus", "inferior-gluteal-nerve"]:
        assert state[slug] == "off", slug


def test_a_muscle_supplied_by_a_plexus_directly_lights_the_plexus_and_not_its_nerves(anatomy):
    state = states(anatomy, "psoas-major")

    for slug in ["lumbar-plexus", "l1-root", "l2-root", "l3-root"]:
        assert state[slug] == "on", slug
    assert state["femoral-nerve"] == "off"  # psoas major is supplied by the plexus, not the femoral nerve


def test_a_muscle_lights_its_own_roots_not_all_its_nerve_carries(anatomy):
    state = states(anatomy, "iliacus")

    for slug in ["femoral-nerve", "lumbar-plexus", "l2-root", "l3-root"]:
        assert state[slug] == "on", slug
    assert state["l4-root"] == "off"  # the femoral nerve carries L4, but iliacus takes none of it


def test_a_tendon_lights_its_muscles_and_their_pathway(anatomy):
    tendon = next(iter(slugs_of_kind(anatomy, "tendon")))
    state = states(anatomy, tendon)

    for muscle in anatomy.tendon_muscles[tendon]:
        assert state[muscle] == "on"
    assert "off" in state.values()


def test_an_unknown_or_central_highlight_lights_nothing(anatomy):
    assert pathway_svg(anatomy, highlight="no-such-thing") == pathway_svg(anatomy)
    assert pathway_svg(anatomy, highlight="motor-cortex") == pathway_svg(anatomy)


# --- The table -----------------------------------------------------------------------------------


def names(items):
    return [item["name"] for item in items]


def test_rows_cover_every_nerve_in_diagram_order(anatomy):
    rows = pathway_rows(anatomy)

    nerves = [row["nerve"]["slug"] for row in rows if row["nerve"]]
    assert sorted(nerves) == sorted(slugs_of_kind(anatomy, "nerve"))
    assert nerves.index("femoral-nerve") < nerves.index("sciatic-nerve")  # lumbar plexus first
    assert nerves.index("saphenous-nerve") == nerves.index("femoral-nerve") + 1  # a branch under its parent
    femoral = next(row for row in rows if row["nerve"] and row["nerve"]["slug"] == "femoral-nerve")
    assert femoral["plexus"]["name"] == "Lumbar plexus"
    assert names(femoral["roots"]) == ["L2 nerve root", "L3 nerve root", "L4 nerve root"]
    assert "Quadriceps femoris" in names(femoral["muscles"])


def test_a_plexus_that_supplies_a_muscle_directly_has_a_row_without_a_nerve(anatomy):
    rows = pathway_rows(anatomy)

    direct = [row for row in rows if row["nerve"] is None]
    assert [(row["plexus"]["slug"], names(row["muscles"])) for row in direct] == [("lumbar-plexus", ["Psoas major"])]


def test_rows_for_the_obturator_nerve_include_the_adductors(anatomy):
    rows = pathway_rows(anatomy, highlight="obturator-nerve")

    assert [row["nerve"]["slug"] for row in rows] == ["obturator-nerve"]
    assert [muscle["slug"] for muscle in rows[0]["muscles"]] == ["adductors"]
    assert rows[0]["plexus"]["slug"] == "lumbar-plexus"


def test_rows_for_a_branch_name_its_parent_and_keep_only_what_is_lit(anatomy):
    rows = pathway_rows(anatomy, highlight="deep-peroneal-nerve")

    by_nerve = {row["nerve"]["slug"]: row for row in rows}
    assert list(by_nerve) == ["sciatic-nerve", "common-peroneal-nerve", "deep-peroneal-nerve"]
    assert by_nerve["deep-peroneal-nerve"]["parent"]["slug"] == "common-peroneal-nerve"
    assert by_nerve["sciatic-nerve"]["muscles"] == []  # the hamstrings are not below the deep peroneal
    assert names(by_nerve["sciatic-nerve"]["roots"]) == ["L4 nerve root", "L5 nerve root", "S1 nerve root"]


def test_rows_for_a_root_keep_the_muscles_that_take_it(anatomy):
    rows = pathway_rows(anatomy, highlight="l5-root")

    tibial = next(row for row in rows if row["nerve"]["slug"] == "tibial-nerve")
    assert "Tibialis posterior" in names(tibial["muscles"])
    assert "Gastrocnemius" not in names(tibial["muscles"])
    assert all(names(row["roots"]) == ["L5 nerve root"] for row in rows)


# --- The whole motor pathway ---------------------------------------------------------------------

MOTOR_ORDER = [
    "brain",
    "spinal-cord",
    "anterior-horn",
    "root",
    "plexus",
    "peripheral-nerve",
    "neuromuscular-junction",
    "muscle",
    "compartment",
    "tendon",
    "functional",
]


def whole_anatomy(**overrides):
    """The tiny anatomy with a site at every level, the sites the knowledge base is gaining
    (internal capsule, conus medullaris, cauda equina, functional weakness) and five arteries."""
    base = tiny_anatomy()
    structures = {
        "motor-cortex": StructureInfo("Motor cortex (leg area)", "central", "brain"),
        "internal-capsule": StructureInfo("Internal capsule (posterior limb)", "central", "brain"),
        "spinal-cord": StructureInfo("Spinal cord", "central", "spinal-cord"),
        "conus-medullaris": StructureInfo("Conus medullaris", "central", "spinal-cord"),
        "anterior-horn": StructureInfo("Anterior horn cells", "central", "anterior-horn"),
        **base.structures,
        "cauda-equina": StructureInfo("Cauda equina", "central", "root"),
        "peripheral-nerves": StructureInfo("Peripheral nerves (diffuse)", "central", "peripheral-nerve"),
        "neuromuscular-junction": StructureInfo("Neuromuscular junction", "central", "neuromuscular-junction"),
        "skeletal-muscle": StructureInfo("Skeletal muscle (diffuse myopathy)", "central", "muscle"),
        "superficial-posterior-compartment": StructureInfo(
            "Superficial posterior compartment of the leg", "compartment", "compartment"
        ),
        "achilles-tendon": StructureInfo("Achilles tendon", "tendon", "tendon"),
        "functional-weakness": StructureInfo("Functional weakness", "central", "functional"),
        "femoral-artery": StructureInfo("Femoral artery", "artery", "artery"),
        "popliteal-artery": StructureInfo("Popliteal artery", "artery", "artery"),
        "anterior-tibial-artery": StructureInfo("Anterior tibial artery", "artery", "artery"),
        "posterior-tibial-artery": StructureInfo("Posterior tibial artery", "artery", "artery"),
        "dorsalis-pedis-artery": StructureInfo("Dorsalis pedis artery", "artery", "artery"),
    }
    fields = {
        "structures": structures,
        "pulses": {
            "femoral": "femoral-artery",
            "popliteal": "popliteal-artery",
            "dorsalis-pedis": "dorsalis-pedis-artery",
        },
        "labels": {
            **base.labels,
            "femoral": "Femoral pulse",
            "popliteal": "Popliteal pulse",
            "dorsalis-pedis": "Dorsalis pedis pulse",
        },
        "parent_of": {**base.parent_of, "anterior-tibial-artery": "popliteal-artery"},
        "continues_as": {
            "femoral-artery": "popliteal-artery",
            "popliteal-artery": "posterior-tibial-artery",
            "anterior-tibial-artery": "dorsalis-pedis-artery",
        },
        "tendon_muscles": {"achilles-tendon": ["soleus"], "superficial-posterior-compartment": ["soleus"]},
        "supplies": {"popliteal-artery": ["soleus", "tibial-nerve"], "femoral-artery": ["hamstrings"]},
    }
    return tiny_anatomy(**{**fields, **overrides})


def bands_of(svg):
    """level -> the <g class="band ..."> of that level, in the order drawn."""
    bands = {}
    for group in svg.iter(f"{SVG}g"):
        if "band" in classes(group):
            level = next(name.removeprefix("level-") for name in classes(group) if name.startswith("level-"))
            bands[level] = group
    return bands


def band_top(band):
    return float(band.find(f"{SVG}rect").get("y"))


def test_the_motor_pathway_is_well_formed_svg_named_by_its_title_and_described_by_its_desc():
    svg = parse(motor_pathway_svg(whole_anatomy()))

    assert svg.tag == f"{SVG}svg"
    assert svg.get("role") == "group"
    assert svg.get("viewBox").startswith("0 0 ")
    assert {"pathway", "motor-pathway"} <= classes(svg)
    title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
    assert svg.get("aria-labelledby") == title.get("id") == "motor-pathway-title"
    assert svg.get("aria-describedby") == desc.get("id") == "motor-pathway-desc"
    assert "from the brain to the muscle" in title.text
    other = parse(motor_pathway_svg(whole_anatomy(), id_prefix="second"))
    assert other.get("aria-labelledby") == "second-title" and other.find(f"{SVG}desc").get("id") == "second-desc"


def test_its_bands_run_from_the_brain_to_the_muscle_then_those_set_apart():
    bands = bands_of(parse(motor_pathway_svg(whole_anatomy())))

    assert list(bands) == MOTOR_ORDER
    tops = [band_top(bands[level]) for level in MOTOR_ORDER]
    assert tops == sorted(tops)
    # The last three sit in their own frame below the pathway, which has no arrow into them.
    svg = parse(motor_pathway_svg(whole_anatomy()))
    frame = next(rect for rect in svg.iter(f"{SVG}rect") if "set-apart" in classes(rect))
    assert band_top(bands["muscle"]) < float(frame.get("y")) < band_top(bands["compartment"])
    arrows = [path for path in svg.iter(f"{SVG}path") if "arrow" in classes(path)]
    assert len(arrows) == MOTOR_ORDER.index("muscle")


def test_each_site_sits_in_the_band_of_its_level_the_new_sites_included():
    svg = parse(motor_pathway_svg(whole_anatomy()))
    nodes, bands = nodes_by_slug(svg), bands_of(svg)

    for slug in ["internal-capsule", "conus-medullaris", "cauda-equina", "functional-weakness", "l4-root"]:
        level = whole_anatomy().structures[slug].level
        assert f"level-{level}" in classes(nodes[slug]), slug
        rect, band = nodes[slug].find(f"{SVG}rect"), bands[level].find(f"{SVG}rect")
        top, bottom = float(band.get("y")), float(band.get("y")) + float(band.get("height"))
        assert top <= float(rect.get("y")) and float(rect.get("y")) + float(rect.get("height")) <= bottom, slug


def test_a_level_the_anatomy_has_no_site_of_is_left_out():
    anatomy = whole_anatomy()
    structures = {slug: info for slug, info in anatomy.structures.items() if info.level not in ("functional", "brain")}
    bands = bands_of(parse(motor_pathway_svg(whole_anatomy(structures=structures))))

    assert "functional" not in bands and "brain" not in bands
    assert list(bands)[0] == "spinal-cord"


def test_every_site_of_the_motor_pathway_is_a_link_to_its_page():
    anatomy = whole_anatomy()
    nodes = nodes_by_slug(parse(motor_pathway_svg(anatomy)))

    expected = [slug for slug, info in anatomy.structures.items() if info.level in MOTOR_ORDER]
    assert sorted(nodes) == sorted(expected)
    for slug in expected:
        assert nodes[slug].find(f"{SVG}rect") is not None
        assert nodes[slug].find(f"{SVG}title").text.startswith(anatomy.structures[slug].name)


def test_the_shipped_motor_pathway_links_every_site_it_draws_and_counts_the_rest(anatomy):
    for small in (False, True):
        svg = parse(motor_pathway_svg(anatomy, small=small))
        nodes = nodes_by_slug(svg)
        counts = " ".join(t.text for t in svg.iter(f"{SVG}text") if "count" in classes(t))
        for slug, (_, kind, level) in anatomy.structures.items():
            if level not in MOTOR_ORDER:
                assert slug not in nodes, slug  # the arteries have their own tree
            elif slug not in nodes:
                counted = [s for s, info in anatomy.structures.items() if info.kind == kind and info.level == level]
                assert f"{len(counted)} single {kind}s" in counts, slug
        assert {"motor-cortex", "spinal-cord", "anterior-horn", "l1-root", "s2-root", "sacral-plexus"} <= set(nodes)
        assert {"neuromuscular-junction", "skeletal-muscle", "achilles-tendon", "anterior-compartment"} <= set(nodes)


def test_roots_nerves_and_muscles_are_short_pills_with_their_whole_name_in_the_tooltip():
    nodes = nodes_by_slug(parse(motor_pathway_svg(whole_anatomy())))

    assert [tspan.text for tspan in nodes["l4-root"].iter(f"{SVG}tspan")] == ["L4"]
    assert "single" in classes(nodes["l4-root"]) and "single" not in classes(nodes["cauda-equina"])
    assert nodes["l4-root"].find(f"{SVG}title").text.startswith("L4 nerve root; roots level")
    assert [tspan.text for tspan in nodes["tibial-nerve"].iter(f"{SVG}tspan")] == ["Tibial"]
    assert "the tendon of soleus" in nodes["achilles-tendon"].find(f"{SVG}title").text


def test_motor_pathway_text_fits_its_box_and_boxes_never_overlap(anatomy):
    for highlight, small in ((None, False), ("femoral-nerve", True), ("spinal-cord", False)):
        nodes = nodes_by_slug(parse(motor_pathway_svg(anatomy, highlight=highlight, small=small)))
        boxes = []
        for slug, node in nodes.items():
            rect = node.find(f"{SVG}rect")
            x, y, width, height = (float(rect.get(name)) for name in ("x", "y", "width", "height"))
            size = 11 if "single" in classes(node) else 12
            for tspan in node.iter(f"{SVG}tspan"):
                assert text_width(tspan.text, size) <= width - 2 * 5, slug
            boxes.append((slug, x, y, x + width, y + height))
        for index, (slug, left, top, right, bottom) in enumerate(boxes):
            for other, left2, top2, right2, bottom2 in boxes[index + 1 :]:
                apart = right <= left2 or right2 <= left or bottom <= top2 or bottom2 <= top
                assert apart, f"{slug} overlaps {other}"


def motor_states(anatomy, highlight, small=False):
    svg = parse(motor_pathway_svg(anatomy, highlight=highlight, small=small))
    nodes = {slug: (classes(node) & {"on", "off"}).pop() for slug, node in nodes_by_slug(svg).items()}
    bands = {level: (classes(band) & {"on", "off"}).pop() for level, band in bands_of(svg).items()}
    return nodes, bands, svg


NEW_AND_OLD_SITES = ["spinal-cord", "conus-medullaris", "cauda-equina", "l4-root", "functional-weakness"]


@pytest.mark.parametrize("highlight", NEW_AND_OLD_SITES)
def test_a_highlight_lights_its_site_and_its_level_and_dims_the_rest(highlight):
    anatomy = whole_anatomy()
    nodes, bands, svg = motor_states(anatomy, highlight)

    level = anatomy.structures[highlight].level
    assert nodes[highlight] == "on"
    assert {slug for slug, value in nodes.items() if value == "on"} == {highlight}
    assert {name for name, value in bands.items() if value == "on"} == {level}
    assert all(value == "off" for name, value in bands.items() if name != level)
    current = [slug for slug, node in nodes_by_slug(svg).items() if "current" in classes(node)]
    assert current == [highlight]
    assert "pathway-highlight" in classes(svg)


def test_the_shipped_spinal_cord_lights_its_band_and_dims_the_muscles(anatomy):
    nodes, bands, _ = motor_states(anatomy, "spinal-cord")

    assert nodes["spinal-cord"] == "on" and bands["spinal-cord"] == "on"
    assert nodes["motor-cortex"] == nodes["skeletal-muscle"] == nodes["achilles-tendon"] == "off"
    assert bands["brain"] == bands["muscle"] == bands["tendon"] == "off"


def test_the_small_version_names_the_highlighted_nerve_and_counts_the_others(anatomy):
    nodes, bands, svg = motor_states(anatomy, "femoral-nerve", small=True)

    nerves = [slug for slug, info in anatomy.structures.items() if info.kind == "nerve"]
    assert nodes["femoral-nerve"] == "on" and bands["peripheral-nerve"] == "on"
    assert not set(nerves) - {"femoral-nerve"} & set(nodes)
    counts = [t.text for t in svg.iter(f"{SVG}text") if "count" in classes(t)]
    assert f"and {len(nerves) - 1} other nerves" in counts


def test_without_a_highlight_the_motor_pathway_lights_nothing():
    anatomy = whole_anatomy()
    markup = motor_pathway_svg(anatomy)

    for element in parse(markup).iter():
        assert not (set((element.get("class") or "").split()) & {"on", "off", "current"})
    assert motor_pathway_svg(anatomy, highlight="no-such-thing") == markup
    assert motor_pathway_svg(anatomy, highlight="popliteal-artery") == markup  # not drawn here
    assert all(row["lit"] is None for row in motor_pathway_rows(anatomy))


def test_the_motor_desc_says_in_words_what_is_lit():
    anatomy = whole_anatomy()
    plain = parse(motor_pathway_svg(anatomy)).find(f"{SVG}desc").text
    lit = parse(motor_pathway_svg(anatomy, highlight="conus-medullaris")).find(f"{SVG}desc").text

    assert "Highlighted" not in plain
    assert "Internal capsule (posterior limb)" in plain and "L4 to L5" not in plain  # two roots are named
    assert "upper motor neuron" in plain and "lower motor neuron" in plain
    assert "Set apart below" in plain and "Functional weakness" in plain
    assert lit.startswith(plain)
    assert "Highlighted: Conus medullaris, in the spinal cord band" in lit


def test_the_motor_rows_name_the_same_sites_as_the_picture(anatomy):
    for source, highlight, small in (
        (whole_anatomy(), None, False),
        (whole_anatomy(), "cauda-equina", True),
        (anatomy, "femoral-nerve", True),
        (anatomy, "spinal-cord", False),
    ):
        svg = parse(motor_pathway_svg(source, highlight=highlight, small=small))
        rows = motor_pathway_rows(source, highlight=highlight, small=small)
        assert [row["level"] for row in rows] == list(bands_of(svg))
        drawn = [link.get("href") for link in svg.iter(f"{SVG}a")]
        assert [f"/anatomy/{site['slug']}/" for row in rows for site in row["sites"]] == drawn
        for row in rows:
            assert all(site["name"] == source.structures[site["slug"]].name for site in row["sites"])
            assert [site["slug"] for site in row["sites"] if site["current"]] == (
                [highlight] if highlight and source.structures[highlight].level == row["level"] else []
            )
            assert row["lit"] == (None if highlight is None else source.structures[highlight].level == row["level"])
    femoral_rows = motor_pathway_rows(anatomy, highlight="femoral-nerve", small=True)
    nerve_row = next(row for row in femoral_rows if row["level"] == "peripheral-nerve")
    assert nerve_row["more"].endswith("other nerves")
    brain = next(row for row in motor_pathway_rows(whole_anatomy()) if row["level"] == "brain")
    assert brain["neuron"] == "upper motor neuron" and not brain["set_apart"]
    assert [row["set_apart"] for row in motor_pathway_rows(whole_anatomy())][-3:] == [True, True, True]


# --- The arterial tree ---------------------------------------------------------------------------


def box_of(node):
    rect = node.find(f"{SVG}rect")
    return tuple(float(rect.get(name)) for name in ("x", "y", "width", "height"))


def test_the_arterial_tree_is_well_formed_svg_named_by_its_title_and_described_by_its_desc():
    svg = parse(arterial_tree_svg(whole_anatomy(), id_prefix="tree"))

    assert svg.tag == f"{SVG}svg" and svg.get("role") == "group"
    assert {"pathway", "arterial-tree"} <= classes(svg)
    title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
    assert svg.get("aria-labelledby") == title.get("id") == "tree-title"
    assert svg.get("aria-describedby") == desc.get("id") == "tree-desc"
    assert "the femoral artery continues as the popliteal artery" in desc.text
    assert "gives off the anterior tibial artery" in desc.text


def test_every_artery_is_a_link_and_nothing_else_is_drawn():
    anatomy = whole_anatomy()
    nodes = nodes_by_slug(parse(arterial_tree_svg(anatomy)))

    arteries = [slug for slug, info in anatomy.structures.items() if info.kind == "artery"]
    assert sorted(nodes) == sorted(arteries)
    for slug in arteries:
        assert {"node", "kind-artery"} <= classes(nodes[slug])
        assert nodes[slug].find(f"{SVG}title").text.startswith(anatomy.structures[slug].name)


def test_a_continuation_runs_straight_down_and_a_branch_leaves_sideways():
    nodes = nodes_by_slug(parse(arterial_tree_svg(whole_anatomy())))
    box = {slug: box_of(node) for slug, node in nodes.items()}

    femoral, popliteal, posterior = box["femoral-artery"], box["popliteal-artery"], box["posterior-tibial-artery"]
    anterior, dorsalis = box["anterior-tibial-artery"], box["dorsalis-pedis-artery"]
    assert femoral[0] == popliteal[0] == posterior[0] and femoral[1] < popliteal[1] < posterior[1]
    assert anterior[0] > popliteal[0] and anterior[1] == posterior[1]
    assert dorsalis[0] == anterior[0] and dorsalis[1] > anterior[1]


def test_the_pulse_is_in_its_box_and_what_it_supplies_in_its_tooltip():
    nodes = nodes_by_slug(parse(arterial_tree_svg(whole_anatomy())))

    pulses = [t.text for t in nodes["popliteal-artery"].iter(f"{SVG}tspan") if "pulse" in classes(t)]
    assert pulses == ["Popliteal pulse"]
    assert not [t for t in nodes["anterior-tibial-artery"].iter(f"{SVG}tspan") if "pulse" in classes(t)]
    tooltip = nodes["popliteal-artery"].find(f"{SVG}title").text
    assert "the continuation of the femoral artery" in tooltip
    assert "supplies soleus and tibial nerve" in tooltip
    assert "a branch of the popliteal artery" in nodes["anterior-tibial-artery"].find(f"{SVG}title").text


def test_an_artery_lights_itself_and_everything_downstream():
    svg = parse(arterial_tree_svg(whole_anatomy(), highlight="popliteal-artery"))
    nodes = nodes_by_slug(svg)

    state = {slug: (classes(node) & {"on", "off"}).pop() for slug, node in nodes.items()}
    assert state == {
        "femoral-artery": "off",
        "popliteal-artery": "on",
        "posterior-tibial-artery": "on",
        "anterior-tibial-artery": "on",
        "dorsalis-pedis-artery": "on",
    }
    assert [slug for slug, node in nodes.items() if "current" in classes(node)] == ["popliteal-artery"]
    edges = [path for path in svg.iter(f"{SVG}path") if "edge" in classes(path)]
    assert len(edges) == 4 and sum("on" in classes(edge) for edge in edges) == 3  # not femoral -> popliteal
    desc = svg.find(f"{SVG}desc").text
    assert "Highlighted: the popliteal artery and everything downstream of it" in desc
    assert "dorsalis pedis artery" in desc.split("Highlighted:")[1]


def test_the_last_artery_lights_only_itself_and_says_so():
    svg = parse(arterial_tree_svg(whole_anatomy(), highlight="dorsalis-pedis-artery"))
    state = {slug: (classes(node) & {"on", "off"}).pop() for slug, node in nodes_by_slug(svg).items()}

    assert [slug for slug, value in state.items() if value == "on"] == ["dorsalis-pedis-artery"]
    assert "nothing downstream of it" in svg.find(f"{SVG}desc").text


def test_without_a_highlight_or_with_another_kind_the_tree_lights_nothing():
    anatomy = whole_anatomy()
    markup = arterial_tree_svg(anatomy)

    for element in parse(markup).iter():
        assert not (set((element.get("class") or "").split()) & {"on", "off", "current"})
    assert arterial_tree_svg(anatomy, highlight="soleus") == markup
    assert all(row["state"] is None for row in arterial_tree_rows(anatomy))


def test_the_arterial_rows_name_the_same_arteries_with_relations_pulses_and_supplies():
    anatomy = whole_anatomy()
    svg = parse(arterial_tree_svg(anatomy, highlight="popliteal-artery"))
    rows = arterial_tree_rows(anatomy, highlight="popliteal-artery")

    assert [f"/anatomy/{row['artery']['slug']}/" for row in rows] == [a.get("href") for a in svg.iter(f"{SVG}a")]
    by_slug = {row["artery"]["slug"]: row for row in rows}
    assert by_slug["femoral-artery"]["from"] is None and by_slug["femoral-artery"]["state"] == "off"
    popliteal = by_slug["popliteal-artery"]
    assert (popliteal["relation"], popliteal["from"]["slug"], popliteal["state"]) == (
        "continuation of",
        "femoral-artery",
        "current",
    )
    assert popliteal["pulses"] == ["Popliteal pulse"]
    assert [item["slug"] for item in popliteal["supplies"]] == ["soleus", "tibial-nerve"]
    assert by_slug["anterior-tibial-artery"]["relation"] == "branch of"
    assert by_slug["dorsalis-pedis-artery"]["state"] == "downstream" and by_slug["dorsalis-pedis-artery"]["depth"] == 3


def test_a_loop_in_the_arteries_does_not_hang_the_tree():
    anatomy = whole_anatomy(continues_as={"femoral-artery": "popliteal-artery", "popliteal-artery": "femoral-artery"})

    nodes = nodes_by_slug(parse(arterial_tree_svg(anatomy, highlight="popliteal-artery")))
    assert {"femoral-artery", "popliteal-artery"} <= set(nodes)


def test_the_shipped_tree_joins_femoral_popliteal_tibials_and_dorsalis_pedis(anatomy):
    rows = {row["artery"]["slug"]: row for row in arterial_tree_rows(anatomy)}

    assert rows["popliteal-artery"]["from"]["slug"] == "femoral-artery"
    assert rows["anterior-tibial-artery"]["relation"] == "branch of"
    assert rows["posterior-tibial-artery"]["from"]["slug"] == "popliteal-artery"
    assert rows["dorsalis-pedis-artery"]["from"]["slug"] == "anterior-tibial-artery"
    assert rows["dorsalis-pedis-artery"]["pulses"] == ["Dorsalis pedis pulse"]


# --- All the diagrams ----------------------------------------------------------------------------


def every_diagram(anatomy):
    yield pathway_svg(anatomy)
    for highlight in (None, "spinal-cord", "femoral-nerve"):
        yield motor_pathway_svg(anatomy, highlight=highlight)
        yield motor_pathway_svg(anatomy, highlight=highlight, small=True)
    for highlight in (None, "popliteal-artery"):
        yield arterial_tree_svg(anatomy, highlight=highlight)


def test_no_diagram_has_an_inline_style_or_script(anatomy):
    for markup in [*every_diagram(anatomy), *every_diagram(whole_anatomy())]:
        parse(markup)
        assert " style=" not in markup
        assert "<script" not in markup.lower() and "<style" not in markup.lower()
        assert " on" + "click=" not in markup.lower()


def test_the_new_diagrams_escape_names():
    structures = {
        **whole_anatomy().structures,
        "spinal-cord": StructureInfo("Spinal <&> cord", "central", "spinal-cord"),
        "popliteal-artery": StructureInfo("Popliteal <&> artery", "artery", "artery"),
    }
    anatomy = whole_anatomy(structures=structures)
    motor, tree = motor_pathway_svg(anatomy, highlight="spinal-cord"), arterial_tree_svg(anatomy)

    assert "Spinal &lt;&amp;&gt; cord" in motor and "Popliteal &lt;&amp;&gt; artery" in tree
    parse(motor)
    parse(tree)


@pytest.mark.parametrize("module", ["motor", "arteries", "draw", "layout", "pathway"])
def test_each_diagram_module_imports_no_django(module):
    code = f"import sys, knowledge.diagrams.{module}; sys.exit(any(m.split('.')[0] == 'django' for m in sys.modules))"
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0
