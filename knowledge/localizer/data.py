"""The plain data the engine takes (`Anatomy`) and gives (`Profile`, `Candidate`, `Result`)."""

from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple


class StructureInfo(NamedTuple):
    """What the engine needs to know of a structure besides its relations."""

    name: str
    kind: str
    level: str


class Prediction(NamedTuple):
    """How a site predicts one finding. `explain`: how well it accounts for the finding when
    present (1 expected, 0.5 compatible). `contradict`: how strongly the opposite observation
    argues against it (1: a prime mover that should be weak is spared; 0: it may well be normal).
    Predictions compare as (explain, contradict), so max() keeps the stronger."""

    explain: float
    contradict: float


NO_PREDICTION = Prediction(0.0, 0.0)
EXPECTED = Prediction(1.0, 1.0)
EXPECTED_SOFT = Prediction(1.0, 0.5)
COMPATIBLE = Prediction(0.5, 0.0)
# Diffuse and central lesions can weaken any movement, but a focal pattern is better explained by
# the focal site that produces exactly it: so they explain a weak movement less than fully.
ANY_PATTERN = Prediction(0.9, 0.0)


@dataclass
class Anatomy:
    """The knowledge base as plain data. Slugs everywhere; `structures` maps slug -> StructureInfo."""

    structures: dict
    movements: dict  # slug -> region ("proximal" | "distal")
    areas: list
    reflexes: dict  # slug -> {"muscles": [...], "nerve": slug, "roots": [(root, main), ...]}
    pulses: dict  # slug -> artery slug
    other: list
    labels: dict  # finding slug -> human label
    roots_of: dict = field(default_factory=dict)  # structure -> [(root, main)]
    plexus_of: dict = field(default_factory=dict)
    parent_of: dict = field(default_factory=dict)
    continues_as: dict = field(default_factory=dict)
    nerves_of: dict = field(default_factory=dict)  # muscle -> [nerve or plexus]
    actions_of: dict = field(default_factory=dict)  # muscle -> [(movement, prime)]
    areas_of: dict = field(default_factory=dict)  # root or nerve -> [(area, autonomous)]
    tendon_muscles: dict = field(default_factory=dict)
    supplies: dict = field(default_factory=dict)  # artery -> [muscle or nerve]
    signs_of: dict = field(default_factory=dict)  # structure -> [other finding]
    condition_pains: dict = field(default_factory=dict)  # site -> set of pain values of its conditions
    condition_clues: dict = field(default_factory=dict)  # site -> set of clue findings of its conditions
    course_of: dict = field(default_factory=dict)  # nerve -> [{"segment", "name"} | {"branches": [...]}]
    multifocal: set = field(default_factory=set)  # central sites of several separate nerves


@dataclass
class Profile:
    """What a lesion at one site produces; each prediction maps a slug to a Prediction."""

    site: str
    name: str
    level: str
    segment: str = ""  # a segment of the site's nerve, or "" for the whole site
    segment_name: str = ""
    weak: dict = field(default_factory=dict)
    sensory: dict = field(default_factory=dict)
    sensory_loss_contradicts: bool = False
    reflexes: dict = field(default_factory=dict)  # reflex -> {"reduced"|"absent"|"brisk": Prediction}
    plantar_extensor: Prediction = NO_PREDICTION
    pulses: dict = field(default_factory=dict)
    other: dict = field(default_factory=dict)
    pains: set = field(default_factory=set)
    # Findings that argue against the site whenever present (functional weakness: any sign of a
    # structural lesion, such as a lost reflex or wasting).
    organic_contradicts: bool = False
    # Findings of which at least one must be present before the site can lead (several separate
    # nerves: a second nerve beyond the examined leg, since within one leg a single plexus, nerve
    # or root explains a patchy deficit better).
    needs_one_of: frozenset = frozenset()

    @cached_property
    def size(self):
        """How many deficits the lesion is expected to produce: the smaller, the more specific."""
        threshold = ANY_PATTERN.explain
        count = sum(1 for weights in self.weak.values() if weights.explain >= threshold)
        count += sum(1 for weights in self.sensory.values() if weights.explain >= threshold)
        count += sum(1 for change in self.reflexes.values() if max(w.explain for w in change.values()) >= threshold)
        count += sum(1 for weights in self.other.values() if weights.explain >= threshold)
        return count + len(self.pulses) + (1 if self.plantar_extensor.explain >= threshold else 0)


@dataclass
class Candidate:
    site: str
    level: str
    name: str
    score: float
    explains: list
    contradicted_by: list
    unexplained: list
    size: int = 0
    segment: dict | None = None  # {"slug", "name"} of the nerve segment that fits best
    evidence_of: object = None  # () -> [Evidence], strongest first: worked out when first asked for
    tier: int = 0  # 1 when the site cannot lead: it explains none of the weakness found (or see needs_one_of)

    @cached_property
    def evidence(self):
        return self.evidence_of() if self.evidence_of else []

    def as_dict(self):
        result = {
            "site": self.site,
            "level": self.level,
            "name": self.name,
            "score": self.score,
            "explains": self.explains,
            "contradicted_by": self.contradicted_by,
            "unexplained": self.unexplained,
        }
        if self.segment:
            result["segment"] = dict(self.segment)
        result["evidence"] = [item.as_dict() for item in self.evidence]
        return result


@dataclass(frozen=True)
class Evidence:
    """One finding's part in a site's score: positive for, negative against, with the anatomy."""

    finding: str
    weight: float
    why: str = ""

    def as_dict(self):
        return {"finding": self.finding, "weight": self.weight, "why": self.why}


@dataclass
class Result:
    candidates: list

    @property
    def single_site_explains_all(self):
        """True when the first site explains every abnormal finding and nothing contradicts it."""
        if not self.candidates:
            return False
        best = self.candidates[0]
        return not best.contradicted_by and not best.unexplained

    def as_dict(self):
        return {"candidates": [candidate.as_dict() for candidate in self.candidates]}
