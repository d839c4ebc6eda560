"""One search over conditions, structures, source passages, and what other apps register (the
published cases: knowledge.extensions).

On PostgreSQL it is full-text search (to_tsvector / to_tsquery, English stemming, prefix matching
so that results come while a word is being typed, ranked by ts_rank with names weighted above
text). On SQLite it is a portable fallback: every word of the query must occur (as the start of a
word) in the entry, ranked by where it occurs (name, then synonyms, then text). Both mark the
matching words in the same way, and both find a nerve by any of its names (peroneal, fibular).

A case is searched by its title and stem only: never by its answers.
"""

import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import F, Q, TextField, Value
from django.db.models.functions import Cast, Coalesce
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe

from knowledge.extensions import SearchSource, search_sources
from knowledge.models import Condition, Passage, Structure

MAX_RESULTS = 40
SNIPPET_CHARACTERS = 220
WORD = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass
class Hit:
    kind: str
    title: str
    url: str
    snippet: str
    rank: float


def query_words(query):
    """The words of a query, lower case, at most eight (a longer query adds nothing but cost)."""
    return [word.lower() for word in WORD.findall(query or "")][:8]


def _condition_hit(row):
    return row.name, row.get_absolute_url(), row.summary


def _structure_hit(row):
    return row.name, row.get_absolute_url(), row.summary


def _passage_hit(row):
    url = reverse("source-detail", args=[row.source.slug]) + f"#passage-{row.slug}"
    return f"{row.source.publisher}: {row.source.title}", url, row.text


# Where each kind is searched: names weighted above text.
KNOWLEDGE_SOURCES = [
    SearchSource(
        "condition", Condition.objects.all, ["name", "synonyms"], ["summary", "distinguishing"], _condition_hit
    ),
    SearchSource("structure", Structure.objects.all, ["name", "synonyms"], ["summary", "note"], _structure_hit),
    SearchSource("passage", lambda: Passage.objects.select_related("source"), [], ["text", "note"], _passage_hit),
]


def search(query):
    """Hits for the query, best first."""
    words = query_words(query)
    if not words:
        return []
    hits = []
    for source in KNOWLEDGE_SOURCES + search_sources:
        find = _full_text if connection.vendor == "postgresql" else _portable
        rows = find(source.rows(), source.names, source.texts, words)
        hits += [_hit(source, row, rank, words) for row, rank in rows]
    hits.sort(key=lambda hit: (-hit.rank, hit.title))
    return hits[:MAX_RESULTS]


def _as_text(field):
    """Any field as text (synonyms are a JSON list)."""
    return Coalesce(Cast(field, TextField()), Value("", output_field=TextField()))


def _full_text(queryset, names, texts, words):
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    vector = None
    for fields, weight in ((names, "A"), (texts, "B")):
        for field in fields:
            part = SearchVector(_as_text(field), weight=weight, config="english")
            vector = part if vector is None else vector + part
    # Each word as a prefix, all required: 'fibul:*' & 'nerv:*'. Words are letters and digits only.
    search_query = SearchQuery(" & ".join(f"{word}:*" for word in words), search_type="raw", config="english")
    rows = (
        queryset.annotate(search_vector=vector, rank=SearchRank(F("search_vector"), search_query))
        .filter(search_vector=search_query)
        .order_by("-rank")[:MAX_RESULTS]
    )
    return [(row, float(row.rank)) for row in rows]


def _portable(queryset, names, texts, words):
    fields = names + texts
    condition = Q()
    for word in words:
        condition &= _any_field_contains(fields, word)
    rows = []
    for row in queryset.filter(condition)[: MAX_RESULTS * 4]:
        rank = 0.0
        for word in words:
            for weight, group in ((1.0, names), (0.4, texts)):
                if any(_starts_a_word(str(getattr(row, field) or ""), word) for field in group):
                    rank += weight
                    break
        if rank:
            rows.append((row, rank / len(words)))
    return rows


def _any_field_contains(fields, word):
    condition = Q()
    for field in fields:
        condition |= Q(**{f"{field}__icontains": word})
    return condition


def _starts_a_word(text, word):
    return re.search(rf"(?<![^\W_]){re.escape(word)}", text, re.IGNORECASE) is not None


def _hit(source, row, rank, words):
    title, url, text = source.hit(row)
    if source.kind == "structure" and row.synonyms and not any(_starts_a_word(row.name, word) for word in words):
        title = f"{row.name} ({', '.join(row.synonyms)})"  # say why a synonym search found it
    return Hit(source.kind, title, url, highlight(text, words), rank)


def highlight(text, words):
    """A snippet of the text around the first match, escaped, with matching words in <mark>."""
    text = " ".join(str(text).split())
    pattern = re.compile(r"(?<![^\W_])(" + "|".join(re.escape(word) for word in words) + r")[^\W_]*", re.IGNORECASE)
    first = pattern.search(text)
    start = max(0, (first.start() if first else 0) - SNIPPET_CHARACTERS // 3)
    snippet = text[start : start + SNIPPET_CHARACTERS]
    prefix, suffix = ("… " if start else ""), (" …" if start + SNIPPET_CHARACTERS < len(text) else "")
    marked, last = [], 0
    for match in pattern.finditer(snippet):
        marked += [escape(snippet[last : match.start()]), f"<mark>{escape(match.group(0))}</mark>"]
        last = match.end()
    marked.append(escape(snippet[last:]))
    return mark_safe(prefix + "".join(marked) + suffix)  # safe: every piece escaped above
