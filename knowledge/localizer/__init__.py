"""The localizer: from examination findings to ranked lesion sites, and from a site to its deficits.

Pure Python (standard library only; no Django), so it is fast and testable alone. The contract is
docs/localizer.md; `profiles` works out what a lesion at each site produces, `scoring` weighs an
examination against it, `engine` ranks and answers the reverse question, `findings` holds the
vocabulary and its check, `data` the plain types in and out, `sentences` the words for people.
"""

from knowledge.localizer.data import Anatomy, Candidate, Evidence, Prediction, Profile, Result, StructureInfo
from knowledge.localizer.engine import Engine
from knowledge.localizer.findings import (
    FINDING_KEYS,
    LEVELS,
    PAIN_VALUES,
    PLANTAR_VALUES,
    PULSE_VALUES,
    REFLEX_VALUES,
    FindingsError,
    validate,
)
from knowledge.localizer.sentences import describe, explain, join_words, weighed, why_not

__all__ = [
    "FINDING_KEYS",
    "LEVELS",
    "PAIN_VALUES",
    "PLANTAR_VALUES",
    "PULSE_VALUES",
    "REFLEX_VALUES",
    "Anatomy",
    "Candidate",
    "Engine",
    "Evidence",
    "FindingsError",
    "Prediction",
    "Profile",
    "Result",
    "StructureInfo",
    "describe",
    "explain",
    "join_words",
    "weighed",
    "why_not",
    "validate",
]
