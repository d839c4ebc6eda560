"""The pathway diagram, alone: well-formed SVG, accessible, CSP-safe, and highlights that follow the graph."""

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from knowledge.diagrams import pathway_rows, pathway_svg
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
    return set(element.get("class").split())


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
