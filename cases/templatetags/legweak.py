from django import template

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
def percent(score):
    return f"{round(score * 100)}%"


@register.filter
def level_label(level):
    """'peripheral-nerve' -> 'Peripheral nerve'."""
    from cases.models import Level

    try:
        return Level(level).label
    except ValueError:
        return level
