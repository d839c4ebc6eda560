"""Cross-links (knowledge.crosslinks): the names of structures and conditions in text become links
to their pages, tested directly on the shipped knowledge base."""

import pytest
from django.utils.safestring import SafeString

from knowledge.crosslinks import crosslink_html, crosslink_text
from knowledge.models import Level, Structure
from knowledge.versioning import bump_content_version

pytestmark = pytest.mark.usefixtures("content")


def link(url, text):
    return f'<a class="crosslink" href="{url}">{text}</a>'


def test_it_links_a_name_to_its_page():
    html = crosslink_text("Weakness of the femoral nerve.")
    assert isinstance(html, SafeString)
    assert html == f"Weakness of the {link('/anatomy/femoral-nerve/', 'femoral nerve')}."


@pytest.mark.parametrize(
    "text", ["femoralis", "the femoral nerves", "a prefemoral nerve", "the non-femoral nerve", "femoral"]
)
def test_it_links_names_as_whole_words_only(text):
    assert "crosslink" not in crosslink_text(text)


def test_it_links_the_longest_name_first():
    html = crosslink_text("a lesion of the deep peroneal nerve")
    assert link("/anatomy/deep-peroneal-nerve/", "deep peroneal nerve") in html
    assert "common-peroneal" not in html
    html = crosslink_text("L5 radiculopathy, not the L5 nerve root")
    assert link("/conditions/l5-radiculopathy/", "L5 radiculopathy") in html
    assert link("/anatomy/l5-root/", "L5 nerve root") in html


def test_it_matches_names_whatever_their_case_and_keeps_the_text_as_written():
    assert crosslink_text("COMMON PERONEAL NERVE") == link("/anatomy/common-peroneal-nerve/", "COMMON PERONEAL NERVE")
    assert crosslink_text("Sciatic Nerve") == link("/anatomy/sciatic-nerve/", "Sciatic Nerve")


@pytest.mark.parametrize(
    "text, url",
    [
        ("common fibular nerve", "/anatomy/common-peroneal-nerve/"),  # synonym
        ("Common peroneal (fibular) nerve", "/anatomy/common-peroneal-nerve/"),  # the full name
        ("common peroneal nerve", "/anatomy/common-peroneal-nerve/"),  # without the parenthesis
        ("Deep fibular nerve", "/anatomy/deep-peroneal-nerve/"),
        ("superficial fibular nerve", "/anatomy/superficial-peroneal-nerve/"),
        ("ischiadic nerve", "/anatomy/sciatic-nerve/"),
        ("slipped disc", "/conditions/lumbar-disc-herniation/"),  # a condition's synonym
    ],
)
def test_it_links_every_name_of_a_structure_or_condition(text, url):
    assert crosslink_text(f"the {text} here") == f"the {link(url, text)} here"


def test_a_root_is_linked_by_its_short_name():
    assert crosslink_text("weak in L5") == f"weak in {link('/anatomy/l5-root/', 'L5')}"
    assert link("/anatomy/s1-root/", "S1") in crosslink_text("the S1 dermatome")


def test_a_short_name_is_not_linked_inside_a_range():
    assert "crosslink" not in crosslink_text("the L5-S1 disc")


def test_it_links_each_page_once_per_text():
    html = crosslink_text("The femoral nerve, the femoral nerve again, and the anterior crural nerve.")
    assert html.count('href="/anatomy/femoral-nerve/"') == 1
    assert html.startswith(f"The {link('/anatomy/femoral-nerve/', 'femoral nerve')}, the femoral nerve again")


def test_it_never_links_to_the_page_the_text_is_on():
    html = crosslink_text("the femoral nerve and the sciatic nerve", exclude_url="/anatomy/femoral-nerve/")
    assert "/anatomy/femoral-nerve/" not in html
    assert link("/anatomy/sciatic-nerve/", "sciatic nerve") in html
    html = crosslink_html("<p>the femoral nerve</p>", exclude_url="/anatomy/femoral-nerve/")
    assert html == "<p>the femoral nerve</p>"


def test_crosslink_text_escapes_html_in_its_input():
    html = crosslink_text('<b>femoral nerve</b> & <script>x</script> "quoted"')
    assert "<b>" not in html and "<script>" not in html
    linked = link("/anatomy/femoral-nerve/", "femoral nerve")
    assert html.startswith(f"&lt;b&gt;{linked}&lt;/b&gt; &amp; &lt;script&gt;")


def test_crosslink_html_keeps_the_markup_and_links_the_text():
    html = crosslink_html("<p>The <strong>femoral nerve</strong> and the <em>sciatic nerve</em>.</p>")
    assert html == (
        f"<p>The <strong>{link('/anatomy/femoral-nerve/', 'femoral nerve')}</strong> and the "
        f"<em>{link('/anatomy/sciatic-nerve/', 'sciatic nerve')}</em>.</p>"
    )


def test_crosslink_html_never_links_inside_an_existing_link():
    html = crosslink_html(
        '<p><a href="https://example.org/">the femoral nerve</a> and '
        '<a href="/x"><strong>the sciatic nerve</strong></a>, then the obturator nerve</p>'
    )
    assert '<a href="https://example.org/">the femoral nerve</a>' in html
    assert '<a href="/x"><strong>the sciatic nerve</strong></a>' in html
    assert html.count("<a ") == 3 and link("/anatomy/obturator-nerve/", "obturator nerve") in html


def test_crosslink_html_links_each_page_once_across_the_whole_text():
    html = crosslink_html("<p>the sciatic nerve</p><ul><li>the sciatic nerve</li></ul>")
    assert html == f"<p>the {link('/anatomy/sciatic-nerve/', 'sciatic nerve')}</p><ul><li>the sciatic nerve</li></ul>"


def test_crosslink_html_links_names_with_an_apostrophe():
    name = "Lou Gehrig's disease"
    assert crosslink_html(f"<p>{name}</p>") == f"<p>{link('/conditions/als/', name)}</p>"


def test_crosslink_text_links_names_with_an_apostrophe():
    assert 'href="/conditions/als/"' in crosslink_text("Lou Gehrig's disease")
    assert 'href="/anatomy/sartorius/"' in crosslink_text("the tailor's muscle")


# --- The index is cached per content version ----------------------------------------------------


def test_the_index_is_rebuilt_only_when_the_content_version_moves():
    text = "a lesion of the quokka nerve"
    assert "crosslink" not in crosslink_text(text)  # builds the index for this content version
    Structure.objects.create(
        slug="quokka-nerve", name="Quokka nerve", kind=Structure.Kind.NERVE, level=Level.PERIPHERAL_NERVE
    )
    assert "crosslink" not in crosslink_text(text)  # same version: the cached index holds
    bump_content_version()
    assert crosslink_text(text) == f"a lesion of the {link('/anatomy/quokka-nerve/', 'quokka nerve')}"
