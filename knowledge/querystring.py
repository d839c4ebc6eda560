"""The localizer page's query string, turned into a findings object and back.

The findings live in the URL (GET), so a result can be bookmarked or sent to a colleague. One
field per thing examined, left out (or empty) when it was not tested:

    movement.ankle-dorsiflexion=weak  movement.foot-inversion=normal
    area.dorsum-of-foot=loss          area.sole=normal
    reflex.ankle-jerk=reduced         pulse.dorsalis-pedis=present
    other.back-pain=absent            other.diabetes=present
    plantar=flexor  pain=none
(other=SLUG and absent=SLUG, which may repeat, are read too.)
"""

from knowledge.localizer import FindingsError

PREFIXES = {
    "movement": {"weak": "weak", "normal": "spared"},
    "area": {"loss": "sensory_loss", "normal": "sensory_normal"},
    "other": {"present": "other", "absent": "absent"},
}


def findings_from_query(query):
    """The findings object of a QueryDict; a bad value raises FindingsError. Parameters the form
    does not make are ignored, so that a shared link keeps working with whatever a newsletter or a
    messenger adds to it (utm_source=..., fbclid=...): the slugs and values of the form's own
    parameters are checked by validation, which names what is wrong."""
    findings = {}
    for key in query:
        values = [value for value in query.getlist(key) if value]
        if not values:
            continue
        prefix, dot, slug = key.partition(".")
        if dot and prefix in PREFIXES:
            value = values[-1]
            if value not in PREFIXES[prefix]:
                allowed = ", ".join(PREFIXES[prefix])
                raise FindingsError(f"bad value {value!r} for {prefix} '{slug}': allowed are {allowed}")
            findings.setdefault(PREFIXES[prefix][value], []).append(slug)
        elif dot and prefix in ("reflex", "pulse"):
            findings.setdefault(prefix + "es" if prefix == "reflex" else prefix + "s", {})[slug] = values[-1]
        elif key in ("plantar", "pain"):
            findings[key] = values[-1]
        elif key in ("other", "absent"):  # other=SLUG (as links made before other.SLUG=present)
            findings.setdefault(key, []).extend(values)
    return findings


def query_state(findings):
    """What each control of the form should show, from a findings object."""
    state = {}
    for slug in findings.get("weak", []):
        state[f"movement.{slug}"] = "weak"
    for slug in findings.get("spared", []):
        state[f"movement.{slug}"] = "normal"
    for slug in findings.get("sensory_loss", []):
        state[f"area.{slug}"] = "loss"
    for slug in findings.get("sensory_normal", []):
        state[f"area.{slug}"] = "normal"
    for slug, value in findings.get("reflexes", {}).items():
        state[f"reflex.{slug}"] = value
    for slug, value in findings.get("pulses", {}).items():
        state[f"pulse.{slug}"] = value
    for key in ("plantar", "pain"):
        if findings.get(key):
            state[key] = findings[key]
    for slug in findings.get("other", []):
        state[f"other.{slug}"] = "present"
    for slug in findings.get("absent", []):
        state[f"other.{slug}"] = "absent"
    return state
