"""Search over the knowledge base and the published cases (knowledge.search), tested directly.

The suite runs on SQLite (portable fallback) and PostgreSQL (full text): the assertions hold on
both, so no exact ranks beyond what both guarantee."""

import pytest
from django.utils.safestring import SafeString

from knowledge import search as search_module
from knowledge.extensions import SearchSource, register_search, search_sources
from knowledge.models import Condition
from knowledge.search import MAX_RESULTS, SNIPPET_CHARACTERS, highlight, query_words, search
from tests.factories import make_case

pytestmark = pytest.mark.usefixtures("content")


def urls(hits):
    return [hit.url for hit in hits]


def hit_for(hits, url):
    return next(hit for hit in hits if hit.url == url)


# --- query_words --------------------------------------------------------------------------------


def test_query_words_are_lower_case_letters_and_digits_only():
    assert query_words("Common PERONEAL, (fibular) nerve!") == ["common", "peroneal", "fibular", "nerve"]
    assert query_words("L5-S1 root_lesion") == ["l5", "s1", "root", "lesion"]
    assert query_words("Guillain-Barré") == ["guillain", "barré"]


def test_query_words_keeps_at_most_eight_words():
    assert query_words("one two three four five six seven eight nine ten") == [
        "one", "two", "three", "four", "five", "six", "seven", "eight",
    ]  # fmt: skip


@pytest.mark.parametrize("query", ["", None, "   ", "!? -- ()", "___"])
def test_a_query_without_words_has_no_words(query):
    assert query_words(query) == []


@pytest.mark.parametrize("query", ["", None, "  !! "])
def test_searching_for_no_words_finds_nothing(query):
    assert search(query) == []


# --- What is found ------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["peroneal", "fibular", "FIBULAR", "common fibular nerve"])
def test_a_nerve_is_found_by_any_of_its_names(query):
    assert "/anatomy/common-peroneal-nerve/" in urls(search(query))


def test_a_structure_found_by_a_synonym_shows_its_synonyms_in_the_title():
    hit = hit_for(search("ischiadic"), "/anatomy/sciatic-nerve/")
    assert hit.kind == "structure"
    assert hit.title == "Sciatic nerve (ischiadic nerve)"
    hit = hit_for(search("lateral popliteal"), "/anatomy/common-peroneal-nerve/")
    assert hit.title.startswith("Common peroneal (fibular) nerve (") and "lateral popliteal nerve" in hit.title


def test_a_structure_found_by_its_name_shows_the_name_alone():
    assert hit_for(search("sciatic"), "/anatomy/sciatic-nerve/").title == "Sciatic nerve"


def test_every_word_must_match():
    assert "/anatomy/obturator-nerve/" in urls(search("obturator nerve"))
    assert search("obturator xylophone") == []
    assert search("xylophone") == []


def test_words_match_as_prefixes_while_they_are_typed():
    found = urls(search("obtur"))
    assert "/anatomy/obturator-nerve/" in found and "/conditions/obturator-neuropathy/" in found


def test_it_finds_conditions_passages_and_cases_as_well_as_structures():
    kinds = {hit.kind for hit in search("foot drop")}
    assert {"case", "condition"} <= kinds
    assert any(hit.kind == "passage" and "#passage-" in hit.url for hit in search("herniorrhaphy"))


# --- Order and size -----------------------------------------------------------------------------


def test_results_come_best_first():
    hits = search("nerve")
    ranks = [hit.rank for hit in hits]
    assert ranks == sorted(ranks, reverse=True)


def test_a_structure_named_by_every_word_comes_before_hits_found_only_in_text():
    hits = search("obturator nerve")
    named = urls(hits).index("/anatomy/obturator-nerve/")
    text_only = [index for index, hit in enumerate(hits) if "obturator" not in hit.title.lower()]
    assert text_only, "the query should also find entries that mention it only in their text"
    assert all(named < index for index in text_only)
    assert hits[named].rank > max(hits[index].rank for index in text_only)


def test_results_are_capped(monkeypatch):
    assert len(search("nerve")) == MAX_RESULTS
    monkeypatch.setattr(search_module, "MAX_RESULTS", 5)
    assert len(search("nerve")) == 5


# --- Snippets -----------------------------------------------------------------------------------


def test_highlight_escapes_the_text_and_marks_the_matching_words():
    html = highlight('<script>alert("x")</script> The Femoral nerve & the femorals', ["femoral"])
    assert isinstance(html, SafeString)
    assert "<script>" not in html and "&lt;script&gt;" in html and "&amp;" in html
    assert "<mark>Femoral</mark> nerve" in html
    assert "<mark>femorals</mark>" in html  # the whole word that starts with the query word


def test_highlight_marks_only_words_that_start_with_a_query_word():
    html = highlight("Superperoneal is not peroneal", ["peroneal"])
    assert html == "Superperoneal is not <mark>peroneal</mark>"


def test_highlight_quotes_around_the_first_match_and_says_when_it_cut():
    text = "filler " * 100 + "the obturator nerve " + "filler " * 100
    html = highlight(text, ["obturator"])
    assert html.startswith("… ") and html.endswith(" …")
    assert "<mark>obturator</mark>" in html
    assert len(html) < SNIPPET_CHARACTERS + 40


def test_highlight_of_a_match_near_the_start_has_no_leading_ellipsis():
    html = highlight("The obturator nerve supplies the adductors.", ["obturator"])
    assert html == "The <mark>obturator</mark> nerve supplies the adductors."


def test_highlight_collapses_whitespace():
    assert highlight("femoral\n\n   nerve", ["nerve"]) == "femoral <mark>nerve</mark>"


# --- Cases: registered by the cases app, searched by title and stem only ------------------------


def test_the_cases_app_registers_published_cases_as_a_search_source():
    assert "case" in {source.kind for source in search_sources}


def test_a_published_case_is_found_by_a_word_of_its_stem():
    case = make_case(slug="quokka-case", stem="A quokka keeper has a **slapping** foot.")
    hit = hit_for(search("quokka"), case.get_absolute_url())
    assert hit.kind == "case" and hit.title == case.title
    assert "<mark>quokka</mark>" in hit.snippet


def test_an_unpublished_case_is_never_found():
    case = make_case(slug="hidden-quokka-case", published=False, stem="A quokka keeper has a slapping foot.")
    assert case.get_absolute_url() not in urls(search("quokka"))
    assert case.get_absolute_url() not in urls(search("hidden quokka case"))


def test_a_case_is_not_found_by_words_only_in_its_answers():
    case = make_case(slug="answer-case", stem="A wombat farmer has a slapping foot.")
    assert case.get_absolute_url() in urls(search("wombat"))  # it is searchable
    for answer_words in ("SECRET-CPN-RIGHT", "secret", "wombat secret"):
        assert case.get_absolute_url() not in urls(search(answer_words)), answer_words


def test_search_looks_in_every_registered_source():
    source = SearchSource(
        "glossary", Condition.objects.all, ["name"], [], lambda row: (f"Glossary: {row.name}", "/glossary/", row.name)
    )
    register_search(source)
    try:
        hits = [hit for hit in search("myasthenia") if hit.kind == "glossary"]
    finally:
        search_sources.remove(source)
    assert [hit.title for hit in hits] == ["Glossary: Myasthenia gravis"]
    assert "<mark>Myasthenia</mark>" in hits[0].snippet
