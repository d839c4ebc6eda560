"""The localizer's findings and candidates in words for people."""


def describe(finding, labels):
    """A contract finding string as a phrase: 'weak ankle-dorsiflexion' -> 'weak ankle dorsiflexion'."""
    kind, _, rest = finding.partition(" ")
    slug, _, value = rest.partition(" ")

    def label(slug):
        text = labels.get(slug, slug.replace("-", " "))
        return text[0].lower() + text[1:] if text[:2] != text[:2].upper() else text

    if kind == "weak":
        return f"weak {label(slug)}"
    if kind == "spared":
        return f"normal {label(slug)}"
    if kind == "sensory-loss":
        return f"sensory loss over the {label(slug)}"
    if kind == "sensory-normal":
        return f"normal sensation over the {label(slug)}"
    if kind in ("reflex", "pulse"):
        return f"{value} {label(slug)}"
    if kind == "plantar":
        return f"{'an extensor' if slug == 'extensor' else 'a flexor'} plantar response"
    if kind == "pain":
        return "no pain" if slug == "none" else f"{slug} pain"
    if kind == "other":
        return label(slug)
    if kind == "absent":
        return f"no {label(slug)[:1].lower()}{label(slug)[1:]}"
    return finding


def lower_first(text):
    """'Tibialis posterior' -> 'tibialis posterior', but 'L5 nerve root' stays as it is."""
    return text if text[:2].isupper() else text[:1].lower() + text[1:]


def join_words(phrases):
    """['a', 'b', 'c'] -> 'a, b and c'."""
    phrases = list(phrases)
    if len(phrases) <= 1:
        return "".join(phrases)
    return ", ".join(phrases[:-1]) + " and " + phrases[-1]


def explain(candidate, labels, subject=None):
    """One or two plain sentences on what a candidate site explains and what argues against it.
    `subject` says where the lesion is in other words ("at the root level"), for a page that must
    not name the site."""
    name = candidate.name[0].lower() + candidate.name[1:] if not candidate.name[:2].isupper() else candidate.name
    parts = []
    if candidate.explains:
        lead = f"The best-placed lesion {subject}" if subject else f"A lesion of the {name}"
        if candidate.level == "functional":  # no lesion at all
            lead = "A functional disorder, with no structural lesion,"
        parts.append(f"{lead} explains {join_words(describe(f, labels) for f in candidate.explains)}")
    if candidate.unexplained:
        parts.append(f"but not {join_words(describe(f, labels) for f in candidate.unexplained)}")
    sentence = ", ".join(parts) + "."
    if candidate.contradicted_by:
        against = join_words(describe(f, labels) for f in candidate.contradicted_by)
        sentence += f" Against it: {against}."
    return sentence


def _capital(text):
    return text[:1].upper() + text[1:]


def weighed(candidate, labels):
    """The evidence of a candidate for a page: (for, against), each a list of (phrase, weight, why)."""
    rows = [(_capital(describe(item.finding, labels)), item.weight, item.why) for item in candidate.evidence]
    return [row for row in rows if row[1] > 0], [row for row in rows if row[1] < 0]


def why_not(first, second, labels):
    """Why the runner-up ranks below the first, in the findings that separate them most."""
    ours = {item.finding: item.weight for item in first.evidence}
    theirs = {item.finding: item.weight for item in second.evidence}
    gaps = sorted(((ours.get(f, 0.0) - theirs.get(f, 0.0), f) for f in set(ours) | set(theirs)), reverse=True)
    reasons = [describe(finding, labels) for gap, finding in gaps if gap > 0.05][:3]
    name = second.name if second.name[:2].isupper() else second.name[:1].lower() + second.name[1:]
    if not reasons:
        return f"Why not the {name}? It fits as well; it ranks second only as the larger lesion."
    verb = "fits" if len(reasons) == 1 else "fit"
    return f"Why not the {name}? {_capital(join_words(reasons))} {verb} the {lower_first(first.name)} better."
