"""An open site step: the learner picks any site of the pathway, or a segment of a nerve's course,
and the verdict is worked out from the case's own examination by the localizer.

- right: the correct option's site (with its segment, or with none named); accepted: a site the
  case accepts because the examination cannot tell it from the correct one;
- close: the right nerve at another segment, a site of the right level that explains some of the
  findings, or a neighbour (a site of the level next to the right one) that the localizer ranks
  among its first three for this examination, nearly as high as the first;
- wrong: anything else.

A pick is written "site" or "site/segment" in forms (slugs hold no slash).
"""

from dataclasses import dataclass

from knowledge.diagrams.draw import without_parentheses
from knowledge.diagrams.motor import PATHWAY_LEVELS, SINGLE_KINDS, short_label
from knowledge.models import Level

SEPARATOR = "/"
LEVEL_ORDER = {level: index for index, level in enumerate(Level.values)}
NEURON_OF = {level: neuron for level, _, neuron in PATHWAY_LEVELS if neuron}
SET_APART = {"compartment", "tendon", "artery", "functional"}
NEAR_THE_TOP = 3  # a site among the localizer's first three...
NEAR_THE_SCORE = 0.1  # ...and within this of the first one's score counts as close


@dataclass(frozen=True)
class Pick:
    site: str
    segment: str = ""

    @property
    def value(self):
        return f"{self.site}{SEPARATOR}{self.segment}" if self.segment else self.site


@dataclass
class Verdict:
    kind: str  # "right", "accepted", "close" or "wrong"
    option: object  # the case's option for the pick, or None
    why_close: str = ""

    @property
    def counts_as_right(self):
        return self.kind in ("right", "accepted")


def with_segment(name, segment_name):
    """'Common peroneal (fibular) nerve' and 'At the fibular head' -> '..., at the fibular head'."""
    return f"{name}, {segment_name[:1].lower()}{segment_name[1:]}" if segment_name else name


def parse_pick(value, engine):
    """The Pick a form value names, or None when it names no site (or no segment) of the pathway."""
    site, _, segment = (value or "").partition(SEPARATOR)
    info = engine.anatomy.structures.get(site)
    if info is None or not info.level:
        return None
    if segment and segment not in {profile.segment for profile in engine.segments.get(site, ())}:
        return None
    return Pick(site, segment)


def pickable(engine):
    """Every site a learner may pick, by level in the pathway's order, for the diagram and the list:

    [{"level", "label", "neuron": "upper", "lower" or "", "set_apart": bool,
      "sites": [{"value", "name", "short", "segment": bool}]}]

    What lies around the muscle (compartments, the tendon, the arteries) and functional weakness
    (no lesion) are set apart, as on the reference's motor pathway.

    a nerve with segments is followed by one entry per segment."""
    anatomy = engine.anatomy
    groups = []
    for level, label in Level.choices:
        sites = []
        for slug, info in anatomy.structures.items():
            if info.level != level:
                continue
            short = short_label(info) if info.kind in SINGLE_KINDS else without_parentheses(info.name)
            sites.append({"value": slug, "name": info.name, "short": short, "segment": False})
            for item in anatomy.course_of.get(slug, ()):
                if item.get("segment"):
                    name = with_segment(info.name, item["name"])
                    value = f"{slug}{SEPARATOR}{item['segment']}"
                    sites.append({"value": value, "name": name, "short": item["name"], "segment": True})
        if sites:
            set_apart = level in SET_APART
            neuron = NEURON_OF.get(level, "")
            groups.append({"level": level, "label": label, "neuron": neuron, "set_apart": set_apart, "sites": sites})
    return groups


def matching_option(options, pick):
    """The case's option for a pick: same site, and no segment that disagrees."""
    for option in options:
        same_site = option.structure_id and option.structure.slug == pick.site
        if same_site and (not option.segment or not pick.segment or option.segment == pick.segment):
            return option
    return None


def judge(engine, findings, options, pick):
    """The Verdict on a pick, from the step's options and the case's findings."""
    option = matching_option(options, pick)
    if option is not None and option.counts_as_right:
        return Verdict("accepted" if option.accepted else "right", option)
    correct = next(option for option in options if option.correct)
    if correct.structure.slug == pick.site:
        return Verdict("close", option, "The right nerve, but not this part of its course.")
    level = engine.anatomy.structures[pick.site].level
    found = engine.assess(findings, pick.site, pick.segment or None)
    if level == correct.structure.level and found.explains:
        return Verdict("close", option, "At the right level, and it explains some of the findings.")
    ranked = engine.localize(findings).candidates
    first = list(dict.fromkeys(found.site for found in ranked))[:NEAR_THE_TOP]
    near = found.tier == ranked[0].tier and found.score >= ranked[0].score - NEAR_THE_SCORE
    if pick.site in first and near and abs(LEVEL_ORDER[level] - LEVEL_ORDER[correct.structure.level]) <= 1:
        return Verdict("close", option, "Among the sites that fit this examination best, but not the one.")
    return Verdict("wrong", option)
