"""What a lesion at each site produces (a `Profile`), worked out from the anatomy graph: no site is
written here by name. Each prediction carries its strength (see data.Prediction and the Ranking
section of docs/localizer.md): how reliably the lesion produces the finding, and how much the
opposite observation argues against it.

The strengths follow from the knowledge base:
- a muscle's weakness: 1 when the site is the muscle's only main supply (its nerve, or its one main
  root); shared by k main roots, each root carries 1/k of it; a minor root, a little;
- a movement: weak when any of its prime movers is, and spared against the site in proportion to
  the share of its prime movers the site affects (the femoral nerve takes iliacus but not psoas,
  so it explains weak hip flexion and is only half contradicted by a spared one);
- skin: expected where the site supplies it alone (an autonomous area), compatible where a
  neighbour shares it; a root's dermatome is often spared by overlap, so normal skin argues only
  a little against a root;
- a reflex: expected to fall when the site carries the arc's main root or its nerve; when its
  reliability is low (the medial hamstring jerk, often normal in L5 lesions), a normal one argues
  only a little against the root.
"""

from knowledge.localizer.data import (
    ANY_PATTERN,
    COMPATIBLE,
    EXPECTED,
    EXPECTED_SOFT,
    NO_PREDICTION,
    Prediction,
    Profile,
)

UPPER_MOTOR_NEURON_LEVELS = {"brain", "spinal-cord"}
# Levels whose lesions spare sensation: sensory loss argues against them.
PURE_MOTOR_LEVELS = {"anterior-horn", "neuromuscular-junction", "muscle", "tendon"}
LOWER_MOTOR_NEURON_LEVELS = {"anterior-horn", "root", "plexus", "peripheral-nerve"}
# A root's dermatome is often spared by the overlap of its neighbours.
DERMATOME = Prediction(1.0, 0.3)
# A reflex often normal although its main root is damaged (the medial hamstring jerk in L5 lesions).
UNRELIABLE_REFLEX = Prediction(1.0, 0.15)
# Weak proximal muscles fit a diffuse neuropathy (Guillain-Barre), strong ones do not argue against
# it (a length-dependent polyneuropathy spares them for years).
PROXIMAL_IN_NEUROPATHY = Prediction(1.0, 0.0)
# Several nerves failing separately (mononeuritis multiplex): any movement may be weak and any skin numb,
# none need be,
# and a focal pattern is better explained by the one nerve that produces exactly it.
MULTIFOCAL = Prediction(0.75, 0.0)
# Other findings of the whole patient, by level, for sites whose own data say nothing of them.
# "diffuse" is a central site of the level (a myopathy, a polyneuropathy), "multifocal" a central site
# of several separate nerves, "focal" any other.
WHOLE_PATIENT = {
    "other-leg-weak": {
        ("spinal-cord", "diffuse"), ("anterior-horn", "diffuse"), ("root", "diffuse"),
        ("peripheral-nerve", "diffuse"), ("peripheral-nerve", "multifocal"), ("neuromuscular-junction", "diffuse"),
        ("muscle", "diffuse"), ("functional", "diffuse"),
    },
    "same-side-arm-weak": {
        ("brain", "diffuse"), ("anterior-horn", "diffuse"), ("peripheral-nerve", "diffuse"),
        ("peripheral-nerve", "multifocal"),
        ("neuromuscular-junction", "diffuse"), ("muscle", "diffuse"), ("functional", "diffuse"),
    },
    "same-side-face-weak": {("neuromuscular-junction", "diffuse"), ("peripheral-nerve", "diffuse")},
    "sudden-onset": {
        ("brain", "diffuse"), ("artery", "focal"), ("tendon", "focal"), ("peripheral-nerve", "multifocal"),
    },
    "cold-pale-limb": {("artery", "focal")},
    "walking-brings-on-symptoms": {("root", "focal"), ("root", "diffuse"), ("artery", "focal")},
    "relief-on-bending-forward": {("root", "focal"), ("root", "diffuse")},
    "cancer-history": {("spinal-cord", "diffuse"), ("plexus", "focal"), ("root", "diffuse")},
}  # fmt: skip


class ProfileBuilder:
    """Works out every site's profile, and each segment's for a nerve with a course."""

    def __init__(self, anatomy):
        self.anatomy = anatomy
        self.children = _children(anatomy)
        self.area_suppliers = {area: set() for area in anatomy.areas}
        for structure, areas in anatomy.areas_of.items():
            if anatomy.structures[structure].kind == "nerve":
                for area, _ in areas:
                    self.area_suppliers[area].add(structure)
        self.prime_movers = {}
        for muscle, actions in anatomy.actions_of.items():
            for movement, prime in actions:
                if prime:
                    self.prime_movers.setdefault(movement, set()).add(muscle)

    def downstream(self, slug):
        """The structure and everything that branches from it, continues it or belongs to it."""
        seen, stack = {slug}, [slug]
        while stack:
            for child in self.children.get(stack.pop(), ()):
                if child not in seen:
                    seen.add(child)
                    stack.append(child)
        return seen

    # --- Profiles ------------------------------------------------------------------------------

    def profile(self, slug):
        anatomy = self.anatomy
        name, kind, level = anatomy.structures[slug]
        profile = Profile(site=slug, name=name, level=level)
        profile.sensory_loss_contradicts = level in PURE_MOTOR_LEVELS
        if kind == "central":
            self._central(profile)
        elif kind == "root":
            self._root(profile, {slug})
        elif kind in ("plexus", "nerve"):
            self._nerve(profile, self.downstream(slug))
        elif kind == "muscle":
            self._muscles(profile, {slug: 1.0}, whole_muscle=True)
            self._reflexes_of_muscles(profile, {slug}, "reduced")
        elif kind == "tendon":
            muscles = set(anatomy.tendon_muscles.get(slug, ()))
            self._muscles(profile, dict.fromkeys(muscles, 1.0))
            self._reflexes_of_muscles(profile, muscles, "absent")
        elif kind == "artery":
            self._artery(profile)
        elif kind == "compartment":
            self._compartment(profile)
        self._finish(profile, kind)
        return profile

    def segments(self, slug):
        """The profiles of a nerve's segments, proximal to distal (none for a nerve without a
        course): a lesion in a segment spares the branches that leave above it."""
        course = self.anatomy.course_of.get(slug, [])
        profiles, above = [], set()
        for item in course:
            if "branches" in item:
                above.update(item["branches"])
                continue
            name, kind, level = self.anatomy.structures[slug]
            profile = Profile(site=slug, name=name, level=level, segment=item["segment"], segment_name=item["name"])
            spared = set().union(*(self.downstream(branch) for branch in above)) if above else set()
            self._nerve(profile, self.downstream(slug) - spared, spared_muscles=spared)
            self._finish(profile, kind)
            profiles.append(profile)
        return profiles

    def _finish(self, profile, kind):
        anatomy, slug, level = self.anatomy, profile.site, profile.level
        extent = "focal" if kind != "central" else "multifocal" if slug in anatomy.multifocal else "diffuse"
        for finding, where in WHOLE_PATIENT.items():
            if (level, extent) in where:
                profile.other.setdefault(finding, COMPATIBLE)
        for sign in anatomy.signs_of.get(slug, ()):
            profile.other[sign] = EXPECTED_SOFT
        if level in LOWER_MOTOR_NEURON_LEVELS:
            profile.other.setdefault("atrophy", COMPATIBLE)
        for clue in anatomy.condition_clues.get(slug, ()):
            profile.other.setdefault(clue, COMPATIBLE)
        profile.pains = set(anatomy.condition_pains.get(slug, ()))

    def _central(self, profile):
        anatomy, level = self.anatomy, profile.level
        own_roots = {root for root, _ in anatomy.roots_of.get(profile.site, ())}
        for area, autonomous in anatomy.areas_of.get(profile.site, ()):
            profile.sensory[area] = EXPECTED if autonomous else COMPATIBLE
        if level == "functional":  # no lesion: any pattern, but every sign of a structural one argues against it
            for movement in anatomy.movements:
                profile.weak[movement] = COMPATIBLE  # weakness alone says little; its positive signs say much
            for area in anatomy.areas:
                profile.sensory.setdefault(area, COMPATIBLE)  # often, and in no anatomical pattern
            profile.organic_contradicts = True
            return
        if level == "root":  # several roots together (the cauda equina): any of their muscles, often patchy
            self._root(profile, own_roots, strength=0.3)
            return
        if profile.site in anatomy.multifocal:  # several nerves, each failing on its own: any one nerve's pattern
            for movement in anatomy.movements:
                profile.weak[movement] = MULTIFOCAL
            for area in anatomy.areas:
                profile.sensory.setdefault(area, MULTIFOCAL)
            for reflex in anatomy.reflexes:
                profile.reflexes[reflex] = {"reduced": COMPATIBLE}
            profile.needs_one_of = frozenset({"other other-leg-weak", "other same-side-arm-weak"})
            return
        if level == "peripheral-nerve":  # a diffuse neuropathy: distal first, proximal too in Guillain-Barre
            for movement, region in anatomy.movements.items():
                profile.weak[movement] = EXPECTED if region == "distal" else PROXIMAL_IN_NEUROPATHY
            for reflex in anatomy.reflexes:
                profile.reflexes[reflex] = {"reduced": EXPECTED_SOFT}
            for area in anatomy.areas:
                profile.sensory.setdefault(area, COMPATIBLE)
            return
        if level == "muscle":  # a diffuse myopathy: proximal more than distal
            for movement, region in anatomy.movements.items():
                profile.weak[movement] = EXPECTED if region == "proximal" else COMPATIBLE
            for reflex in anatomy.reflexes:
                profile.reflexes[reflex] = {"reduced": COMPATIBLE}
            return
        for movement in anatomy.movements:
            profile.weak[movement] = ANY_PATTERN
        if level in UPPER_MOTOR_NEURON_LEVELS and own_roots:
            # The lumbosacral enlargement or the conus: its own segments' lower motor neurons and
            # roots fail too (their muscles weak, their dermatomes numb), so the signs are mixed.
            self._root(profile, own_roots, strength=0.3)
            for reflex, arc in anatomy.reflexes.items():
                lowered = any(root in own_roots for root, _ in arc["roots"])
                profile.reflexes[reflex] = {"brisk": COMPATIBLE, **({"reduced": COMPATIBLE} if lowered else {})}
            profile.plantar_extensor = COMPATIBLE
        elif level in UPPER_MOTOR_NEURON_LEVELS:
            for reflex in anatomy.reflexes:
                profile.reflexes[reflex] = {"brisk": EXPECTED_SOFT}
            profile.plantar_extensor = EXPECTED_SOFT
        elif level == "anterior-horn":  # motor neuron disease: lower and often upper motor neuron signs
            for reflex in anatomy.reflexes:
                profile.reflexes[reflex] = {"reduced": COMPATIBLE, "brisk": COMPATIBLE}
            profile.plantar_extensor = COMPATIBLE
        if level in UPPER_MOTOR_NEURON_LEVELS:
            for area in anatomy.areas:
                profile.sensory.setdefault(area, COMPATIBLE)

    def _root(self, profile, roots, strength=None):
        """One root (or several together): the muscles whose main supply it is, its dermatome and the
        reflexes whose arc it carries. `strength` caps how strongly a spared movement argues against
        several roots, which rarely fail all at once."""
        anatomy = self.anatomy
        muscles = {}
        for muscle, supply in anatomy.roots_of.items():
            if muscle not in anatomy.structures or anatomy.structures[muscle].kind != "muscle":
                continue
            main = [root for root, is_main in supply if is_main] or [root for root, _ in supply]
            share = sum(1 for root in main if root in roots) / len(main)
            minor = any(root in roots for root, is_main in supply if not is_main)
            if share or minor:
                muscles[muscle] = share if share else 0.25
        self._muscles(profile, muscles)
        if strength is not None:
            for movement, prediction in profile.weak.items():
                profile.weak[movement] = Prediction(prediction.explain, min(prediction.contradict, strength))
        for root in roots:
            for area, autonomous in anatomy.areas_of.get(root, ()):
                profile.sensory[area] = max(
                    profile.sensory.get(area, NO_PREDICTION), DERMATOME if autonomous else COMPATIBLE
                )
        for reflex, arc in anatomy.reflexes.items():
            for root, main in arc["roots"]:
                if root in roots:
                    prediction = (
                        (EXPECTED_SOFT if arc.get("reliable", True) else UNRELIABLE_REFLEX) if main else COMPATIBLE
                    )
                    profile.reflexes[reflex] = {
                        "reduced": max(profile.reflexes.get(reflex, {}).get("reduced", NO_PREDICTION), prediction)
                    }

    def _nerve(self, profile, downstream, soft=False, spared_muscles=()):
        """A nerve or plexus and all below it: its muscles, its skin and the reflexes it carries."""
        anatomy = self.anatomy
        muscles = {
            muscle: 1.0
            for muscle, nerves in anatomy.nerves_of.items()
            if downstream.intersection(nerves) and muscle not in spared_muscles
        }
        self._muscles(profile, muscles, soft=soft)
        for nerve in downstream:
            for area, autonomous in anatomy.areas_of.get(nerve, ()):
                # Skin is surely lost when this nerve supplies it alone, or when every nerve that
                # supplies it lies below the lesion; otherwise a neighbour may cover it.
                alone = autonomous or self.area_suppliers[area] <= downstream
                prediction = COMPATIBLE if soft or not alone else EXPECTED
                profile.sensory[area] = max(profile.sensory.get(area, NO_PREDICTION), prediction)
        for reflex, arc in anatomy.reflexes.items():
            arc_muscles = set(arc["muscles"])
            if arc["nerve"] in downstream and not (arc_muscles and arc_muscles <= set(spared_muscles)):
                profile.reflexes[reflex] = {"reduced": COMPATIBLE if soft else EXPECTED_SOFT}

    def _muscles(self, profile, muscles, whole_muscle=False, soft=False):
        """Weakness from the muscles affected (muscle -> the share of it the lesion takes). A
        movement is explained when one of its prime movers is affected, and its sparing argues
        against the site in proportion to the share of its prime movers affected. A movement a
        muscle merely assists is not counted (tibialis anterior's help with inversion does not make
        a peroneal palsy explain weak inversion), except when that single muscle is the site."""
        affected = {}
        for muscle, share in muscles.items():
            for movement, prime in self.anatomy.actions_of.get(muscle, ()):
                if prime:
                    affected.setdefault(movement, {})[muscle] = share
                elif whole_muscle:
                    profile.weak[movement] = max(profile.weak.get(movement, NO_PREDICTION), EXPECTED_SOFT)
        for movement, shares in affected.items():
            movers = len(self.prime_movers.get(movement, ())) or 1
            explain = 1.0 if max(shares.values()) >= 0.5 else 0.5
            prediction = Prediction(explain, round(min(1.0, sum(shares.values()) / movers), 3))
            if soft:
                prediction = COMPATIBLE
            profile.weak[movement] = max(profile.weak.get(movement, NO_PREDICTION), prediction)

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
        self._muscles(profile, dict.fromkeys(muscles, 1.0))
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
                profile.other[sign] = EXPECTED_SOFT
        muscles = {slug for slug in supplied if anatomy.structures[slug].kind == "muscle"}
        nerves = {slug for slug in supplied if anatomy.structures[slug].kind == "nerve"}
        self._muscles(profile, dict.fromkeys(muscles, 1.0))
        for nerve in nerves:
            self._nerve(profile, self.downstream(nerve), soft=True)
        for pulse, artery in anatomy.pulses.items():
            if artery in arteries:
                profile.pulses[pulse] = EXPECTED


def _children(anatomy):
    children = {}
    for mapping in (anatomy.plexus_of, anatomy.parent_of, anatomy.continues_as):
        for child, parent in mapping.items():
            if mapping is anatomy.continues_as:
                child, parent = parent, child
            children.setdefault(parent, set()).add(child)
    return children
