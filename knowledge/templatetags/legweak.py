import markdown as markdown_library
import nh3
from django import template
from django.utils.safestring import mark_safe

from knowledge import crosslinks
from knowledge.models import Level

register = template.Library()


@register.filter
def get(mapping, key):
    """{{ state|get:"movement.hip-flexion" }}: a dictionary look-up by a computed key."""
    return mapping.get(key, "") if mapping else ""


@register.simple_tag
def join_key(*parts):
    """{% join_key "movement" slug as key %}: build a dotted key."""
    return ".".join(str(part) for part in parts)


@register.filter
def weight_size(weight):
    """-1.25 -> 1.25: the size of a weight shown after its sign."""
    return abs(weight)


@register.filter
def words(slug):
    """'foot-drop' -> 'foot drop'."""
    return str(slug).replace("-", " ")


@register.filter
def percent(score):
    return f"{round(score * 100)}%"


@register.filter
def level_label(level):
    """'peripheral-nerve' -> 'Peripheral nerve'."""
    try:
        return Level(level).label
    except ValueError:
        return level


MARKDOWN_TAGS = {"p", "em", "strong", "ul", "ol", "li", "a", "code", "blockquote", "br", "h3", "h4"}


@register.filter
def markdown(text):
    """Authored Markdown as safe HTML: rendered, then sanitized (no raw HTML, scripts, styles or
    event attributes survive; links keep only their address and open nothing in our origin)."""

    html = markdown_library.markdown(text or "", output_format="html")
    clean = nh3.clean(
        html,
        tags=MARKDOWN_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(clean)


# The body map: the right leg from the front and from behind, one region per area of the
# localizer's vocabulary. Coordinates in a 360 x 470 box; the patient's right leg seen from the
# front has its lateral side on the viewer's left, and seen from behind on the viewer's right.
# The saddle (the perineum and the skin around the anus, S3-S5) lies on the medial side of the
# back view, against the buttock crease and the top of the back of the thigh.
BODY_MAP_REGIONS = [
    ("groin", "M30,30 L150,30 L150,48 L92,60 L30,64 Z"),
    ("lateral-thigh", "M30,64 L62,61 L70,222 L44,222 Z"),
    ("anterior-thigh", "M62,61 L116,53 L110,222 L70,222 Z"),
    ("medial-thigh", "M116,53 L150,48 L136,222 L110,222 Z"),
    ("lateral-leg", "M50,250 L88,250 L88,402 L64,402 Z"),
    ("medial-leg", "M88,250 L130,250 L116,402 L88,402 Z"),
    ("dorsum-of-foot", "M62,402 L118,402 L132,440 L48,440 Z"),
    ("first-web-space", "M96,440 L110,440 L103,458 Z"),
    ("buttock", "M210,30 L330,30 L336,100 L204,100 Z"),
    ("posterior-thigh", "M204,100 L336,100 L318,232 L222,232 Z"),
    ("saddle", "M207.6,58 L204,100 L206.5,118 L197,130 L181,124 L175,96 L184,68 Z"),
    ("sole", "M238,414 L300,414 L296,458 L244,458 Z"),
    ("lateral-foot", "M300,414 L316,414 L310,458 L296,458 Z"),
]
# Parts of the outline that belong to no area of the vocabulary (knee, calf, toes).
BODY_MAP_OUTLINE = [
    "M44,222 L136,222 L130,250 L50,250 Z",
    "M48,440 L96,440 L103,458 L110,440 L132,440 L132,458 L48,458 Z",
    "M222,232 L318,232 L300,404 L240,404 Z",
]
# Regions off the outline of the leg, each with a word beside it, (x, y, word) on the right leg:
# drawn only when the vocabulary has the area.
BODY_MAP_DETACHED = {"saddle": (186, 142, "saddle")}


@register.inclusion_tag("knowledge/_body_map.html")
def body_map(lost, normal, labels, caption, clickable=False, side="right"):
    """The body map with the areas of sensory loss shaded and the tested-normal areas marked. The
    drawing is of a right leg; a left leg is its mirror image (front and back views swap places).
    An area the vocabulary (`labels`) does not have is not one to mark: a part of the leg is drawn
    as outline, a region off the leg (the saddle) not at all."""
    regions = [
        {
            "slug": slug,
            "path": path,
            "label": labels[slug],
            "state": "lost" if slug in lost else "normal" if slug in normal else "untested",
        }
        for slug, path in BODY_MAP_REGIONS
        if slug in labels
    ]
    left = side == "left"
    notes = [
        {"x": 360 - x if left else x, "y": y, "text": text}
        for slug, (x, y, text) in BODY_MAP_DETACHED.items()
        if slug in labels
    ]
    unknown = [path for slug, path in BODY_MAP_REGIONS if slug not in labels and slug not in BODY_MAP_DETACHED]
    return {
        "regions": regions,
        "outline": BODY_MAP_OUTLINE + unknown,
        "notes": notes,
        "caption": caption,
        "clickable": clickable,
        "left": left,
    }


@register.filter
def crosslink(text, current_path=""):
    """Plain text with the structures and conditions it names linked (not to the current page)."""
    return crosslinks.crosslink_text(text or "", current_path)


@register.filter
def crosslink_html(html, current_path=""):
    """Sanitized HTML (from |markdown) with the structures and conditions it names linked."""
    return crosslinks.crosslink_html(html or "", current_path)
