"""The misconception map: the motor pathway, level by level from the brain to the artery, with
the sites the class chose wrongly drawn at their level, shaded by how many chose them. Drawn on
the server as SVG; the table beside it on the page carries the same figures for a screen reader."""

from html import escape

from knowledge.diagrams.draw import svg_open, text
from knowledge.diagrams.layout import number, text_width
from knowledge.models import Level

WIDTH, ROW, LABEL, PAD, GAP = 640, 34, 170, 8, 6


def misconception_map(anatomy, wrong_sites):
    """wrong_sites: [(structure, count)], most chosen first. Returns the SVG as a string."""
    most = max((count for _, count in wrong_sites), default=1)
    by_level = {}
    for structure, count in wrong_sites:
        by_level.setdefault(structure.level, []).append((structure, count))
    levels = [(value, label) for value, label in Level.choices]
    height = PAD * 2 + ROW * len(levels)
    summary = "; ".join(f"{structure.name}: {count}" for structure, count in wrong_sites[:10])
    parts = [
        svg_open(
            "pathway misconception-map",
            WIDTH,
            height,
            "misconception-map",
            "Where the class put the lesion wrongly, level by level from the brain to the artery",
            f"Wrong sites chosen at the first try, most chosen first: {summary}.",
        )
    ]
    for index, (value, label) in enumerate(levels):
        y = PAD + index * ROW
        parts.append(f'<g class="band level-{escape(value)}">')
        parts.append(f'<rect class="level-row" x="{PAD}" y="{y}" width="{WIDTH - 2 * PAD}" height="{ROW - 4}" rx="4"/>')
        parts.append(text(PAD * 2, y + (ROW - 4) / 2, label, "level-label"))
        x = LABEL
        for structure, count in by_level.get(value, []):
            name = f"{structure.name} ({count})"
            box = text_width(name) + 2 * GAP
            if x + box > WIDTH - PAD:
                break
            shade = 0.2 + 0.8 * count / most
            parts.append(
                f'<rect class="wrong-site" x="{number(x)}" y="{y + 3}" width="{number(box)}" height="{ROW - 10}"'
                f' rx="4" fill-opacity="{shade:.2f}"/>'
            )
            parts.append(text(x + GAP, y + (ROW - 4) / 2, name, "wrong-site-label"))
            x += box + GAP
        parts.append("</g>")
    parts.append("</svg>")
    return "".join(parts)
