"""Every reference page draws its structure: the detailed pathway, the whole motor pathway, the
arterial tree, each with its table; and the body map's saddle."""

import re

import pytest
from django.template import Context, Template

from knowledge.models import Condition, Structure

pytestmark = pytest.mark.usefixtures("content")


def page(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def section(html, heading_id):
    """The <section> labelled by the heading with this id."""
    start = html.index(f'<section aria-labelledby="{heading_id}">')
    return html[start : html.index("</section>", start)]


def table_of(part):
    return part[part.index("<table") : part.index("</table>")]


def test_every_structure_page_draws_a_diagram_with_its_table(client):
    for structure in Structure.objects.all():
        html = page(client, f"/anatomy/{structure.slug}/")
        assert "<svg" in html and 'role="group"' in html, structure.slug
        assert "The same as a table" in html, structure.slug
        assert f'href="/anatomy/{structure.slug}/"' in html[html.index("The same as a table") :], structure.slug


def test_a_central_site_shows_the_whole_motor_pathway_with_its_level_lit(client):
    html = page(client, "/anatomy/spinal-cord/")

    motor = section(html, "motor-pathway-heading")
    assert 'class="pathway motor-pathway pathway-highlight"' in motor
    assert '<desc id="motor-pathway-desc">' in motor and "Highlighted: Thoracic spinal cord" in motor
    assert re.search(r'<g class="band level-spinal-cord on">', motor)
    assert "The same as a table" in motor
    table = table_of(motor)
    assert '<a href="/anatomy/spinal-cord/">Thoracic spinal cord</a> <strong>(highlighted)</strong>' in table
    assert 'href="/anatomy/motor-cortex/"' in table and 'href="/anatomy/neuromuscular-junction/"' in table
    assert 'aria-labelledby="pathway-heading"' not in html  # no roots-to-muscles pathway for the cord


def test_a_compartment_shows_its_level_and_its_muscles_in_the_pathway(client):
    html = page(client, "/anatomy/anterior-compartment/")

    motor = section(html, "motor-pathway-heading")
    assert re.search(r'<g class="band level-compartment on">', motor)
    assert "The same as a table" in motor and 'href="/anatomy/anterior-compartment/"' in table_of(motor)
    detail = section(html, "pathway-heading")
    assert "Its muscles in the pathway" in detail
    assert 'href="/anatomy/tibialis-anterior/"' in table_of(detail)
    assert 'href="/anatomy/deep-peroneal-nerve/"' in table_of(detail)


def test_the_achilles_tendon_shows_its_level_and_its_muscles(client):
    html = page(client, "/anatomy/achilles-tendon/")

    motor = section(html, "motor-pathway-heading")
    assert re.search(r'<g class="band level-tendon on">', motor)
    assert '<a href="/anatomy/achilles-tendon/">Achilles tendon</a> <strong>(highlighted)</strong>' in table_of(motor)
    assert 'href="/anatomy/gastrocnemius/"' in table_of(section(html, "pathway-heading"))


def test_an_artery_shows_the_arterial_tree_lit_from_it_down(client):
    html = page(client, "/anatomy/popliteal-artery/")

    tree = section(html, "arterial-tree-heading")
    assert 'class="pathway arterial-tree pathway-highlight"' in tree
    assert "Highlighted: the popliteal artery and everything downstream of it" in tree
    assert "The same as a table" in tree
    table = table_of(tree)
    assert '<a href="/anatomy/popliteal-artery/">Popliteal artery</a> <strong>(highlighted)</strong>' in table
    assert '<a href="/anatomy/dorsalis-pedis-artery/">Dorsalis pedis artery</a> (downstream)' in table
    assert 'Continuation of the <a href="/anatomy/femoral-artery/">femoral artery</a>' in table
    assert "Popliteal pulse" in table and 'href="/anatomy/gastrocnemius/"' in table
    assert "motor-pathway-heading" not in html and 'aria-labelledby="pathway-heading"' not in html


def test_a_nerve_page_keeps_its_pathway_first_and_adds_its_level_small(client):
    html = page(client, "/anatomy/femoral-nerve/")

    assert html.index('aria-labelledby="pathway-heading"') < html.index('aria-labelledby="motor-overview-heading"')
    assert html.count("The same as a table") == 1  # the overview's table has a summary of its own
    assert html.count('class="pathway-wrap"') == 1
    overview = section(html, "motor-overview-heading")
    assert 'class="overview-wrap"' in overview and "The levels as a table" in overview
    assert 'class="pathway motor-pathway motor-pathway-small pathway-highlight"' in overview
    assert re.search(r'<g class="band level-peripheral-nerve on">', overview)
    assert "other nerves" in overview and 'href="/anatomy/saphenous-nerve/"' not in overview


def test_ids_stay_unique_on_a_page_with_two_diagrams(client):
    for path in ("/anatomy/femoral-nerve/", "/anatomy/achilles-tendon/", "/conditions/stroke/"):
        ids = re.findall(r'\sid="([^"]+)"', page(client, path))
        assert len(ids) == len(set(ids)), path


def test_a_condition_page_draws_the_diagram_of_its_main_site(client):
    html = page(client, "/conditions/stroke/")
    assert re.search(r'<g class="band level-brain on">', section(html, "motor-pathway-heading"))

    html = page(client, "/conditions/myasthenia-gravis/")
    motor = section(html, "motor-pathway-heading")
    assert "Highlighted: Neuromuscular junction" in motor and "The same as a table" in motor


def test_the_laid_out_diagrams_are_cached_per_content_version(client):
    from knowledge.versioning import bump_content_version
    from knowledge.views import reference

    structure = Structure.objects.get(slug="spinal-cord")
    first = reference._pathway_context(structure)["motor"]
    assert reference._pathway_context(structure)["motor"] is first
    artery = Structure.objects.get(slug="popliteal-artery")
    tree = reference._pathway_context(artery)["arteries"]
    assert reference._pathway_context(artery)["arteries"] is tree
    bump_content_version()
    assert reference._pathway_context(structure)["motor"] is not first


def test_every_condition_page_draws_a_diagram(client):
    for condition in Condition.objects.all():
        html = page(client, f"/conditions/{condition.slug}/")
        if any(site.level == condition.level for site in condition.sites.all()):
            assert "The same as a table" in html and "<svg" in html, condition.slug


# --- The body map's saddle -----------------------------------------------------------------------

BODY_MAP = Template("{% load legweak %}{% body_map lost normal labels 'Sensation' clickable side %}")


def body_map(labels, lost=(), side="right", clickable=False):
    context = {"lost": set(lost), "normal": set(), "labels": labels, "side": side, "clickable": clickable}
    return BODY_MAP.render(Context(context))


def test_the_body_map_draws_the_saddle_on_the_back_view_by_the_buttock_crease():
    from knowledge.templatetags.legweak import BODY_MAP_REGIONS

    labels = {slug: slug for slug, _ in BODY_MAP_REGIONS}
    labels["saddle"] = "Saddle area"
    html = body_map(labels, lost=["saddle"], clickable=True)

    assert 'class="map-area map-lost" data-area="saddle" data-area-toggle="saddle" data-label="Saddle area"' in html
    assert "<title>Saddle area: sensation reduced</title>" in html
    paths = dict(BODY_MAP_REGIONS)
    points = [tuple(map(float, pair.split(","))) for pair in re.findall(r"[\d.]+,[\d.]+", paths["saddle"])]
    buttock = [tuple(map(float, pair.split(","))) for pair in re.findall(r"[\d.]+,[\d.]+", paths["buttock"])]
    # Medial to the back view (whose medial edge is on the viewer's left), at the buttock crease (y 100).
    assert max(x for x, _ in points) <= min(x for x, _ in buttock) + 4
    assert min(x for x, _ in points) > 150  # clear of the front view
    assert min(y for _, y in points) < 100 < max(y for _, y in points)
    assert ">saddle</text>" in html


def test_the_saddle_and_its_word_mirror_for_a_left_leg():
    labels = {"saddle": "Saddle area", "buttock": "Buttock"}
    right, left = body_map(labels), body_map(labels, side="left")

    assert 'transform="matrix(-1 0 0 1 360 0)"' in left
    right_x = float(re.search(r'<text x="([\d.]+)" y="142" class="map-note">saddle', right).group(1))
    left_x = float(re.search(r'<text x="([\d.]+)" y="142" class="map-note">saddle', left).group(1))
    assert left_x == 360 - right_x


def test_without_the_saddle_in_the_vocabulary_the_map_has_no_saddle():
    html = body_map({"buttock": "Buttock"})

    assert 'data-area="saddle"' not in html and ">saddle</text>" not in html
    assert 'data-area="buttock"' in html
    assert html.count('class="map-outline"') > 3  # the areas it does not know are still drawn, as outline


def test_a_conus_or_cauda_equina_page_shades_the_saddle_when_the_content_has_it(client):
    from knowledge.graph import get_engine

    anatomy = get_engine().anatomy
    if "saddle" not in anatomy.labels:
        pytest.skip("the vocabulary has no saddle area yet")
    numbing = [slug for slug, areas in anatomy.areas_of.items() if any(area == "saddle" for area, _ in areas)]
    numbing = [slug for slug in numbing if slug in ("conus-medullaris", "cauda-equina")] or numbing
    if not numbing:
        pytest.skip("no structure numbs the saddle yet")
    html = page(client, f"/anatomy/{numbing[0]}/")
    assert 'class="map-area map-lost" data-area="saddle"' in html
    assert 'data-area-toggle="saddle"' in page(client, "/localize/")
