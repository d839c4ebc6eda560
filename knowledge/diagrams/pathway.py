"""The pathway diagram drawn: roots -> plexuses -> peripheral nerves -> muscles, as inline SVG,
from the layout of knowledge.diagrams.layout. Pure Python, no Django; no inline style or script."""

from html import escape

from knowledge.diagrams.layout import (
    ANATOMY_URL,
    FONT_SIZE,
    INDENT,
    LINE_HEIGHT,
    MARGIN,
    PAD_X,
    PAD_Y,
    build_pathway,
    join_words,
    lay_out,
    light,
    number,
    short_root,
    tooltip,
)


def _curve(x1, y1, x2, y2):
    """A cubic Bezier leaving and arriving horizontally: a gentle S between two columns."""
    bend = (x2 - x1) / 2
    points = [(x1 + bend, y1), (x2 - bend, y2), (x2, y2)]
    return f"M{number(x1)} {number(y1)}C" + " ".join(f"{number(x)} {number(y)}" for x, y in points)


def _ports(box, count):
    """Where `count` edges meet the side of a box: spread along it, so a fan does not meet in a point."""
    if count <= 1:
        return [box.middle]
    spread = min(box.height - 2 * PAD_Y, (count - 1) * 6)
    return [box.middle - spread / 2 + spread * index / (count - 1) for index in range(count)]


def _state(lit, key):
    if lit is None:
        return ""
    return " on" if key in lit else " off"


def pathway_svg(anatomy, highlight=None, id_prefix="pathway"):
    """The pathway diagram as an inline <svg> string. `highlight` is a structure slug; `id_prefix`
    keeps the ids of the title and description unique when a page shows more than one diagram."""
    pathway = build_pathway(anatomy)
    nodes, edges = light(pathway, anatomy, highlight)
    boxes, columns, width, height = lay_out(pathway, anatomy)
    names = {slug: anatomy.structures[slug].name for slug in anatomy.structures}

    title = "Pathways from the lumbosacral roots to the muscles of the leg"
    if nodes is not None:
        title += f", highlighting {names[highlight]}"
    # role="group", not "img": an img's children are presentational, so the links inside would be
    # focusable yet hidden from screen readers (axe's nested-interactive rule fails the page).
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="pathway{" pathway-highlight" if nodes is not None else ""}"'
        f' viewBox="0 0 {number(width)} {number(height)}" role="group" aria-labelledby="{escape(id_prefix)}-title"'
        f' aria-describedby="{escape(id_prefix)}-desc" font-size="{FONT_SIZE}">',
        f'<title id="{escape(id_prefix)}-title">{escape(title)}</title>',
        f'<desc id="{escape(id_prefix)}-desc">{escape(_description(pathway, anatomy, highlight, nodes))}</desc>',
    ]
    headings = [("root", "Roots"), ("plexus", "Plexuses"), ("nerve", "Peripheral nerves"), ("muscle", "Muscles")]
    parts.append('<g class="headings" aria-hidden="true">')
    for kind, heading in headings:
        x, y = number(columns[kind]), number(MARGIN + FONT_SIZE + 2)
        parts.append(f'<text class="heading heading-{kind}" x="{x}" y="{y}">{heading}</text>')
    parts.append("</g>")

    # Edges first, so the boxes sit on top of them.
    incoming, outgoing = {}, {}
    for source, target, kind in pathway.links:
        if kind != "branch":
            outgoing.setdefault(source, []).append(target)
            incoming.setdefault(target, []).append(source)
    order = {slug: boxes[slug].middle for slug in boxes}
    for side in (incoming, outgoing):
        for slug in side:
            side[slug].sort(key=lambda other: order[other])
    parts.append('<g class="edges" aria-hidden="true">')
    for source, target, kind in pathway.links:
        start, end = boxes[source], boxes[target]
        state = _state(edges, (source, target))
        if kind == "branch":
            x = start.x + INDENT / 2
            path = f"M{number(x)} {number(start.bottom)}V{number(end.middle)}H{number(end.x)}"
        else:
            y1 = _ports(start, len(outgoing[source]))[outgoing[source].index(target)]
            y2 = _ports(end, len(incoming[target]))[incoming[target].index(source)]
            if kind == "direct":  # across the nerve column, in the gap beside the muscle's own nerve
                path = _curve(start.right, y1, columns["nerve"], y2) + f"H{number(end.x)}"
            else:
                path = _curve(start.right, y1, end.x, y2)
        parts.append(f'<path class="edge edge-{kind}{state}" d="{path}"/>')
    parts.append("</g>")

    parts.append('<g class="nodes">')
    ordered = [*pathway.frames, *pathway.roots, *pathway.plexuses, *pathway.nerves, *pathway.muscles]
    for slug in ordered:
        parts.append(_node(boxes[slug], pathway, anatomy, nodes, highlight))
    parts.append("</g></svg>")
    return "".join(parts)


def _node(box, pathway, anatomy, nodes, highlight):
    kind = anatomy.structures[box.slug].kind
    classes = f"node kind-{kind}"
    if box.slug in pathway.frames:
        classes += " frame"
    classes += _state(nodes, box.slug)
    if box.slug == highlight:
        classes += " current"
    height = box.frame_height or box.height
    radius = {"root": box.height / 2, "plexus": 0, "nerve": 3, "muscle": 9}.get(kind, 0)
    text_x = box.x + PAD_X
    first_line = box.y + PAD_Y + LINE_HEIGHT / 2
    lines = "".join(
        f'<tspan x="{number(text_x)}" y="{number(first_line + index * LINE_HEIGHT)}">{escape(line)}</tspan>'
        for index, line in enumerate(box.lines)
    )
    return (
        f'<a href="{escape(ANATOMY_URL.format(slug=box.slug))}"><g class="{classes}">'
        f"<title>{escape(tooltip(pathway, anatomy, box.slug))}</title>"
        f'<rect x="{number(box.x)}" y="{number(box.y)}" width="{number(box.width)}" height="{number(height)}"'
        f' rx="{number(radius)}"/>'
        f'<text dominant-baseline="central">{lines}</text></g></a>'
    )


def _description(pathway, anatomy, highlight, nodes):
    """What the picture shows, in words: read out by screen readers in place of the picture."""
    names = {slug: anatomy.structures[slug].name for slug in anatomy.structures}
    roots = [short_root(names[r]) for r in pathway.roots]
    text = (
        f"Columns from left to right: the nerve roots {roots[0] if roots else ''} to {roots[-1] if roots else ''}, "
        f"the plexuses they form ({join_words([names[p] for p in pathway.plexuses]) if pathway.plexuses else 'none'}), "
        "the peripheral nerves and their branches, and the muscles each nerve supplies. "
        "Lines join each structure to the next; every box links to its page."
    )
    if nodes is None:
        return text
    groups = [
        ("Roots", [short_root(names[r]) for r in pathway.roots if r in nodes]),
        ("plexuses", [names[p] for p in [*pathway.frames, *pathway.plexuses] if p in nodes]),
        ("nerves", [names[n] for n in pathway.nerves if n in nodes]),
        ("muscles", [names[m] for m in pathway.muscles if m in nodes]),
    ]
    connected = "; ".join(f"{label}: {join_words(items)}" for label, items in groups if items)
    return f"{text} Highlighted: {names[highlight]} and what connects to it. {connected}."
