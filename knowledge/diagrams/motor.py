"""The whole motor pathway, level by level: the brain, the spinal cord, the anterior horn, the roots,
the plexus, the peripheral nerve, the neuromuscular junction and the muscle, and then, set apart,
the compartment, the tendon and functional weakness (no lesion). Each level is a band holding the
sites of that level the knowledge base has, so whatever it gains appears; a highlight lights one
site and its band and dims the rest.

Roots, nerves, muscles and compartments are many to a level: they are drawn as a compact row of
short names (their full names in the tooltips) or, when that row would take more than three
lines, as a count with the highlighted one named; the small version, shown beside the detailed
pathway on a root, plexus, nerve or muscle page, counts any row longer than one line.

`motor_pathway_rows` gives the same as rows for a table, and the <desc> says it in words. Pure
Python, no Django; no inline style or script (the look lives in static/css/diagrams.css).
"""

import re
from dataclasses import dataclass, field

from knowledge.diagrams.draw import linked_box, lower_first, state, svg_open, text, without_parentheses
from knowledge.diagrams.layout import (
    LINE_HEIGHT,
    MARGIN,
    PAD_X,
    PAD_Y,
    SEGMENT_ORDER,
    _root_order,
    join_words,
    number,
    short_root,
    text_width,
    wrap,
)

# The levels from the brain to the muscle, with the motor neuron each belongs to.
PATHWAY_LEVELS = [
    ("brain", "Brain", "upper"),
    ("spinal-cord", "Spinal cord", "upper"),
    ("anterior-horn", "Anterior horn", "lower"),
    ("root", "Roots", "lower"),
    ("plexus", "Plexus", "lower"),
    ("peripheral-nerve", "Peripheral nerve", "lower"),
    ("neuromuscular-junction", "Neuromuscular junction", None),
    ("muscle", "Muscle", None),
]
SET_APART_LEVELS = [("compartment", "Compartment"), ("tendon", "Tendon"), ("functional", "Functional (no lesion)")]
NEURONS = {"upper": ("upper motor neuron", "UMN"), "lower": ("lower motor neuron", "LMN")}
SINGLE_KINDS = {
    "root": ("root", "roots"),
    "nerve": ("nerve", "nerves"),
    "muscle": ("muscle", "muscles"),
    "compartment": ("compartment", "compartments"),
}
SET_APART_HEADING = "Set apart: around the muscle, or no lesion at all"

BRACKET = 24  # room on the left for the brackets naming the motor neurons
LABEL_WIDTH = 150  # the level's name, at the left of its band
CONTENT_WIDTH = 480
BAND_PAD = 7
BAND_GAP = 16  # between two bands of the pathway, room for the arrow
APART_GAP = 14  # between the pathway and the frame of the levels set apart
APART_HEADING = 26
LABEL_SIZE = 13
BOLD = 1.1  # bold text is about this much wider than the estimate
PILL_SIZE = 11
PILL_HEIGHT = 21
PILL_PAD = 6
ITEM_GAP = 6
SITE_MAX_WIDTH = 230
FULL_ROWS = 3  # a row of names needing more lines than this collapses into a count
SMALL_ROWS = 1  # in the small version, more than one line does


@dataclass
class _Item:
    slug: str | None  # None for a count
    kind: str  # "site" (a whole name, boxed), "single" (a short name, a pill) or "count"
    lines: list
    width: float
    height: float
    x: float = 0
    y: float = 0


@dataclass
class _Band:
    level: str
    label: str
    neuron: str | None
    set_apart: bool
    items: list = field(default_factory=list)  # in drawing order: whole sites, singles, a count
    singles: list = field(default_factory=list)  # every single of the level, drawn or counted
    count: str = ""  # what the count says, when some singles are not drawn
    counted: str = ""  # the same inside a sentence: "13 other nerves"
    y: float = 0
    height: float = 0
    label_lines: list = field(default_factory=list)

    @property
    def drawn(self):
        return [item.slug for item in self.items if item.slug]


def _is_single(slug, info):
    if info.kind not in SINGLE_KINDS:
        return False
    return info.kind != "root" or _root_order(slug, info.name)[0] < len(SEGMENT_ORDER)


def short_label(info):
    """A single's name in its pill: 'L4', 'Common peroneal', 'Hip adductors', 'Deep posterior'."""
    if info.kind == "root":
        return short_root(info.name)
    if info.kind == "compartment":
        return re.sub(r"\s+compartment\b.*$", "", info.name) or info.name
    label = without_parentheses(info.name)
    if info.kind == "nerve" and label.endswith(" nerve") and len(label) > len(" nerve"):
        label = label[: -len(" nerve")]
    return label


def _flow(widths, width):
    """How many lines items of these widths take, placed left to right."""
    lines, x = 0, None
    for item_width in widths:
        if x is None or x + item_width > width:
            lines, x = lines + 1, 0
        x += item_width + ITEM_GAP
    return lines


def build_levels(anatomy, highlight=None, small=False):
    """The bands, in order, with what each draws; levels the anatomy has no site of are left out."""
    structures = anatomy.structures
    levels = [(level, label, neuron, False) for level, label, neuron in PATHWAY_LEVELS]
    levels += [(level, label, None, True) for level, label in SET_APART_LEVELS]
    bands = []
    for level, label, neuron, set_apart in levels:
        slugs = [slug for slug, info in structures.items() if info.level == level]
        if not slugs:
            continue
        band = _Band(level, label, neuron, set_apart)
        band.singles = [slug for slug in slugs if _is_single(slug, structures[slug])]
        if any(structures[slug].kind == "root" for slug in band.singles):
            band.singles.sort(key=lambda slug: _root_order(slug, structures[slug].name))
        whole = [slug for slug in slugs if slug not in band.singles]
        first = [slug for slug in whole if structures[slug].kind == "central"]  # the level as a whole
        singles = [_single(slug, structures[slug]) for slug in band.singles]
        rows = SMALL_ROWS if small else FULL_ROWS
        widths = [_site(slug, structures[slug]).width for slug in first] + [item.width for item in singles]
        if singles and _flow(widths, CONTENT_WIDTH) > rows:
            singles = [item for item in singles if item.slug == highlight]
            hidden = len(band.singles) - len(singles)
            one, many = SINGLE_KINDS[structures[band.singles[0]].kind]
            word = one if hidden == 1 else many
            band.counted = f"{hidden} other {word}" if singles else f"{hidden} single {word}"
            band.count = f"and {band.counted}" if singles else band.counted
            singles.append(_Item(None, "count", [band.count], text_width(band.count, PILL_SIZE), PILL_HEIGHT))
        band.items = [
            *(_site(slug, structures[slug]) for slug in first),
            *singles,
            *(_site(slug, structures[slug]) for slug in whole if slug not in first),
        ]
        bands.append(band)
    return bands


def _single(slug, info):
    label = short_label(info)
    return _Item(slug, "single", [label], text_width(label, PILL_SIZE) + 2 * PILL_PAD, PILL_HEIGHT)


def _site(slug, info):
    width = min(SITE_MAX_WIDTH, text_width(info.name) + 2 * PAD_X)
    lines = wrap(info.name, width - 2 * PAD_X)
    return _Item(slug, "site", lines, width, 2 * PAD_Y + LINE_HEIGHT * len(lines))


def light_levels(anatomy, bands, highlight):
    """What a highlight lights: the site itself and its band ("level:<level>"); None without one."""
    drawn = {slug for band in bands for slug in band.drawn}
    if not highlight or highlight not in drawn:
        return None
    return {highlight, f"level:{anatomy.structures[highlight].level}"}


# --- The table -----------------------------------------------------------------------------------


def motor_pathway_rows(anatomy, highlight=None, small=False):
    """The diagram as rows for a table, one per band, in the diagram's order:

        {"level": slug, "label": "Spinal cord", "neuron": "upper motor neuron" or "",
         "set_apart": bool, "lit": None without a highlight, else whether the band is lit,
         "sites": [{"slug", "name", "current"}], "more": "13 other nerves", "22 single muscles" or ""}

    "sites" are those the picture draws, full names; "more" says what it counts without naming."""
    bands = build_levels(anatomy, highlight, small)
    lit = light_levels(anatomy, bands, highlight)
    return [
        {
            "level": band.level,
            "label": band.label,
            "neuron": NEURONS[band.neuron][0] if band.neuron else "",
            "set_apart": band.set_apart,
            "lit": None if lit is None else f"level:{band.level}" in lit,
            "sites": [
                {"slug": slug, "name": anatomy.structures[slug].name, "current": slug == highlight}
                for slug in band.drawn
            ],
            "more": band.counted,
        }
        for band in bands
    ]


# --- The picture ---------------------------------------------------------------------------------


def _lay_out(bands):
    """Places every band and item; returns the picture's width and height and the top of the frame
    around the levels set apart (None when there are none)."""
    band_x = MARGIN + BRACKET
    content_x = band_x + LABEL_WIDTH
    width = content_x + CONTENT_WIDTH + 2 * BAND_PAD + MARGIN
    y, apart_top = MARGIN, None
    for index, band in enumerate(bands):
        if band.set_apart and apart_top is None:
            apart_top = y + (APART_GAP if index else 0)
            y = apart_top + APART_HEADING
        elif index:
            y += BAND_GAP
        band.label_lines = wrap(band.label, LABEL_WIDTH - 2 * PAD_X, LABEL_SIZE * BOLD)
        rows, row = [], []
        x = 0
        for item in band.items:
            if row and x + item.width > CONTENT_WIDTH:
                rows.append(row)
                row, x = [], 0
            item.x = content_x + x
            row.append(item)
            x += item.width + ITEM_GAP
        rows.append(row)
        heights = [max((item.height for item in row), default=0) for row in rows]
        content = sum(heights) + ITEM_GAP * (len(rows) - 1)
        band.y = y
        band.height = max(content, LINE_HEIGHT * len(band.label_lines) + 4) + 2 * BAND_PAD
        cursor = y + (band.height - content) / 2
        for row, height in zip(rows, heights, strict=True):
            for item in row:
                item.y = cursor + (height - item.height) / 2
            cursor += height + ITEM_GAP
        y += band.height
    return width, y + (BAND_PAD if apart_top is not None else 0) + MARGIN, apart_top


def motor_pathway_svg(anatomy, highlight=None, id_prefix="motor-pathway", small=False):
    """The motor pathway as an inline <svg> string. `highlight` is a structure slug; `id_prefix`
    keeps the ids of the title and description unique on the page; `small` counts long rows."""
    bands = build_levels(anatomy, highlight, small)
    lit = light_levels(anatomy, bands, highlight)
    width, height, apart_top = _lay_out(bands)
    structures = anatomy.structures
    title = "The motor pathway, level by level, from the brain to the muscle"
    if lit is not None:
        title += f", highlighting {structures[highlight].name}"
    classes = "pathway motor-pathway" + (" motor-pathway-small" if small else "")
    classes += " pathway-highlight" if lit is not None else ""
    parts = [svg_open(classes, width, height, id_prefix, title, _description(bands, anatomy, highlight, lit))]

    parts.append('<g class="levels" aria-hidden="true">')
    band_x = MARGIN + BRACKET
    if apart_top is not None:
        frame_height = height - MARGIN - apart_top
        parts.append(
            f'<rect class="set-apart" x="{number(MARGIN)}" y="{number(apart_top)}"'
            f' width="{number(width - 2 * MARGIN)}" height="{number(frame_height)}" rx="8"/>'
        )
        parts.append(text(band_x, apart_top + APART_HEADING / 2 + 1, SET_APART_HEADING, "set-apart-heading"))
    parts += _brackets(bands)
    pathway = [band for band in bands if not band.set_apart]
    for upper, lower in zip(pathway, pathway[1:], strict=False):
        x, top, bottom = band_x + 22, upper.y + upper.height + 2, lower.y - 2
        arrow = f"M{number(x)} {number(top)}V{number(bottom)}M{number(x - 4)} {number(bottom - 5)}"
        arrow += f"L{number(x)} {number(bottom)}L{number(x + 4)} {number(bottom - 5)}"
        parts.append(f'<path class="arrow{" off" if lit is not None else ""}" d="{arrow}"/>')
    for band in bands:
        band_state = state(lit, f"level:{band.level}")
        parts.append(f'<g class="band level-{band.level}{band_state}">')
        parts.append(
            f'<rect x="{number(band_x)}" y="{number(band.y)}" width="{number(width - MARGIN - BAND_PAD - band_x)}"'
            f' height="{number(band.height)}" rx="6"/>'
        )
        first = band.y + band.height / 2 - LINE_HEIGHT * (len(band.label_lines) - 1) / 2
        for index, line in enumerate(band.label_lines):
            parts.append(text(band_x + PAD_X, first + index * LINE_HEIGHT, line, "level-label"))
        for item in band.items:
            if item.kind == "count":
                parts.append(text(item.x, item.y + item.height / 2, item.lines[0], "count"))
        parts.append("</g>")
    parts.append("</g>")

    parts.append('<g class="nodes">')
    for band in bands:
        for item in band.items:
            if item.slug:
                parts.append(_node(item, band, anatomy, lit, highlight))
    parts.append("</g></svg>")
    return "".join(parts)


def _brackets(bands):
    """A bracket at the left over the bands of each motor neuron, named along it."""
    parts = []
    for neuron, (words, abbreviation) in NEURONS.items():
        members = [band for band in bands if band.neuron == neuron]
        if not members:
            continue
        top, bottom = members[0].y + 2, members[-1].y + members[-1].height - 2
        x = MARGIN + BRACKET - 6
        path = f"M{number(x)} {number(top)}H{number(x - 5)}V{number(bottom)}H{number(x)}"
        parts.append(f'<path class="bracket" d="{path}"/>')
        label = words if text_width(words, 10) <= bottom - top - 6 else abbreviation
        cx, cy = MARGIN + 5, (top + bottom) / 2
        rotate = f' transform="rotate(-90 {number(cx)} {number(cy)})"'
        parts.append(text(cx, cy, label, "bracket-label", anchor="middle", extra=rotate))
    return parts


def _node(item, band, anatomy, lit, highlight):
    info = anatomy.structures[item.slug]
    classes = f"node kind-{info.kind} level-{info.level}{' single' if item.kind == 'single' else ''}"
    classes += state(lit, item.slug) + (" current" if item.slug == highlight else "")
    tooltip = [info.name, f"{band.label.lower()} level"]
    muscles = [lower_first(anatomy.structures[m].name) for m in anatomy.tendon_muscles.get(item.slug, ())]
    if muscles and info.kind == "tendon":
        tooltip.append(f"the tendon of {join_words(muscles)}")
    elif muscles:
        tooltip.append(f"holds {join_words(muscles)}")
    box = (item.x, item.y, item.width, item.height)
    if item.kind == "single":
        lines = [(item.lines[0], None)]
        return linked_box(item.slug, classes, "; ".join(tooltip), box, item.height / 2, lines, pad_x=PILL_PAD)
    radius = 9 if info.kind == "muscle" else 3
    return linked_box(item.slug, classes, "; ".join(tooltip), box, radius, [(line, None) for line in item.lines])


def _band_words(band, anatomy):
    """What one band holds, in words: its whole sites by name, its singles named or counted."""
    structures = anatomy.structures
    words = [structures[item.slug].name for item in band.items if item.kind == "site"]
    singles = [item.slug for item in band.items if item.kind == "single"]
    if singles and not band.count:
        names = [structures[slug].name for slug in singles]
        if structures[singles[0]].kind == "root" and len(singles) > 2:
            words.insert(0, f"{short_root(names[0])} to {short_root(names[-1])}")
        elif len(singles) <= 6:
            words += [without_parentheses(name) for name in names]
        else:
            words.append(f"{len(singles)} single {SINGLE_KINDS[structures[singles[0]].kind][1]}")
    elif band.count:
        words += [structures[slug].name for slug in singles]
        words.append(band.counted)
    return f"{band.label.lower()} ({join_words(words)})" if words else band.label.lower()


def _description(bands, anatomy, highlight, lit):
    """What the picture shows, in words: read out by screen readers in place of the picture."""
    pathway = [_band_words(band, anatomy) for band in bands if not band.set_apart]
    apart = [_band_words(band, anatomy) for band in bands if band.set_apart]
    sentences = ""
    if pathway:
        sentences += f"Bands from top to bottom, the way the command travels: {'; '.join(pathway)}. "
    upper = [band.label.lower() for band in bands if band.neuron == "upper"]
    lower = [band.label.lower() for band in bands if band.neuron == "lower"]
    if upper:
        sentences += f"The {join_words(upper)} carry the upper motor neuron. "
    if lower:
        sentences += f"The {join_words(lower)} carry the lower motor neuron. "
    if apart:
        sentences += f"Set apart below: {'; '.join(apart)}. "
    sentences += "Every site links to its page."
    if lit is None:
        return sentences
    info = anatomy.structures[highlight]
    level = next(band.label.lower() for band in bands if band.level == info.level)
    return f"{sentences} Highlighted: {info.name}, in the {level} band; the other sites and levels are dimmed."
