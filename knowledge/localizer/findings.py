"""The findings an examination gives the localizer (see docs/localizer.md): the vocabulary of
keys and values, and the check that turns a findings object into normal form or names its fault."""

LEVELS = [
    "brain",
    "spinal-cord",
    "anterior-horn",
    "root",
    "plexus",
    "peripheral-nerve",
    "neuromuscular-junction",
    "muscle",
    "compartment",
    "tendon",
    "artery",
    "functional",
]
FINDING_KEYS = [
    "weak", "spared", "sensory_loss", "sensory_normal", "reflexes", "plantar", "pain", "pulses", "other", "absent",
]  # fmt: skip
REFLEX_VALUES = ["normal", "reduced", "absent", "brisk"]
PLANTAR_VALUES = ["flexor", "extensor"]
PAIN_VALUES = ["none", "mild", "severe"]
PULSE_VALUES = ["present", "reduced", "absent"]


class FindingsError(ValueError):
    """Findings that do not follow the contract: the message names the key or slug at fault."""


def validate(findings, anatomy):
    """Return the findings in normal form, or raise FindingsError naming what is wrong."""
    if not isinstance(findings, dict):
        raise FindingsError(f"findings must be a JSON object with keys among: {', '.join(FINDING_KEYS)}")
    for key in findings:
        if key not in FINDING_KEYS:
            raise FindingsError(f"unknown key '{key}': allowed keys are {', '.join(FINDING_KEYS)}")
    areas, other = set(anatomy.areas), set(anatomy.other)
    clean = {
        "weak": _slug_list(findings, "weak", anatomy.movements, "movement"),
        "spared": _slug_list(findings, "spared", anatomy.movements, "movement"),
        "sensory_loss": _slug_list(findings, "sensory_loss", areas, "area"),
        "sensory_normal": _slug_list(findings, "sensory_normal", areas, "area"),
        "reflexes": _value_map(findings, "reflexes", anatomy.reflexes, "reflex", REFLEX_VALUES),
        "pulses": _value_map(findings, "pulses", anatomy.pulses, "pulse", PULSE_VALUES),
        "other": _slug_list(findings, "other", other, "finding"),
        "absent": _slug_list(findings, "absent", other, "finding"),
        "plantar": _value(findings, "plantar", PLANTAR_VALUES),
        "pain": _value(findings, "pain", PAIN_VALUES),
    }
    pairs = (("weak", "spared", "movement"), ("sensory_loss", "sensory_normal", "area"), ("other", "absent", "finding"))
    for first, second, what in pairs:
        both = sorted(set(clean[first]) & set(clean[second]))
        if both:
            raise FindingsError(f"{what} '{both[0]}' is in both '{first}' and '{second}': it can only be one")
    # In the vocabulary's order, whatever order they came in (a JSON object's keys have none that
    # PostgreSQL keeps), so that the same findings always read the same.
    for key, vocabulary in (
        ("weak", anatomy.movements), ("spared", anatomy.movements), ("sensory_loss", anatomy.areas),
        ("sensory_normal", anatomy.areas), ("other", anatomy.other), ("absent", anatomy.other),
    ):  # fmt: skip
        order = {slug: index for index, slug in enumerate(vocabulary)}
        clean[key] = sorted(clean[key], key=order.__getitem__)
    for key, vocabulary in (("reflexes", anatomy.reflexes), ("pulses", anatomy.pulses)):
        clean[key] = {slug: clean[key][slug] for slug in vocabulary if slug in clean[key]}
    return clean


def _slug_list(findings, key, known, what):
    value = findings.get(key, [])
    if not isinstance(value, list):
        raise FindingsError(f"'{key}' must be a list of {what} slugs")
    for slug in value:
        if not isinstance(slug, str) or slug not in known:
            allowed = ", ".join(sorted(known))
            raise FindingsError(f"unknown {what} '{slug}' in '{key}': allowed are {allowed}")
    return list(dict.fromkeys(value))


def _value_map(findings, key, known, what, values):
    value = findings.get(key, {})
    if not isinstance(value, dict):
        raise FindingsError(f"'{key}' must be an object mapping {what} slugs to one of {', '.join(values)}")
    for slug, state in value.items():
        if slug not in known:
            raise FindingsError(f"unknown {what} '{slug}' in '{key}': allowed are {', '.join(sorted(known))}")
        if state not in values:
            raise FindingsError(f"bad value {state!r} for {what} '{slug}' in '{key}': allowed are {', '.join(values)}")
    return dict(value)


def _value(findings, key, values):
    value = findings.get(key)
    if value is None:
        return None
    if value not in values:
        raise FindingsError(f"bad value {value!r} for '{key}': allowed are {', '.join(values)}")
    return value


# --- Profiles: what a lesion at each site produces -----------------------------------------------
