"""Where apps built on the knowledge base add to its pages, without the knowledge base importing
them: they register here when Django starts (in their AppConfig.ready). So the reference can say
which cases teach a nerve, and search can find cases, while imports flow one way only."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Link:
    title: str
    url: str


@dataclass(frozen=True)
class SearchSource:
    """One kind of thing search looks in: the rows (`rows()` returns a fresh queryset), the fields
    weighted as names and as text, and `hit(row)` -> (title, url, text to quote a snippet of)."""

    kind: str
    rows: object
    names: list
    texts: list
    hit: object


_teaching_finders = []
search_sources = []


def register_teaching(finder):
    """finder(request, subjects) -> {subject: [Link]}: where each structure, condition or passage
    of a page is taught. It must run a fixed number of queries whatever the subjects."""
    _teaching_finders.append(finder)
    return finder


def teaching_for(request, subjects):
    """{subject: [Link]} from every registered finder, for the subjects of one page."""
    subjects = list(subjects)
    found = {}
    for finder in _teaching_finders:
        for subject, links in finder(request, subjects).items():
            found.setdefault(subject, []).extend(links)
    return found


def register_search(source):
    search_sources.append(source)
    return source


_reference_finders = []


def register_references(finder):
    """finder() -> the standard references (texts) cited beyond the sources, in a fixed number
    of queries."""
    _reference_finders.append(finder)
    return finder


def references_cited():
    return {reference for finder in _reference_finders for reference in finder() if reference}
