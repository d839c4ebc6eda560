"""Cross-links: a structure or condition named in a passage, a summary or feedback links to its
page. Names are matched as whole words, longest first (so "deep peroneal nerve" wins over
"peroneal"), by any of their names (peroneal or fibular, with or without the parenthesis), once
per text, never inside an existing link, and never to the page the text is on.

The index of names is built from the database once per content version and process.
"""

import re
from html import unescape

from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe

from knowledge.models import Condition, Structure
from knowledge.versioning import per_content_version

TAG = re.compile(r"(<[^>]+>)")


def _names(name, synonyms):
    """A name and its variants as they appear in prose: 'Common peroneal (fibular) nerve' is also
    'common peroneal nerve' and 'common fibular nerve'."""
    names = {name, *synonyms}
    bare = re.sub(r"\s*\([^)]*\)", "", name).strip()
    names.add(bare)
    for inside in re.findall(r"\(([^)]*)\)", name):
        words = bare.split()
        for index, word in enumerate(words):
            if word.lower() in ("peroneal", "peroneus"):
                names.add(" ".join([*words[:index], inside, *words[index + 1 :]]))
    return {variant for variant in names if len(variant) >= 4}


@per_content_version
def link_index():
    """(compiled pattern, {lower-case name: url}) for the current content."""
    urls = {}
    for slug, name, synonyms, kind in Structure.objects.values_list("slug", "name", "synonyms", "kind"):
        url = reverse("structure-detail", args=[slug])
        for variant in _names(name, synonyms):
            urls.setdefault(variant.lower(), url)
        if kind == Structure.Kind.ROOT:
            urls.setdefault(name.split()[0].lower(), url)  # "L5"
    for slug, name, synonyms in Condition.objects.values_list("slug", "name", "synonyms"):
        url = reverse("condition-detail", args=[slug])
        for variant in _names(name, synonyms):
            urls.setdefault(variant.lower(), url)
    # Texts are matched escaped ("Lou Gehrig&#x27;s disease"), so each name is sought in both forms.
    names = sorted({form for name in urls for form in (name, escape(name))}, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(name) for name in names) + r")(?![\w-])", re.IGNORECASE)
    return pattern, urls


def crosslink_text(text, exclude_url=""):
    """Plain text -> safe HTML with the names it mentions linked."""
    return mark_safe(_link(escape(text), exclude_url))  # safe: escaped, then only our links added


def crosslink_html(html, exclude_url=""):
    """Sanitized HTML -> the same HTML with names in its text (outside links) linked."""
    parts, inside_link, linked = TAG.split(str(html)), False, set()
    for index, part in enumerate(parts):
        if part.startswith("<"):
            if re.match(r"<a[\s>]", part):
                inside_link = True
            elif part.startswith("</a"):
                inside_link = False
        elif not inside_link and part.strip():
            parts[index] = _link(part, exclude_url, linked)
    return mark_safe("".join(parts))  # safe: sanitized input, only our links added


def _link(escaped_text, exclude_url, linked=None):
    pattern, urls = link_index()
    linked = set() if linked is None else linked

    def replace(match):
        url = urls.get(unescape(match.group(0)).lower())
        if not url or url == exclude_url or url in linked:
            return match.group(0)
        linked.add(url)
        return f'<a class="crosslink" href="{url}">{match.group(0)}</a>'

    return pattern.sub(replace, escaped_text)
