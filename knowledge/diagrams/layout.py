"""The pathway diagram's layout: which structures it shows, in which columns and order, what a
highlight lights, and where each box goes. `knowledge.diagrams.pathway` draws it.

The pathway diagram: roots -> plexuses -> peripheral nerves -> muscles, as inline SVG.

Pure Python (standard library only; no Django), like the localizer, so it is testable alone: it
takes the `Anatomy` the engine uses and returns markup. No inline style and no script (the site's
Content-Security-Policy forbids both): the look lives in static/css/diagrams.css, and here only
geometry and classes. A highlight lights one structure and everything connected to it, upstream
and downstream, and dims the rest; `pathway_rows` gives the same relations as a table for those
who cannot see the picture.

There is no font metric in pure Python, so text widths are estimated from the advance widths of
DejaVu Sans (a wide font: the usual system fonts are narrower, so the estimate errs on the side
of room) and long names wrap rather than being cut.
"""

import re
from dataclasses import dataclass, field

ANATOMY_URL = "/anatomy/{slug}/"

FONT_SIZE = 12
LINE_HEIGHT = 15
PAD_X = 8
PAD_Y = 6
ROW_GAP = 6  # between the rows of one column
GROUP_GAP = 22  # between the nerves of one plexus and those of the next
INDENT = 18  # a branch sits this far right of its parent nerve
FRAME_PAD = 12  # room inside the frame of a plexus that contains plexuses
MARGIN = 12
HEADING_HEIGHT = 34
COLUMN_GAPS = (110, 90, 120)  # roots|plexuses, plexuses|nerves, nerves|muscles: room for the fans of edges
NERVE_MAX_WIDTH = 280
MUSCLE_MAX_WIDTH = 270
SEGMENT_ORDER = {"c": 0, "t": 1, "l": 2, "s": 3, "co": 4}

# Advance widths in ems (DejaVu Sans), for wrapping and sizing; unknown characters count as wide.
_WIDTHS = {
    **dict(zip("abcdefghijklmnopqrstuvwxyz", [0.61, 0.63, 0.55, 0.63, 0.62, 0.35, 0.63, 0.63, 0.28, 0.28, 0.58,
                                             0.28, 0.97, 0.63, 0.61, 0.63, 0.63, 0.41, 0.52, 0.39, 0.63, 0.59,
                                             0.82, 0.59, 0.59, 0.53], strict=True)),
    **dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", [0.68, 0.69, 0.70, 0.77, 0.63, 0.58, 0.78, 0.75, 0.30, 0.30, 0.66,
                                             0.56, 0.86, 0.75, 0.79, 0.60, 0.79, 0.69, 0.63, 0.61, 0.73, 0.68,
                                             0.99, 0.69, 0.61, 0.69], strict=True)),
    **dict.fromkeys("0123456789", 0.64),
    " ": 0.32, "(": 0.39, ")": 0.39, ",": 0.32, ".": 0.32, "-": 0.36, "'": 0.28, "/": 0.34, ":": 0.34,
}  # fmt: skip


def text_width(text, size=FONT_SIZE):
    """The estimated width of a line of text, in user units."""
    return size * sum(_WIDTHS.get(char, 0.8) for char in text)


def wrap(text, width, size=FONT_SIZE):
    """Lines of at most `width` (estimated), breaking between words; a single long word keeps its line."""
    lines = []
    for word in text.split():
        if lines and text_width(f"{lines[-1]} {word}", size) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]


# --- The graph, in column order ------------------------------------------------------------------


@dataclass
class _Band:
    """One row of the nerve column: a nerve (or none, for muscles a plexus supplies directly) and the
    muscles drawn beside it."""

    plexus: str | None
    nerve: str | None
    depth: int
    muscles: list = field(default_factory=list)


@dataclass
class _Pathway:
    roots: list
    plexuses: list  # the plexuses drawn as boxes, in order
    frames: list  # plexuses made of plexuses (the lumbosacral plexus), drawn around them
    bands: list
    links: list  # drawn edges: (source, target, kind)
    children: dict  # the hierarchy below each structure (plexus, nerve), for what a highlight reaches
    roots_of: dict  # structure -> set of root slugs

    @property
    def nerves(self):
        return [band.nerve for band in self.bands if band.nerve]

    @property
    def muscles(self):
        return [muscle for band in self.bands for muscle in band.muscles]


def _root_order(slug, name):
    match = re.match(r"([a-z]+)(\d+)", slug)
    if match and match.group(1) in SEGMENT_ORDER:
        return (SEGMENT_ORDER[match.group(1)], int(match.group(2)), name)
    return (len(SEGMENT_ORDER), 0, name)


def build_pathway(anatomy):
    """Who is drawn where, and which edges: the layout's skeleton, shared by the SVG and the table."""
    structures = anatomy.structures

    def of_kind(kind):
        return [slug for slug, (_, other_kind, _) in structures.items() if other_kind == kind]

    roots = sorted(of_kind("root"), key=lambda slug: _root_order(slug, structures[slug].name))
    root_index = {root: index for index, root in enumerate(roots)}
    roots_of = {slug: {root for root, _ in anatomy.roots_of.get(slug, ()) if root in root_index} for slug in structures}

    def barycentre(slug):
        """The mean position of a structure's roots: ordering by it keeps the edges from crossing."""
        indices = [root_index[root] for root in roots_of[slug]]
        mean = sum(indices) / len(indices) if indices else len(roots)
        return (mean, structures[slug].name)

    plexus_set = set(of_kind("plexus"))
    frames = sorted(
        {anatomy.plexus_of[p] for p in plexus_set if anatomy.plexus_of.get(p) in plexus_set}, key=barycentre
    )
    plexuses = sorted(plexus_set - set(frames), key=barycentre)
    nerves = set(of_kind("nerve"))
    branches = {}
    for nerve in nerves:
        parent = anatomy.parent_of.get(nerve)
        if parent in nerves:
            branches.setdefault(parent, []).append(nerve)
    trunks = {plexus: [] for plexus in [*plexuses, None]}
    for nerve in nerves:
        if anatomy.parent_of.get(nerve) not in nerves:
            plexus = anatomy.plexus_of.get(nerve)
            trunks[plexus if plexus in trunks else None].append(nerve)

    # Each muscle is drawn beside the first of its nerves in column order; one supplied by plexuses
    # alone sits at the top of its plexus's group, in a band with no nerve.
    bands = []

    def add_nerve(nerve, plexus, depth):
        bands.append(_Band(plexus, nerve, depth))
        for branch in sorted(branches.get(nerve, ()), key=barycentre):
            add_nerve(branch, plexus, depth + 1)

    for plexus in trunks:
        bands.append(_Band(plexus, None, 0))
        for nerve in sorted(trunks[plexus], key=barycentre):
            add_nerve(nerve, plexus, 0)
    position = {band.nerve: index for index, band in enumerate(bands) if band.nerve}
    position.update({band.plexus: index for index, band in enumerate(bands) if not band.nerve})
    for muscle in sorted(of_kind("muscle"), key=barycentre):
        suppliers = [s for s in anatomy.nerves_of.get(muscle, ()) if s in nerves]
        suppliers = suppliers or [s for s in anatomy.nerves_of.get(muscle, ()) if s in position]
        band = min((position[s] for s in suppliers), default=position[None])
        bands[band].muscles.append(muscle)
    bands = [band for band in bands if band.nerve or band.muscles]

    links = []
    for plexus in plexuses:
        links += [(root, plexus, "root") for root in roots if root in roots_of[plexus]]
    for band in bands:
        if band.nerve and band.depth == 0 and band.plexus:
            links.append((band.plexus, band.nerve, "plexus"))
        elif band.nerve and band.depth:
            links.append((anatomy.parent_of[band.nerve], band.nerve, "branch"))
    drawn = set(plexuses) | nerves
    for muscle in [m for band in bands for m in band.muscles]:
        for supplier in anatomy.nerves_of.get(muscle, ()):
            if supplier in drawn:
                links.append((supplier, muscle, "muscle" if supplier in nerves else "direct"))

    children = {}
    for child, parent in [*anatomy.plexus_of.items(), *anatomy.parent_of.items()]:
        if child in structures and structures[child].kind in ("plexus", "nerve"):
            children.setdefault(parent, set()).add(child)
    for source, target, kind in links:
        if kind in ("muscle", "direct"):
            children.setdefault(source, set()).add(target)
    return _Pathway(roots, plexuses, frames, bands, links, children, roots_of)


def light(pathway, anatomy, highlight):
    """The nodes and edges a highlight lights, or (None, None) when nothing is highlighted.

    A root lights every structure that carries it (its plexus, the nerves and muscles whose roots
    include it). Anything else lights what lies above it (its parent nerves and plexuses, and its
    own roots: a nerve's, not all those of the plexus it comes from) and what lies below it
    (branches and the muscles they supply). An edge is lit when it lies on one of those paths."""
    if not highlight or highlight not in anatomy.structures:
        return None, None
    drawn = set(pathway.roots) | set(pathway.plexuses) | set(pathway.frames) | set(pathway.nerves)
    drawn |= set(pathway.muscles)
    if highlight in drawn:
        seeds = [highlight]
    else:  # a tendon lights its muscles, an artery what it supplies; anything else, nothing
        seeds = [*anatomy.tendon_muscles.get(highlight, ()), *anatomy.supplies.get(highlight, ())]
        seeds = [seed for seed in seeds if seed in drawn]
        if not seeds:
            return None, None
    parents = {}
    for parent, children in pathway.children.items():
        for child in children:
            parents.setdefault(child, set()).add(parent)

    def reach(start, step):
        seen, stack = set(), [start]
        while stack:
            for other in step.get(stack.pop(), ()):
                if other not in seen:
                    seen.add(other)
                    stack.append(other)
        return seen

    nodes, edges = set(), set()
    for seed in seeds:
        if anatomy.structures[seed].kind == "root":
            lines = [{seed} | {slug for slug in drawn if seed in pathway.roots_of[slug]}]
        else:
            above = reach(seed, parents)
            roots = pathway.roots_of[seed] or set().union(*(pathway.roots_of[slug] for slug in above))
            lines = [above | roots | {seed}, reach(seed, pathway.children) | {seed}]
        for line in lines:
            nodes |= line
            edges |= {(source, target) for source, target, _ in pathway.links if source in line and target in line}
    return nodes, edges


# --- The table -----------------------------------------------------------------------------------


def pathway_rows(anatomy, highlight=None):
    """The diagram as rows for a table, in the diagram's order: one row per nerve (and one per plexus
    that supplies muscles directly, with nerve None). Each item is {"slug", "name"}:

        {"roots": [...], "plexus": item or None, "nerve": item or None, "parent": item or None,
         "depth": 0 for a nerve of the plexus, 1 for its branch..., "muscles": [...]}

    With a highlight, only the rows it reaches, and in them only the roots and muscles it lights."""
    pathway = build_pathway(anatomy)
    nodes, edges = light(pathway, anatomy, highlight)

    def item(slug):
        return {"slug": slug, "name": anatomy.structures[slug].name} if slug else None

    rows = []
    for band in pathway.bands:
        if band.nerve:
            source, muscles = band.nerve, [m for m in pathway.muscles if band.nerve in anatomy.nerves_of.get(m, ())]
        elif band.plexus:
            source, muscles = band.plexus, [m for m in pathway.muscles if band.plexus in anatomy.nerves_of.get(m, ())]
        else:
            source, muscles = None, band.muscles
        roots = [root for root in pathway.roots if source and root in pathway.roots_of[source]]
        if nodes is not None:
            roots = [root for root in roots if root in nodes]
            muscles = [m for m in muscles if (source, m) in edges or (source is None and m in nodes)]
            reached = source in nodes if band.nerve else bool(muscles)
            if not reached:
                continue
        rows.append(
            {
                "roots": [item(root) for root in roots],
                "plexus": item(band.plexus),
                "nerve": item(band.nerve),
                "parent": item(anatomy.parent_of.get(band.nerve)) if band.depth else None,
                "depth": band.depth,
                "muscles": [item(muscle) for muscle in muscles],
            }
        )
    # A plexus that supplies muscles directly also gets a row of its own, before its nerves.
    for plexus in reversed(pathway.plexuses):
        direct = [m for m in pathway.muscles if plexus in anatomy.nerves_of.get(m, ())]
        if nodes is not None:
            direct = [m for m in direct if (plexus, m) in edges]
        if not direct or any(row["nerve"] is None and row["plexus"] == item(plexus) for row in rows):
            continue
        roots = [root for root in pathway.roots if root in pathway.roots_of[plexus]]
        roots = roots if nodes is None else [root for root in roots if root in nodes]
        row = {"roots": [item(r) for r in roots], "plexus": item(plexus), "nerve": None, "parent": None, "depth": 0}
        row["muscles"] = [item(m) for m in direct]
        first = next((i for i, other in enumerate(rows) if other["plexus"] == item(plexus)), len(rows))
        rows.insert(first, row)
    return rows


# --- The picture ---------------------------------------------------------------------------------


@dataclass
class _Box:
    slug: str
    kind: str
    x: float
    y: float
    width: float
    lines: list
    frame_height: float = 0  # a frame (a plexus of plexuses) is taller than its own label

    @property
    def height(self):
        return 2 * PAD_Y + LINE_HEIGHT * len(self.lines)

    @property
    def middle(self):
        return self.y + self.height / 2

    @property
    def right(self):
        return self.x + self.width

    @property
    def bottom(self):
        return self.y + self.height


def number(value):
    return f"{value:.1f}".rstrip("0").rstrip(".")


def short_root(name):
    return name.split()[0] if name else name


def join_words(words):
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def _lower_first(label):
    return label[0].lower() + label[1:] if len(label) > 1 and label[1].islower() else label


def _root_range(pathway, anatomy, slug):
    roots = [root for root in pathway.roots if root in pathway.roots_of.get(slug, ())]
    if not roots:
        return ""
    names = [short_root(anatomy.structures[root].name) for root in roots]
    indices = [pathway.roots.index(root) for root in roots]
    if len(roots) > 1 and indices == list(range(indices[0], indices[0] + len(roots))):
        return f"{names[0]}\u2013{names[-1]}"
    return ", ".join(names)


def tooltip(pathway, anatomy, slug):
    name, kind, _ = anatomy.structures[slug]
    parts = [name]
    if kind in ("nerve", "muscle", "plexus"):
        roots = _root_range(pathway, anatomy, slug)
        if roots:
            parts.append(f"roots {roots}")
    if kind == "muscle":
        prime = [anatomy.labels.get(m, m) for m, is_prime in anatomy.actions_of.get(slug, ()) if is_prime]
        if prime:
            parts.append(f"prime mover for {join_words([_lower_first(label) for label in prime])}")
    return "; ".join(parts)


def _column_width(texts, floor, ceiling):
    widest = max(texts, default=0)
    return max(floor, min(ceiling, widest + 2 * PAD_X))


def lay_out(pathway, anatomy):
    """Boxes for every node, and the size of the picture."""
    names = {slug: anatomy.structures[slug].name for slug in anatomy.structures}
    root_width = _column_width([text_width(names[r]) for r in pathway.roots], 90, 160)
    plexus_width = _column_width([text_width(names[p]) for p in pathway.plexuses], 110, 180)
    frame_width = plexus_width
    if pathway.frames:  # wide enough for its name on one line, if that is not too wide
        frame_width = _column_width([text_width(names[f]) for f in pathway.frames], plexus_width + 2 * FRAME_PAD, 200)
    nerve_width = _column_width(
        [text_width(names[b.nerve]) + b.depth * INDENT for b in pathway.bands if b.nerve], 140, NERVE_MAX_WIDTH
    )
    muscle_width = _column_width([text_width(names[m]) for m in pathway.muscles], 140, MUSCLE_MAX_WIDTH)
    root_x = MARGIN
    frame_x = root_x + root_width + COLUMN_GAPS[0]
    plexus_x = frame_x + (frame_width - plexus_width) / 2
    nerve_x = frame_x + frame_width + COLUMN_GAPS[1]
    muscle_x = nerve_x + nerve_width + COLUMN_GAPS[2]
    width = muscle_x + muscle_width + MARGIN
    columns = {"root": root_x, "plexus": frame_x, "nerve": nerve_x, "muscle": muscle_x}

    def box(slug, kind, x, box_width):
        return _Box(slug, kind, x, 0, box_width, wrap(names[slug], box_width - 2 * PAD_X))

    boxes = {}
    top = y = MARGIN + HEADING_HEIGHT
    groups = {}  # plexus -> (top, bottom) of its bands
    previous = None
    for band in pathway.bands:
        if previous is not None and band.plexus != previous:
            y += GROUP_GAP - ROW_GAP
        previous = band.plexus
        muscles = [box(m, "muscle", muscle_x, muscle_width) for m in band.muscles]
        nerve = None
        if band.nerve:
            indent = band.depth * INDENT
            nerve = box(band.nerve, "nerve", nerve_x + indent, nerve_width - indent)
        stack = sum(m.height for m in muscles) + ROW_GAP * max(len(muscles) - 1, 0)
        height = max(stack, nerve.height if nerve else 0)
        if nerve:
            nerve.y = y + (height - nerve.height) / 2
            boxes[nerve.slug] = nerve
        cursor = y + (height - stack) / 2
        for muscle in muscles:
            muscle.y = cursor
            cursor += muscle.height + ROW_GAP
            boxes[muscle.slug] = muscle
        start, _ = groups.get(band.plexus, (y, y))
        groups[band.plexus] = (start, y + height)
        y += height + ROW_GAP
    bottom = y - ROW_GAP

    for plexus in pathway.plexuses:
        plexus_box = box(plexus, "plexus", plexus_x, plexus_width)
        start, end = groups.get(plexus, (top, top))
        plexus_box.y = (start + end - plexus_box.height) / 2
        boxes[plexus] = plexus_box
    for frame in pathway.frames:
        inner = [boxes[p] for p in pathway.plexuses if anatomy.plexus_of.get(p) == frame] or [
            boxes[p] for p in pathway.plexuses
        ]
        frame_box = box(frame, "plexus", frame_x, frame_width)
        frame_box.y = min(b.y for b in inner) - frame_box.height  # its name sits above the plexuses it holds
        frame_box.frame_height = max(b.bottom for b in inner) + FRAME_PAD - frame_box.y
        boxes[frame] = frame_box
    # A frame's name may reach above the first row: then everything moves down to make room.
    overshoot = top - min((boxes[f].y for f in pathway.frames), default=top)
    if overshoot > 0:
        for placed in boxes.values():
            placed.y += overshoot
        top, bottom = top + overshoot, bottom + overshoot

    # Roots spread evenly over the plexuses they feed, so their fans open gently.
    spans = [boxes[p] for p in pathway.plexuses if p in boxes] or [_Box("", "", 0, top, 0, [""])]
    low, high = min(b.y for b in spans) - 60, max(b.bottom for b in spans) + 60
    low, high = max(low, top), min(high, max(bottom, top + 1))
    root_boxes = [box(r, "root", root_x, root_width) for r in pathway.roots]
    if root_boxes:
        tallest = max(b.height for b in root_boxes)
        step = (high - low - tallest) / max(len(root_boxes) - 1, 1)
        step = max(step, tallest + ROW_GAP)
        for index, root_box in enumerate(root_boxes):
            root_box.y = low + index * step
            boxes[root_box.slug] = root_box
        bottom = max(bottom, root_boxes[-1].bottom)
    if pathway.frames:
        bottom = max(bottom, *(boxes[f].y + boxes[f].frame_height for f in pathway.frames))
    return boxes, columns, width, bottom + MARGIN
