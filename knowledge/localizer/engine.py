"""The localizer: from examination findings to ranked lesion sites, and from a site to its deficits.

Pure Python (standard library only; no Django), so it is fast and testable alone. The anatomy
comes in as plain data (`Anatomy`, built from the knowledge base by knowledge/graph.py); nothing
here knows any particular nerve or muscle. For each site the engine works out, from the graph,
what a lesion there produces (a `Profile`), then asks of every site the neurologist's question:
would a lesion here produce these findings, and nothing that contradicts them?

Each prediction carries two weights. `explain` is how well the site accounts for the finding
when it is present (1 = expected, 0.5 = compatible, e.g. a shared skin area or a reflex a diffuse
disease may lower). `contradict` is how strongly the opposite observation argues against the
site (1 = a prime mover that should be weak is spared; 0 = it may well be normal).

Score: a site that contradicts nothing scores 0.5 + 0.5 * coverage, one that contradicts
something 0.5 * coverage / (1 + contradiction weight), where coverage is the share of the
abnormal findings it explains. So every site consistent with the whole examination ranks above
every site that is contradicted, and within each group the one that explains most ranks first.
Ties go to the most specific site (the one whose lesion produces the fewest deficits: the
smallest lesion that explains everything), then to the order of the levels, then to the name.
"""

import math

from knowledge.localizer.data import (
    ANY_PATTERN,
    COMPATIBLE,
    EXPECTED,
    EXPECTED_SOFT,
    NO_PREDICTION,
    Candidate,
    Profile,
    Result,
)
from knowledge.localizer.findings import LEVELS, validate
from knowledge.localizer.sentences import join_words, lower_first

UPPER_MOTOR_NEURON_LEVELS = {"brain", "spinal-cord"}
# Levels whose lesions spare sensation: sensory loss argues against them.
PURE_MOTOR_LEVELS = {"anterior-horn", "neuromuscular-junction", "muscle", "tendon"}
LOWER_MOTOR_NEURON_LEVELS = {"anterior-horn", "root", "plexus", "peripheral-nerve"}


class Engine:
    """Holds the anatomy and the profile of every site, computed once."""

    def __init__(self, anatomy):
        self.anatomy = anatomy
        self.children = _children(anatomy)
        self.area_suppliers = {area: set() for area in anatomy.areas}
        for structure, areas in anatomy.areas_of.items():
            if anatomy.structures[structure].kind == "nerve":
                for area, _ in areas:
                    self.area_suppliers[area].add(structure)
        self.profiles = {slug: self._profile(slug) for slug in anatomy.structures}

    def downstream(self, slug):
        """The structure and everything that branches from it, continues it or belongs to it."""
        seen, stack = {slug}, [slug]
        while stack:
            for child in self.children.get(stack.pop(), ()):
                if child not in seen:
                    seen.add(child)
                    stack.append(child)
        return seen

    def _profile(self, slug):
        anatomy = self.anatomy
        name, kind, level = anatomy.structures[slug]
        profile = Profile(site=slug, name=name, level=level)
        profile.sensory_loss_contradicts = level in PURE_MOTOR_LEVELS
        if kind == "central":
            self._central(profile)
        elif kind == "root":
            self._root(profile)
        elif kind in ("plexus", "nerve"):
            self._nerve(profile, self.downstream(slug))
        elif kind == "muscle":
            self._muscles(profile, {slug}, whole_muscle=True)
            self._reflexes_of_muscles(profile, {slug}, "reduced")
        elif kind == "tendon":
            muscles = set(anatomy.tendon_muscles.get(slug, ()))
            self._muscles(profile, muscles, whole_muscle=False)
            self._reflexes_of_muscles(profile, muscles, "absent")
        elif kind == "artery":
            self._artery(profile)
        elif kind == "compartment":
            self._compartment(profile)
        for sign in anatomy.signs_of.get(slug, ()):
            profile.other[sign] = EXPECTED
        if level in LOWER_MOTOR_NEURON_LEVELS:
            profile.other.setdefault("atrophy", COMPATIBLE)
        for clue in anatomy.condition_clues.get(slug, ()):
            profile.other.setdefault(clue, COMPATIBLE)
        profile.pains = set(anatomy.condition_pains.get(slug, ()))
        return profile

    def _central(self, profile):
        anatomy, level = self.anatomy, profile.level
        if level == "peripheral-nerve":  # a diffuse neuropathy or polyradiculoneuropathy (Guillain-Barré):
            # weakness distal first (length-dependent) and proximal too in Guillain-Barré, so a spared
            # distal movement argues against it more than a spared proximal one
            for movement, region in anatomy.movements.items():
                profile.weak[movement] = EXPECTED if region == "distal" else EXPECTED_SOFT
            for reflex in anatomy.reflexes:
                profile.reflexes[reflex] = {"reduced": EXPECTED_SOFT}
            for area in anatomy.areas:
                profile.sensory[area] = COMPATIBLE
            return
        if level == "muscle":  # a diffuse myopathy: proximal more than distal
            for movement, region in anatomy.movements.items():
                profile.weak[movement] = EXPECTED if region == "proximal" else COMPATIBLE
            for reflex in anatomy.reflexes:
                profile.reflexes[reflex] = {"reduced": COMPATIBLE}
            return
        for movement in anatomy.movements:
            profile.weak[movement] = ANY_PATTERN
        if level in UPPER_MOTOR_NEURON_LEVELS:
            for reflex in anatomy.reflexes:
                profile.reflexes[reflex] = {"brisk": EXPECTED_SOFT}
            profile.plantar_extensor = EXPECTED_SOFT
            for area in anatomy.areas:
                profile.sensory[area] = COMPATIBLE
        elif level == "anterior-horn":  # motor neuron disease: lower and often upper motor neuron signs
            for reflex in anatomy.reflexes:
                profile.reflexes[reflex] = {"reduced": COMPATIBLE, "brisk": COMPATIBLE}
            profile.plantar_extensor = COMPATIBLE

    def _root(self, profile):
        anatomy, root = self.anatomy, profile.site
        for muscle, roots in anatomy.roots_of.items():
            if muscle not in anatomy.structures or anatomy.structures[muscle].kind != "muscle":
                continue
            for other_root, main in roots:
                if other_root == root:
                    self._muscles(profile, {muscle}, whole_muscle=False, soft=not main)
        for area, autonomous in anatomy.areas_of.get(root, ()):
            profile.sensory[area] = EXPECTED if autonomous else COMPATIBLE
        for reflex, arc in anatomy.reflexes.items():
            for other_root, main in arc["roots"]:
                if other_root == root:
                    profile.reflexes[reflex] = {"reduced": EXPECTED_SOFT if main else COMPATIBLE}

    def _nerve(self, profile, downstream, soft=False):
        """A nerve or plexus and all below it: its muscles, its skin and the reflexes it carries."""
        anatomy = self.anatomy
        muscles = {muscle for muscle, nerves in anatomy.nerves_of.items() if downstream.intersection(nerves)}
        self._muscles(profile, muscles, whole_muscle=False, soft=soft)
        for nerve in downstream:
            for area, autonomous in anatomy.areas_of.get(nerve, ()):
                # Skin is surely lost when this nerve supplies it alone, or when every nerve that
                # supplies it lies below the lesion; otherwise a neighbour may cover it.
                alone = autonomous or self.area_suppliers[area] <= downstream
                weights = COMPATIBLE if soft or not alone else EXPECTED
                profile.sensory[area] = max(profile.sensory.get(area, NO_PREDICTION), weights)
        for reflex, arc in anatomy.reflexes.items():
            if arc["nerve"] in downstream:
                profile.reflexes[reflex] = {"reduced": COMPATIBLE if soft else EXPECTED_SOFT}

    def _muscles(self, profile, muscles, whole_muscle, soft=False):
        """Weakness from the muscles affected: a movement they are prime movers of is expected to be
        weak (only compatible where the root is a minor supply). A movement a muscle merely assists
        is not counted (tibialis anterior's help with inversion does not make a peroneal palsy
        explain weak inversion), except when that single muscle is the site: then all its
        movements are expected, since nothing else is damaged to explain a weak one."""
        for muscle in muscles:
            for movement, prime in self.anatomy.actions_of.get(muscle, ()):
                if whole_muscle:
                    weights = EXPECTED if prime else EXPECTED_SOFT
                elif prime:
                    weights = COMPATIBLE if soft else EXPECTED
                else:
                    continue
                profile.weak[movement] = max(profile.weak.get(movement, NO_PREDICTION), weights)

    def _reflexes_of_muscles(self, profile, muscles, change):
        for reflex, arc in self.anatomy.reflexes.items():
            arc_muscles = set(arc["muscles"])
            if arc_muscles and arc_muscles <= muscles:
                profile.reflexes[reflex] = {change: EXPECTED_SOFT}
            elif arc_muscles & muscles:
                profile.reflexes[reflex] = {change: COMPATIBLE}

    def _compartment(self, profile):
        """Pressure in a closed fascial compartment starves what lies in it: its muscles are weak,
        the nerve that runs in it may fail below, and the pulses beyond it are usually kept (the
        arteries run at a pressure above the compartment's)."""
        muscles = set(self.anatomy.tendon_muscles.get(profile.site, ()))
        self._muscles(profile, muscles, whole_muscle=False)
        self._reflexes_of_muscles(profile, muscles, "reduced")
        for nerve in self.anatomy.nerves_of.get(profile.site, ()):
            self._nerve(profile, self.downstream(nerve), soft=True)

    def _artery(self, profile):
        """Ischaemia of everything the artery and the arteries it leads to supply: their muscles
        are weak, the nerves they feed may fail, and the pulses beyond the block are lost."""
        anatomy = self.anatomy
        arteries = self.downstream(profile.site)
        supplied = set()
        for artery in arteries:
            supplied.update(anatomy.supplies.get(artery, ()))
            for sign in anatomy.signs_of.get(artery, ()):
                profile.other[sign] = EXPECTED
        muscles = {slug for slug in supplied if anatomy.structures[slug].kind == "muscle"}
        nerves = {slug for slug in supplied if anatomy.structures[slug].kind == "nerve"}
        self._muscles(profile, muscles, whole_muscle=False)
        for nerve in nerves:
            self._nerve(profile, self.downstream(nerve), soft=True)
        for pulse, artery in anatomy.pulses.items():
            if artery in arteries:
                profile.pulses[pulse] = EXPECTED

    # --- Scoring ---------------------------------------------------------------------------------

    def localize(self, findings):
        """Rank every site that explains at least one abnormal finding."""
        clean = validate(findings, self.anatomy)
        positives = _positive_findings(clean)
        if not positives:
            return Result(candidates=[])
        judgements = [(profile, *_evaluate(profile, clean)) for profile in self.profiles.values()]
        weights = _informativeness(judgements, positives)
        candidates = [
            _candidate(profile, explained, contradicted, positives, weights)
            for profile, explained, contradicted in judgements
            if explained
        ]
        level_order = {level: index for index, level in enumerate(LEVELS)}
        candidates.sort(key=lambda c: (-c.score, c.size, level_order.get(c.level, 99), c.name))
        return Result(candidates=candidates)

    def assess(self, findings, site):
        """How one site fares against the findings, in the ranking's own terms (also when it
        explains nothing and so is not among the candidates)."""
        result = self.localize(findings)
        for candidate in result.candidates:
            if candidate.site == site:
                return candidate
        profile = self.profiles[site]
        clean = validate(findings, self.anatomy)
        explained, contradicted = _evaluate(profile, clean)
        positives = _positive_findings(clean)
        return _candidate(profile, explained, contradicted, positives, dict.fromkeys(positives, 1.0))

    def best_at_level(self, findings, level):
        """The best-ranked site of a level for the findings, or None when none explains any."""
        return next((c for c in self.localize(findings).candidates if c.level == level), None)

    def why(self, finding, site):
        """The anatomy behind a finding, as a clause: why a site does or does not account for it.

        'weak foot-inversion' -> 'foot inversion is the work of tibialis posterior (tibial nerve, L5)'.
        """
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

    def deficits(self, site):
        """The findings a complete lesion at the site produces (the reverse direction)."""
        if site not in self.profiles:
            raise KeyError(site)
        profile = self.profiles[site]
        findings = {
            "weak": [
                slug
                for slug in self.anatomy.movements
                if profile.weak.get(slug, NO_PREDICTION).explain >= ANY_PATTERN.explain
            ],
            "sensory_loss": _expected_or_else_compatible(profile.sensory, self.anatomy.areas),
            "reflexes": {},
            "other": [slug for slug in self.anatomy.other if profile.other.get(slug, NO_PREDICTION).explain == 1.0],
        }
        # No loss, or no rule for it: a cortical lesion's loss is not mapped onto the leg's areas, and a
        # diffuse neuropathy's varies from none (Guillain-Barré, often) to both feet.
        diffuse_nerves = profile.level == "peripheral-nerve" and self.anatomy.structures[site].kind == "central"
        if profile.level in PURE_MOTOR_LEVELS or profile.level == "brain" or diffuse_nerves:
            findings["sensory_loss"] = []
        for reflex in self.anatomy.reflexes:
            for change, weights in profile.reflexes.get(reflex, {}).items():
                if weights.explain == 1.0:
                    findings["reflexes"][reflex] = change
        if profile.plantar_extensor.explain == 1.0:
            findings["plantar"] = "extensor"
        if profile.pulses:
            findings["pulses"] = dict.fromkeys(profile.pulses, "absent")
        return {key: value for key, value in findings.items() if value}


def _expected_or_else_compatible(predictions, vocabulary):
    """The areas a lesion is expected to numb; where it is expected to numb none (its skin is all
    shared with neighbours, or a spinal cord lesion's level is unknown), those it may numb."""
    expected = [slug for slug in vocabulary if predictions.get(slug, NO_PREDICTION).explain >= ANY_PATTERN.explain]
    return expected or [slug for slug in vocabulary if slug in predictions]


def _children(anatomy):
    children = {}
    for mapping in (anatomy.plexus_of, anatomy.parent_of, anatomy.continues_as):
        for child, parent in mapping.items():
            if mapping is anatomy.continues_as:
                child, parent = parent, child
            children.setdefault(parent, set()).add(child)
    return children


def _positive_findings(clean):
    """The abnormal findings, as contract strings: the ones a site has to account for."""
    positives = [f"weak {slug}" for slug in clean["weak"]]
    positives += [f"sensory-loss {slug}" for slug in clean["sensory_loss"]]
    positives += [f"reflex {slug} {value}" for slug, value in clean["reflexes"].items() if value != "normal"]
    if clean["plantar"] == "extensor":
        positives.append("plantar extensor")
    if clean["pain"] in ("mild", "severe"):
        positives.append(f"pain {clean['pain']}")
    positives += [f"pulse {slug} {value}" for slug, value in clean["pulses"].items() if value != "present"]
    positives += [f"other {slug}" for slug in clean["other"]]
    return positives


def _informativeness(judgements, positives):
    """How much each abnormal finding says: 1 + ln(sites / sites that explain it). A sign only one
    level produces (fasciculations) outweighs a weak movement that twenty sites explain."""
    counts = dict.fromkeys(positives, 0)
    for _, explained, _ in judgements:
        for finding in explained:
            counts[finding] += 1
    total = len(judgements)
    return {finding: 1 + math.log(total / max(count, 1)) for finding, count in counts.items()}


def _evaluate(profile, clean):
    """What a site explains and what contradicts it: finding string -> weight, for each."""
    explained, contradicted = {}, {}

    for slug in clean["weak"]:
        if slug in profile.weak:
            explained[f"weak {slug}"] = profile.weak[slug].explain
    for slug in clean["spared"]:
        weight = profile.weak.get(slug, NO_PREDICTION).contradict
        if weight:
            contradicted[f"spared {slug}"] = weight

    for slug in clean["sensory_loss"]:
        if slug in profile.sensory:
            explained[f"sensory-loss {slug}"] = profile.sensory[slug].explain
        elif profile.sensory_loss_contradicts:
            contradicted[f"sensory-loss {slug}"] = 1.0
    for slug in clean["sensory_normal"]:
        weight = profile.sensory.get(slug, NO_PREDICTION).contradict
        if weight:
            contradicted[f"sensory-normal {slug}"] = weight

    for slug, value in clean["reflexes"].items():
        expected = profile.reflexes.get(slug, {})
        label = f"reflex {slug} {value}"
        if value in ("reduced", "absent"):
            lowered = expected.get("reduced") or expected.get("absent")
            if lowered:
                explained[label] = lowered.explain
            elif "brisk" in expected:
                contradicted[label] = expected["brisk"].contradict or 0.5
        elif value == "brisk":
            if "brisk" in expected:
                explained[label] = expected["brisk"].explain
            elif expected:
                contradicted[label] = 1.0
        else:  # normal
            weight = max((weights.contradict for weights in expected.values()), default=0.0)
            if weight:
                contradicted[label] = weight

    if clean["plantar"] == "extensor" and profile.plantar_extensor.explain:
        explained["plantar extensor"] = profile.plantar_extensor.explain
    elif clean["plantar"] == "flexor" and profile.plantar_extensor.contradict:
        contradicted["plantar flexor"] = profile.plantar_extensor.contradict

    pain = clean["pain"]
    if pain in ("mild", "severe") and (pain in profile.pains or "variable" in profile.pains):
        explained[f"pain {pain}"] = 0.5
    elif pain == "none" and profile.pains and profile.pains <= {"severe"}:
        contradicted["pain none"] = 0.5

    for slug, value in clean["pulses"].items():
        if slug in profile.pulses:
            if value == "present":
                contradicted[f"pulse {slug} present"] = profile.pulses[slug].contradict
            else:
                explained[f"pulse {slug} {value}"] = profile.pulses[slug].explain

    for slug in clean["other"]:
        if slug in profile.other:
            explained[f"other {slug}"] = profile.other[slug].explain

    return explained, contradicted


def _candidate(profile, explained, contradicted, positives, weights):
    coverage = sum(weight * weights[finding] for finding, weight in explained.items()) / sum(weights.values())
    contradiction = sum(contradicted.values())
    score = 0.5 + 0.5 * coverage if not contradiction else 0.5 * coverage / (1 + contradiction)
    return Candidate(
        site=profile.site,
        level=profile.level,
        name=profile.name,
        score=round(score, 4),
        explains=[finding for finding in positives if finding in explained],
        contradicted_by=list(contradicted),
        unexplained=[finding for finding in positives if finding not in explained],
        size=profile.size,
    )
