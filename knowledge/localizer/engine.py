"""The localizer: from examination findings to ranked lesion sites, and from a site to its deficits.

Pure Python (standard library only; no Django), so it is fast and testable alone. The anatomy
comes in as plain data (`Anatomy`, built from the knowledge base by knowledge/graph.py); nothing
here knows any particular nerve or muscle. `profiles` works out, from the graph, what a lesion at
each site (and at each segment of a nerve) produces; `scoring` weighs the examination against it
as graded evidence (docs/localizer.md, Ranking); this module ranks, explains and answers the
reverse question.
"""

from knowledge.localizer.data import ANY_PATTERN, NO_PREDICTION, Result
from knowledge.localizer.findings import LEVELS, validate
from knowledge.localizer.profiles import PURE_MOTOR_LEVELS, ProfileBuilder
from knowledge.localizer.scoring import candidate, informativeness, judge, normal_weights, positive_findings
from knowledge.localizer.sentences import join_words, lower_first

LEVEL_ORDER = {level: index for index, level in enumerate(LEVELS)}


class Engine:
    """Holds the anatomy and the profile of every site (and nerve segment), computed once."""

    def __init__(self, anatomy):
        self.anatomy = anatomy
        self.builder = ProfileBuilder(anatomy)
        self.profiles = {slug: self.builder.profile(slug) for slug in anatomy.structures}
        self.segments = {slug: self.builder.segments(slug) for slug in anatomy.course_of}
        self.segments = {slug: segments for slug, segments in self.segments.items() if segments}
        self._whys = {}

    def downstream(self, slug):
        return self.builder.downstream(slug)

    # --- Ranking ---------------------------------------------------------------------------------

    def localize(self, findings):
        """Rank every site that explains at least one abnormal finding; a nerve with segments is
        judged by the segment that fits best, which its candidate names."""
        clean = validate(findings, self.anatomy)
        positives = positive_findings(clean)
        if not positives:
            return Result(candidates=[])
        judgements = {slug: judge(profile, clean) for slug, profile in self.profiles.items()}
        weights = informativeness(judgements.values(), positives) | normal_weights(self.profiles.values(), clean)
        candidates = []
        for slug, profile in self.profiles.items():
            if not any(judgements[slug][0].values()):
                continue
            candidates.append(self._best(slug, profile, judgements[slug], positives, weights, clean))
        candidates.sort(key=_rank)
        return Result(candidates=candidates)

    def _best(self, slug, profile, judgement, positives, weights, clean):
        """The site's candidate, or that of its best-fitting segment."""

        def why(finding):
            return self.why(finding, slug)

        options = [
            candidate(segment, judge(segment, clean), positives, weights, clean, why)
            for segment in self.segments.get(slug, ())
        ]
        options = [option for option in options if option.explains]
        return min(options, key=_rank) if options else candidate(profile, judgement, positives, weights, clean, why)

    def assess(self, findings, site, segment=None):
        """How one site fares against the findings, in the ranking's own terms (also when it
        explains nothing and so is not among the candidates); with a segment, how a lesion at that
        segment of the nerve fares (KeyError for a segment the nerve does not have)."""
        result = self.localize(findings)
        for found in result.candidates:
            if found.site == site and (segment is None or (found.segment or {}).get("slug") == segment):
                return found
        clean = validate(findings, self.anatomy)
        positives = positive_findings(clean)
        weights = informativeness([judge(profile, clean) for profile in self.profiles.values()], positives)
        weights |= normal_weights(self.profiles.values(), clean)
        if segment is not None:
            profile = self.profile(site, segment)
            return candidate(profile, judge(profile, clean), positives, weights, clean, lambda f: self.why(f, site))
        return self._best(site, self.profiles[site], judge(self.profiles[site], clean), positives, weights, clean)

    def best_at_level(self, findings, level):
        """The best-ranked site of a level for the findings, or None when none explains any."""
        return next((c for c in self.localize(findings).candidates if c.level == level), None)

    def why(self, finding, site):
        """The anatomy behind a finding, as a clause: why a site does or does not account for it.

        'weak foot-inversion' -> 'foot inversion is the work of tibialis posterior (tibial nerve, L5)'.
        The anatomy is the same whatever the site, so each finding's clause is worked out once.
        """
        if finding not in self._whys:
            self._whys[finding] = self._why(finding)
        return self._whys[finding]

    def _why(self, finding):
        anatomy = self.anatomy
        kind, _, rest = finding.partition(" ")
        slug = rest.partition(" ")[0]
        name = lower_first
        if kind in ("weak", "spared"):
            movers = [muscle for muscle, actions in anatomy.actions_of.items() if (slug, True) in actions]
            if not movers:
                return ""
            parts = [f"{name(anatomy.structures[m].name)} ({self._supply(m)})" for m in movers]
            return f"{name(anatomy.labels[slug])} is the work of {join_words(parts)}"
        if kind in ("sensory-loss", "sensory-normal"):
            suppliers = [s for s, areas in anatomy.areas_of.items() if any(area == slug for area, _ in areas)]
            if not suppliers:
                return ""
            names = [name(anatomy.structures[s].name) for s in suppliers]
            return f"the skin of the {name(anatomy.labels[slug])} is supplied by {join_words(names)}"
        if kind == "reflex":
            arc = anatomy.reflexes.get(slug)
            if not arc:
                return ""
            roots = [anatomy.structures[r].name.split(" ")[0] for r, main in arc["roots"] if main]
            nerve = anatomy.structures[arc["nerve"]].name if arc["nerve"] else "its nerve"
            return f"the {name(anatomy.labels[slug])} runs through the {name(nerve)} and {'-'.join(roots)}"
        return ""

    def _supply(self, muscle):
        anatomy = self.anatomy
        nerves = [
            anatomy.structures[n].name
            for n in anatomy.nerves_of.get(muscle, ())
            if anatomy.structures[n].kind == "nerve"
        ]
        roots = [anatomy.structures[r].name.split(" ")[0] for r, main in anatomy.roots_of.get(muscle, ()) if main]
        return ", ".join([lower_first(nerve) for nerve in nerves] + ["-".join(roots)] if roots else nerves)

    def profile(self, site, segment=None):
        """The profile of a site, or of one segment of its nerve; KeyError when there is none."""
        if segment is None:
            return self.profiles[site]
        for profile in self.segments.get(site, ()):
            if profile.segment == segment:
                return profile
        raise KeyError(segment)

    def deficits(self, site, segment=None):
        """The findings a complete lesion at the site (or at that segment of its nerve) produces:
        the reverse direction."""
        profile = self.profile(site, segment)
        anatomy = self.anatomy
        findings = {
            "weak": [slug for slug in anatomy.movements if profile.weak.get(slug, NO_PREDICTION).explain >= 1.0],
            "sensory_loss": _expected_or_else_compatible(profile.sensory, anatomy.areas),
            "reflexes": {},
            "other": [slug for slug in anatomy.other if profile.other.get(slug, NO_PREDICTION).explain == 1.0],
        }
        if not findings["weak"]:  # central and diffuse sites can weaken anything: all they may weaken
            findings["weak"] = [
                slug
                for slug in anatomy.movements
                if profile.weak.get(slug, NO_PREDICTION).explain >= ANY_PATTERN.explain
            ]
        # No loss, or no rule for it: a cortical lesion's loss is not mapped onto the leg's areas, a
        # diffuse neuropathy's varies from none (Guillain-Barre, often) to both feet, and functional
        # weakness follows no anatomy.
        central = anatomy.structures[site].kind == "central"
        if (
            profile.level in PURE_MOTOR_LEVELS
            or profile.level in ("brain", "functional")
            or (central and profile.level == "peripheral-nerve")
        ):
            findings["sensory_loss"] = [
                area for area in findings["sensory_loss"] if profile.sensory[area].explain == 1.0
            ]
        for reflex in anatomy.reflexes:
            for change, prediction in profile.reflexes.get(reflex, {}).items():
                if prediction.explain == 1.0:
                    findings["reflexes"][reflex] = change
        if profile.plantar_extensor.explain == 1.0:
            findings["plantar"] = "extensor"
        if profile.pulses:
            findings["pulses"] = dict.fromkeys(profile.pulses, "absent")
        return {key: value for key, value in findings.items() if value}


def _rank(found):
    """Weakness first, then score, then the most specific site, the level order and the name."""
    return (found.tier, -found.score, found.size, LEVEL_ORDER.get(found.level, 99), found.name)


def _expected_or_else_compatible(predictions, vocabulary):
    """The areas a lesion is expected to numb; where it is expected to numb none (its skin is all
    shared with neighbours, or a spinal cord lesion's level is unknown), those it may numb."""
    expected = [slug for slug in vocabulary if predictions.get(slug, NO_PREDICTION).explain >= ANY_PATTERN.explain]
    return expected or [slug for slug in vocabulary if slug in predictions]
