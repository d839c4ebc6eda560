"""The arterial tree of the leg: the arteries of the knowledge base joined by "continues as"
(`anatomy.continues_as`: the femoral artery becomes the popliteal) and "branch of"
(`anatomy.parent_of`: the anterior tibial leaves the popliteal), with the pulse felt on each
(`anatomy.pulses`) and, in its tooltip, what each supplies (`anatomy.supplies`).

An artery and its continuations keep one column, straight down the way the blood flows; a
branch starts a column of its own to the right. A highlight lights an artery and everything
downstream of it (what its occlusion starves) and dims the rest. `arterial_tree_rows` gives the
same as rows for a table. Pure Python, no Django; no inline style or script.
"""

from dataclasses import dataclass, field

from knowledge.diagrams.draw import linked_box, lower_first, state, svg_open, text
from knowledge.diagrams.layout import LINE_HEIGHT, MARGIN, PAD_X, PAD_Y, join_words, number, text_width, wrap

BOX_MIN_WIDTH = 160
BOX_MAX_WIDTH = 220
COLUMN_GAP = 70
ROW_GAP = 40  # room for the label of the line between two rows
PULSE_SIZE = 11
RELATIONS = {"continues": "continues as", "branch": "branch"}


@dataclass
class _Tree:
    arteries: list  # depth first from each top artery: continuations before branches
    upstream: dict  # artery -> (the artery it comes from, "continues" or "branch")
    children: dict  # artery -> [(artery, "continues" or "branch")]
    column: dict = field(default_factory=dict)
    depth: dict = field(default_factory=dict)


def build_tree(anatomy):
    """The arteries in drawing order, each with where it comes from, its column and its row."""
    structures = anatomy.structures
    arteries = [slug for slug, info in structures.items() if info.kind == "artery"]
    known = set(arteries)
    upstream = {}
    for artery in arteries:
        parent = anatomy.parent_of.get(artery)
        if parent in known and parent != artery:
            upstream[artery] = (parent, "branch")
    for artery in arteries:
        following = anatomy.continues_as.get(artery)
        if following in known and following != artery and following not in upstream:
            upstream[following] = (artery, "continues")
    for artery in arteries:  # a loop in the data would hang the walk below: cut it where it closes
        seen, current = {artery}, artery
        while current in upstream:
            current = upstream[current][0]
            if current in seen:
                del upstream[artery]
                break
            seen.add(current)
    children = {artery: [] for artery in arteries}
    for artery in arteries:
        if artery in upstream:
            parent, relation = upstream[artery]
            children[parent].append((artery, relation))
    for parent in children:  # the continuation first: it keeps the column
        children[parent].sort(key=lambda child: child[1] != "continues")

    tree = _Tree([], upstream, children)
    columns = iter(range(len(arteries) + 1))

    def visit(artery, column, depth):
        tree.arteries.append(artery)
        tree.column[artery], tree.depth[artery] = column, depth
        for child, relation in children[artery]:
            visit(child, column if relation == "continues" else next(columns), depth + 1)

    for artery in arteries:
        if artery not in upstream:
            visit(artery, next(columns), 0)
    return tree


def downstream_of(tree, artery):
    """The artery and everything its blood reaches through the tree."""
    reached, stack = {artery}, [artery]
    while stack:
        for child, _ in tree.children.get(stack.pop(), ()):
            if child not in reached:
                reached.add(child)
                stack.append(child)
    return reached


def light_tree(tree, highlight):
    if not highlight or highlight not in tree.column:
        return None
    return downstream_of(tree, highlight)


def pulses_on(anatomy, artery):
    """The labels of the pulses felt on an artery: "Popliteal pulse"."""
    return [anatomy.labels.get(pulse, pulse) for pulse, on in anatomy.pulses.items() if on == artery]


# --- The table -----------------------------------------------------------------------------------


def arterial_tree_rows(anatomy, highlight=None):
    """The tree as rows for a table, in the diagram's order (depth first). Each item is {"slug", "name"}:

    {"artery": item, "depth": 0 for a top artery, "from": item or None,
     "relation": "continuation of", "branch of" or "", "pulses": ["Popliteal pulse"],
     "supplies": [items], "state": None without a highlight, else "current", "downstream" or "off"}
    """
    tree = build_tree(anatomy)
    lit = light_tree(tree, highlight)

    def item(slug):
        return {"slug": slug, "name": anatomy.structures[slug].name}

    rows = []
    for artery in tree.arteries:
        parent, relation = tree.upstream.get(artery, (None, ""))
        if lit is None:
            row_state = None
        else:
            row_state = "current" if artery == highlight else "downstream" if artery in lit else "off"
        rows.append(
            {
                "artery": item(artery),
                "depth": tree.depth[artery],
                "from": item(parent) if parent else None,
                "relation": {"continues": "continuation of", "branch": "branch of"}.get(relation, ""),
                "pulses": pulses_on(anatomy, artery),
                "supplies": [item(s) for s in anatomy.supplies.get(artery, ()) if s in anatomy.structures],
                "state": row_state,
            }
        )
    return rows


# --- The picture ---------------------------------------------------------------------------------


def _boxes(tree, anatomy):
    """slug -> (x, y, width, height, lines); and the picture's width and height."""
    names = {artery: anatomy.structures[artery].name for artery in tree.arteries}
    widest = [text_width(names[a]) for a in tree.arteries]
    widest += [text_width(pulse, PULSE_SIZE) for a in tree.arteries for pulse in pulses_on(anatomy, a)]
    width = max(BOX_MIN_WIDTH, min(BOX_MAX_WIDTH, max(widest, default=0) + 2 * PAD_X))
    lines = {
        artery: [(line, None) for line in wrap(names[artery], width - 2 * PAD_X)]
        + [(pulse, "pulse") for pulse in pulses_on(anatomy, artery)]
        for artery in tree.arteries
    }
    height = max((2 * PAD_Y + LINE_HEIGHT * len(lines[a]) for a in tree.arteries), default=0)
    boxes = {
        artery: (
            MARGIN + tree.column[artery] * (width + COLUMN_GAP),
            MARGIN + tree.depth[artery] * (height + ROW_GAP),
            width,
            height,
            lines[artery],
        )
        for artery in tree.arteries
    }
    columns = max(tree.column.values(), default=-1) + 1
    rows = max(tree.depth.values(), default=-1) + 1
    total_width = 2 * MARGIN + columns * width + max(columns - 1, 0) * COLUMN_GAP
    total_height = 2 * MARGIN + rows * height + max(rows - 1, 0) * ROW_GAP
    return boxes, max(total_width, 2 * MARGIN + width), total_height


def arterial_tree_svg(anatomy, highlight=None, id_prefix="arterial-tree"):
    """The arterial tree as an inline <svg> string. `highlight` is an artery's slug; `id_prefix`
    keeps the ids of the title and description unique on the page."""
    tree = build_tree(anatomy)
    lit = light_tree(tree, highlight)
    boxes, width, height = _boxes(tree, anatomy)
    names = {artery: anatomy.structures[artery].name for artery in tree.arteries}
    title = "The arteries of the leg, from the groin to the foot"
    if lit is not None:
        title += f", highlighting {names[highlight]} and what lies downstream of it"
    classes = "pathway arterial-tree" + (" pathway-highlight" if lit is not None else "")
    parts = [svg_open(classes, width, height, id_prefix, title, _description(tree, anatomy, highlight, lit))]

    parts.append('<g class="edges" aria-hidden="true">')
    for artery in tree.arteries:
        if artery not in tree.upstream:
            continue
        parent, relation = tree.upstream[artery]
        px, py, pw, ph, _ = boxes[parent]
        cx, cy, cw, _, _ = boxes[artery]
        middle = cx + cw / 2
        edge_state = "" if lit is None else " on" if parent in lit else " off"  # lit below the highlight
        if relation == "continues" and abs(middle - (px + pw / 2)) < 1:
            path = f"M{number(middle)} {number(py + ph)}V{number(cy)}"
            label = text(middle + 6, (py + ph + cy) / 2, RELATIONS[relation], "edge-label")
        else:
            path = f"M{number(px + pw)} {number(py + ph / 2)}H{number(middle)}V{number(cy)}"
            label = text(px + pw + 6, py + ph / 2 - 8, RELATIONS[relation], "edge-label")
        parts.append(f'<path class="edge edge-{relation}{edge_state}" d="{path}"/>{label}')
    parts.append("</g>")

    parts.append('<g class="nodes">')
    for artery in tree.arteries:
        x, y, box_width, box_height, lines = boxes[artery]
        classes = f"node kind-artery{state(lit, artery)}{' current' if artery == highlight else ''}"
        tooltip = _tooltip(tree, anatomy, artery)
        parts.append(linked_box(artery, classes, tooltip, (x, y, box_width, box_height), 4, lines))
    parts.append("</g></svg>")
    return "".join(parts)


def _tooltip(tree, anatomy, artery):
    structures = anatomy.structures
    parts = [structures[artery].name]
    if artery in tree.upstream:
        parent, relation = tree.upstream[artery]
        word = "the continuation of" if relation == "continues" else "a branch of"
        parts.append(f"{word} the {lower_first(structures[parent].name)}")
    pulses = pulses_on(anatomy, artery)
    if pulses:
        parts.append(f"pulse felt: {join_words([lower_first(pulse) for pulse in pulses])}")
    supplied = [lower_first(structures[s].name) for s in anatomy.supplies.get(artery, ()) if s in structures]
    if supplied:
        parts.append(f"supplies {join_words(supplied)}")
    return "; ".join(parts)


def _description(tree, anatomy, highlight, lit):
    """What the picture shows, in words: read out by screen readers in place of the picture."""
    names = {artery: lower_first(anatomy.structures[artery].name) for artery in tree.arteries}
    sentences = []
    for artery in tree.arteries:
        following = [names[c] for c, relation in tree.children[artery] if relation == "continues"]
        branches = [names[c] for c, relation in tree.children[artery] if relation == "branch"]
        said = []
        if following:
            said.append(f"continues as the {join_words(following)}")
        if branches:
            said.append(f"gives off the {join_words(branches)}")
        if said:
            sentences.append(f"the {names[artery]} {' and '.join(said)}")
    words = "The arteries of the leg from top to bottom, the way the blood flows"
    words += f": {'; '.join(sentences)}." if sentences else "."
    pulses = [f"{names[a]} ({join_words(pulses_on(anatomy, a))})" for a in tree.arteries if pulses_on(anatomy, a)]
    if pulses:
        words += f" Pulses are felt on the {join_words(pulses)}."
    words += " Each box links to its page; its tooltip names what it supplies."
    if lit is None:
        return words
    below = [names[a] for a in tree.arteries if a in lit and a != highlight]
    if below:
        return f"{words} Highlighted: the {names[highlight]} and everything downstream of it: {join_words(below)}."
    return f"{words} Highlighted: the {names[highlight]}, with nothing downstream of it in the diagram."
