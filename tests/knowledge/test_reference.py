import re

import pytest

from knowledge.models import Condition, Passage, Source, Structure
from tests.factories import make_case

pytestmark = pytest.mark.usefixtures("content")


def test_the_anatomy_index_lists_every_structure_grouped_by_kind(client):
    html = client.get("/anatomy/").content.decode()
    for heading in ("Central sites", "Spinal roots", "Plexuses", "Peripheral nerves", "Muscles", "Arteries", "Tendons"):
        assert heading in html
    for slug in Structure.objects.values_list("slug", flat=True):
        assert f'href="/anatomy/{slug}/"' in html


def test_the_condition_index_lists_every_condition_by_level(client):
    html = client.get("/conditions/").content.decode()
    assert "Peripheral nerve" in html and "Anterior horn" in html
    for slug in Condition.objects.values_list("slug", flat=True):
        assert f'href="/conditions/{slug}/"' in html


def test_every_structure_has_its_page(client, django_assert_max_num_queries):
    client.get("/anatomy/femoral-nerve/")  # builds the engine and the cross-link index once
    for structure in Structure.objects.all():
        with django_assert_max_num_queries(22):
            response = client.get(f"/anatomy/{structure.slug}/")
        assert response.status_code == 200, structure.slug
        assert structure.name in response.content.decode()


def test_a_nerve_page_shows_its_anatomy_its_lesion_and_what_involves_it(client):
    html = client.get("/anatomy/common-peroneal-nerve/").content.decode()
    assert 'href="/anatomy/sciatic-nerve/"' in html  # branch of
    assert 'href="/anatomy/deep-peroneal-nerve/"' in html  # its branches
    assert "What a lesion here produces" in html and "Ankle dorsiflexion (foot up)" in html
    assert 'class="map-area map-lost" data-area="dorsum-of-foot"' in html
    assert 'href="/conditions/common-peroneal-palsy/"' in html
    assert "Cases that involve it" not in html  # to a reader who has not played them: see below


def test_cases_are_listed_under_their_answers_to_staff_but_not_to_a_reader_who_has_not_played_them(
    client, admin_client
):
    from cases.models import Case
    from knowledge.models import Condition

    nerve = Structure.objects.get(slug="common-peroneal-nerve")
    case = Case.objects.published().involving(nerve).first()
    for page in ("/anatomy/common-peroneal-nerve/", "/conditions/common-peroneal-palsy/"):
        assert f'href="/cases/{case.slug}/"' not in client.get(page).content.decode()
    assert f'href="/cases/{case.slug}/"' in admin_client.get("/anatomy/common-peroneal-nerve/").content.decode()
    taught = Case.objects.published().filter(conditions=Condition.objects.get(slug="common-peroneal-palsy")).first()
    html = admin_client.get("/conditions/common-peroneal-palsy/").content.decode()
    assert "Cases that teach it" in html and f'href="/cases/{taught.slug}/"' in html


def test_a_root_page_shows_myotome_dermatome_and_reflex(client):
    html = client.get("/anatomy/s1-root/").content.decode()
    assert "Myotome" in html and 'href="/anatomy/gastrocnemius/"' in html
    assert "Dermatome" in html and 'data-area="lateral-foot"' in html
    assert "Ankle jerk" in html


def test_a_muscle_page_shows_its_actions_nerve_and_roots(client):
    html = client.get("/anatomy/tibialis-posterior/").content.decode()
    assert "Foot inversion" in html and 'href="/anatomy/tibial-nerve/"' in html
    assert 'href="/anatomy/l5-root/">L5 nerve root</a> (main)' in html


def test_an_artery_page_shows_what_it_supplies_and_what_its_occlusion_does(client):
    html = client.get("/anatomy/anterior-tibial-artery/").content.decode()
    assert 'href="/anatomy/tibialis-anterior/"' in html and "Continues as" in html
    assert "Dorsalis pedis pulse: absent" in html


def test_an_unknown_structure_is_a_404(client):
    assert client.get("/anatomy/funny-bone/").status_code == 404


def test_every_condition_has_its_page_with_its_sources(client, django_assert_max_num_queries):
    client.get("/conditions/als/")  # builds the cross-link index once
    for condition in Condition.objects.all():
        with django_assert_max_num_queries(10):
            response = client.get(f"/conditions/{condition.slug}/")
        assert response.status_code == 200, condition.slug
        html = response.content.decode()
        assert "What the sources say" in html, condition.slug
        assert "How to tell it from its look-alikes" in html, condition.slug


def test_a_condition_page_links_its_sites_lookalikes_and_cases(client):
    html = client.get("/conditions/femoral-neuropathy/").content.decode()
    assert 'href="/anatomy/femoral-nerve/"' in html
    lookalikes = html.split("Look-alikes:", 1)[1].split("</p>", 1)[0]
    assert 'href="/conditions/retroperitoneal-hematoma-plexopathy/"' in lookalikes


def test_a_source_page_shows_every_passage_in_order_with_its_notes_and_citations(client):
    source = Source.objects.get(slug="ilive-unilateral-leg-weakness")
    html = client.get(f"/sources/{source.slug}/").content.decode()
    positions = [html.index(f'id="passage-{passage.slug}"') for passage in source.passages.all()]
    assert positions == sorted(positions)
    assert "posterior artery of the foot" in html and "dorsalis pedis" in html  # quote and its note
    assert "Cited by:" in html
    assert client.get("/sources/").status_code == 200


def test_passages_link_the_structures_and_conditions_they_name(client):
    html = client.get("/sources/ilive-unilateral-leg-weakness/").content.decode()
    assert '<a class="crosslink" href="/anatomy/quadriceps-femoris/">quadriceps femoris</a>' in html


def test_a_page_does_not_link_to_itself(client):
    html = client.get("/anatomy/femoral-nerve/").content.decode()
    assert 'class="crosslink" href="/anatomy/femoral-nerve/"' not in html


# --- Search -------------------------------------------------------------------------------------


@pytest.mark.parametrize("word", ["peroneal", "fibular", "Fibular", "fibu"])
def test_peroneal_and_fibular_find_the_same_nerve(client, word):
    html = client.get(f"/search/?q={word}").content.decode()
    assert 'href="/anatomy/common-peroneal-nerve/"' in html
    assert "<mark>" in html


def test_search_finds_conditions_cases_and_passages(client):
    html = client.get("/search/?q=foot+drop").content.decode()
    assert "Case" in html and 'href="/cases/' in html
    html = client.get("/search/?q=herniorrhaphy").content.decode()
    assert "/sources/ilive-unilateral-leg-weakness/#passage-" in html
    html = client.get("/search/?q=obturator").content.decode()
    assert 'href="/conditions/obturator-neuropathy/"' in html and 'href="/anatomy/obturator-nerve/"' in html


def test_search_ranks_the_named_structure_first(client):
    html = client.get("/search/?q=obturator+nerve").content.decode()
    hits = re.findall(r'<a href="([^"]+)"', html[html.index('<ol class="hits">') :])
    assert "/anatomy/obturator-nerve/" in hits[:2]  # with its neuropathy: ts_rank may put either first


def test_search_never_searches_the_answers_of_cases(client):
    make_case(slug="secret-case")
    html = client.get("/search/?q=SECRET-CPN-RIGHT").content.decode()
    assert "secret-case" not in html and "No results" in html


def test_search_as_htmx_returns_the_results_fragment(client):
    response = client.get("/search/?q=sciatic", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="search-results"') and "<form" not in html
    assert 'href="/anatomy/sciatic-nerve/"' in html


def test_empty_and_fruitless_searches_say_what_to_do(client):
    assert "Type a word" in client.get("/search/").content.decode()
    assert "Type a word" in client.get("/search/?q=%20%21%21").content.decode()
    html = client.get("/search/?q=xylophone").content.decode()
    assert "No results for “xylophone”" in html and "fibular for peroneal" in html


def test_search_escapes_what_it_echoes(client):
    html = client.get("/search/?q=%3Cscript%3Ealert(1)%3C/script%3E").content.decode()
    assert "<script>alert" not in html


def test_search_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    for index in range(3):
        make_case(slug=f"search-extra-{index}")
    with django_assert_max_num_queries(5):
        client.get("/search/?q=nerve")


def test_reference_pages_print_without_navigation_and_with_the_text_equivalents():
    """What printing hides and shows; a browser test prints a page to check it is applied."""
    from django.conf import settings

    css = (settings.BASE_DIR / "static" / "css" / "legweak.css").read_text()
    print_rules = " ".join(re.findall(r"@media print \{(.*?)\n\}", css, re.S))
    hidden = re.search(r"\.reference-nav[^{]*\{ display: none; \}", print_rules)
    assert hidden and ".breadcrumb" in hidden.group(0) and ".form-actions" in hidden.group(0)
    assert ".site-header nav" in print_rules and ".text-equivalent { display: block; }" in print_rules


def test_every_passage_page_anchor_exists(client):
    html = client.get("/sources/askvity-one-leg-weaker/").content.decode()
    for slug in Passage.objects.filter(source__slug="askvity-one-leg-weaker").values_list("slug", flat=True):
        assert f'id="passage-{slug}"' in html


def test_a_condition_page_draws_its_main_site_in_the_pathway_and_on_the_body_map(client):
    html = client.get("/conditions/femoral-neuropathy/").content.decode()
    assert 'class="pathway-wrap"' in html and "The same as a table" in html
    assert "Pathway through the femoral nerve" in html
    assert 'class="map-area map-lost" data-area="anterior-thigh"' in html


def test_diagrams_carry_text_equivalents(client):
    html = client.get("/anatomy/obturator-nerve/").content.decode()
    assert "<title" in html and "<desc" in html  # the diagram's own name and description
    table = html[html.index("The same as a table") :]
    assert 'href="/anatomy/adductors/"' in table
    body_map = client.get("/anatomy/l4-root/").content.decode()
    assert "Medial side of the lower leg" in body_map or "medial-leg" in body_map


def test_search_varies_on_htmx_and_a_history_restore_gets_the_whole_page(client):
    fragment = client.get("/search/?q=femoral", headers={"HX-Request": "true"})
    restore = client.get("/search/?q=femoral", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert "HX-Request" in fragment["Vary"]
    assert "<html" not in fragment.content.decode() and "<html" in restore.content.decode()


def test_a_nerve_page_shows_where_along_the_nerve_a_lesion_can_sit(client):
    html = client.get("/anatomy/femoral-nerve/").content.decode()
    section = html.split('id="segments-heading"')[1].split("</section>")[0]
    assert "In the pelvis" in section and "At or below the inguinal ligament" in section
    assert "A lesion here spares iliacus" in section
    assert section.index("In the pelvis") < section.index("At or below the inguinal ligament")
    assert 'id="segments-heading"' not in client.get("/anatomy/common-peroneal-nerve/").content.decode()  # one segment
    assert 'id="segments-heading"' not in client.get("/anatomy/obturator-nerve/").content.decode()


def test_the_sources_page_lists_the_standard_references_apart_from_the_quoted_sources(
    client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(5):
        html = client.get("/sources/").content.decode()
    references = html.split('id="references-heading"')[1]
    assert "Stone J, Carson A, Sharpe M" in references  # a condition's reference
    assert 'href="/conditions/functional-weakness/"' in references
    assert "Stewart JD. Focal Peripheral Neuropathies" in references  # cited by a case's feedback
    assert html.index("iLive") < html.index('id="references-heading"')  # the quoted sources come first
