"""What the diagrams beside the pathway share when drawn (the motor pathway, the arterial tree):
the <svg> element with its title and description, a node (a link around a box with its name),
the on/off state of a highlight, and short names. Pure Python, no Django; no inline style or
script (the site's Content-Security-Policy forbids both): geometry and classes only.
"""

import re
from html import escape

from knowledge.diagrams.layout import ANATOMY_URL, FONT_SIZE, LINE_HEIGHT, PAD_X, number


def state(lit, key):
    """ " on" or " off" for a class list while something is highlighted, "" otherwise."""
    if lit is None:
        return ""
    return " on" if key in lit else " off"


def svg_open(classes, width, height, id_prefix, title, desc):
    """The opening <svg> with its <title> and <desc>.

    role="group", not "img": an img's children are presentational, so the links inside would be
    focusable yet hidden from screen readers (axe's nested-interactive rule fails the page)."""
    prefix = escape(id_prefix)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{escape(classes)}"'
        f' viewBox="0 0 {number(width)} {number(height)}" role="group" aria-labelledby="{prefix}-title"'
        f' aria-describedby="{prefix}-desc" font-size="{FONT_SIZE}">'
        f'<title id="{prefix}-title">{escape(title)}</title>'
        f'<desc id="{prefix}-desc">{escape(desc)}</desc>'
    )


def linked_box(slug, classes, tooltip, box, radius, lines, line_height=LINE_HEIGHT, pad_x=PAD_X):
    """A link to the structure's page around a box with its name. `box` is (x, y, width, height);
    `lines` are (text, class or None), centred vertically in the box."""
    x, y, width, height = box
    first = y + (height - line_height * len(lines)) / 2 + line_height / 2
    spans = []
    for index, (line, css) in enumerate(lines):
        css_attribute = f' class="{escape(css)}"' if css else ""
        spans.append(
            f'<tspan x="{number(x + pad_x)}" y="{number(first + index * line_height)}"{css_attribute}>'
            f"{escape(line)}</tspan>"
        )
    return (
        f'<a href="{escape(ANATOMY_URL.format(slug=slug))}"><g class="{escape(classes)}">'
        f"<title>{escape(tooltip)}</title>"
        f'<rect x="{number(x)}" y="{number(y)}" width="{number(width)}" height="{number(height)}"'
        f' rx="{number(radius)}"/>'
        f'<text dominant-baseline="central">{"".join(spans)}</text></g></a>'
    )


def text(x, y, content, css, anchor=None, extra=""):
    """A line of text that is no link (headings, labels, counts)."""
    anchor_attribute = f' text-anchor="{anchor}"' if anchor else ""
    return (
        f'<text class="{escape(css)}" x="{number(x)}" y="{number(y)}" dominant-baseline="central"'
        f"{anchor_attribute}{extra}>{escape(content)}</text>"
    )


def without_parentheses(name):
    """'Common peroneal (fibular) nerve' -> 'Common peroneal nerve'."""
    return re.sub(r"\s*\([^)]*\)", "", name).strip() or name


def lower_first(name):
    """A name inside a sentence: 'Femoral nerve' -> 'femoral nerve', but 'L5 nerve root' stays."""
    return name[0].lower() + name[1:] if len(name) > 1 and name[1].islower() else name
