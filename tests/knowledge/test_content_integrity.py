"""The shipped knowledge base against the contract, the seeds and standard anatomy.

The anatomy tables below are written by hand from standard references (Aids to the Examination
of the Peripheral Nervous System; Brazis, Localization in Clinical Neurology), independently of
the content files, so that a wrong row in the content fails here.
"""

import hashlib
import re

import pytest
from django.conf import settings

from knowledge.models import Condition, Finding, Passage, Source, Structure

SEEDS = settings.KNOWLEDGE_CONTENT_DIR / "seeds"
CONTRACT = settings.BASE_DIR / "docs" / "localizer.md"
# The seeds as received (SHA-256): the copies must never be edited, since passages quote them.
SEED_DIGESTS = {
    "000_0df1f2ecb466881c.txt": "5a3e12c0c8ea52a9c6ed32a02c659125d3e6be3ea99c0016ef0d205633382dde",
    "003_cb2f0a9a86b53669.txt": "9c2c9c7b4b77f97e379b9df106a660bc4e0e4c47b5b21b0e669378d44522624d",
}

CONTRACT_FINDINGS = {
    "movement": "hip-flexion hip-extension hip-abduction hip-adduction knee-extension knee-flexion ankle-dorsiflexion "
    "ankle-plantarflexion foot-inversion foot-eversion toe-extension great-toe-extension toe-flexion",
    "area": "groin buttock anterior-thigh medial-thigh lateral-thigh posterior-thigh medial-leg lateral-leg "
    "dorsum-of-foot first-web-space sole lateral-foot",
    "reflex": "knee-jerk ankle-jerk medial-hamstring-jerk",
    "pulse": "femoral popliteal dorsalis-pedis posterior-tibial",
    "other": "fasciculations atrophy fatigable-weakness ptosis-or-diplopia bulbar-signs upper-motor-neuron-signs "
    "sensory-level bladder-or-bowel-dysfunction back-pain radiating-leg-pain muscle-tenderness anterior-leg-swelling "
    "tendon-gap positive-thompson-test recent-injection recent-groin-surgery recent-exercise anticoagulation diabetes "
    "radiotherapy trendelenburg-gait newborn",
}
CONTRACT_SITES = {
    "brain": "motor-cortex",
    "spinal-cord": "spinal-cord",
    "anterior-horn": "anterior-horn",
    "root": "l1-root l2-root l3-root l4-root l5-root s1-root s2-root",
    "plexus": "lumbar-plexus sacral-plexus lumbosacral-plexus",
    "peripheral-nerve": "femoral-nerve obturator-nerve lateral-femoral-cutaneous-nerve saphenous-nerve "
    "superior-gluteal-nerve inferior-gluteal-nerve sciatic-nerve common-peroneal-nerve deep-peroneal-nerve "
    "superficial-peroneal-nerve tibial-nerve sural-nerve",
    "neuromuscular-junction": "neuromuscular-junction",
    "muscle": "skeletal-muscle quadriceps-femoris gluteus-medius tibialis-anterior",
    "tendon": "achilles-tendon",
    "artery": "femoral-artery popliteal-artery anterior-tibial-artery posterior-tibial-artery dorsalis-pedis-artery",
}

pytestmark = pytest.mark.usefixtures("content", "db")


def test_the_contract_tables_here_match_docs_localizer_md():
    text = CONTRACT.read_text(encoding="utf-8")
    for slugs in list(CONTRACT_FINDINGS.values()) + list(CONTRACT_SITES.values()):
        for slug in slugs.split():
            assert f"`{slug}`" in text, slug


@pytest.mark.parametrize("kind", CONTRACT_FINDINGS)
def test_every_finding_of_the_contract_exists_with_a_label(kind):
    findings = {finding.slug: finding for finding in Finding.objects.filter(kind=kind)}
    for slug in CONTRACT_FINDINGS[kind].split():
        assert slug in findings, slug
        assert findings[slug].label and findings[slug].label != slug


@pytest.mark.parametrize("level", CONTRACT_SITES)
def test_every_site_of_the_contract_exists_at_its_level(level):
    for slug in CONTRACT_SITES[level].split():
        structure = Structure.objects.get(slug=slug)
        assert structure.level == level, slug
        assert structure.name and structure.summary, slug


def test_peroneal_structures_are_also_found_as_fibular():
    for structure in Structure.objects.filter(slug__contains="peroneal"):
        names = " ".join([structure.name, *structure.synonyms]).lower()
        assert "fibular" in names, structure.slug


def test_the_seed_copies_are_the_seeds_as_received():
    assert sorted(path.name for path in SEEDS.iterdir()) == sorted(SEED_DIGESTS)
    for name, digest in SEED_DIGESTS.items():
        assert hashlib.sha256((SEEDS / name).read_bytes()).hexdigest() == digest, name


def test_every_passage_occurs_verbatim_in_its_seed():
    for passage in Passage.objects.select_related("source"):
        seed = (SEEDS / passage.source.seed_file).read_text(encoding="utf-8")
        assert passage.text in seed, passage.slug


def substantive_sentences(source):
    """Every sentence of the seed that is not page furniture (the source's `chrome` lines)."""
    chrome = {line.strip() for line in source.chrome}
    seed = (SEEDS / source.seed_file).read_text(encoding="utf-8")
    for line in seed.splitlines():
        line = line.strip().lstrip("•").strip()
        if not line or line in chrome:
            continue
        yield from (sentence for sentence in re.split(r"(?<=[.!?])\s+(?=[A-Z])", line) if sentence.strip())


@pytest.mark.parametrize("source_slug", ["ilive-unilateral-leg-weakness", "askvity-one-leg-weaker"])
def test_every_substantive_seed_sentence_is_in_a_passage(source_slug):
    source = Source.objects.get(slug=source_slug)
    texts = [passage.text for passage in source.passages.all()]
    missing = [sentence for sentence in substantive_sentences(source) if not any(sentence in text for text in texts)]
    assert missing == []


def test_the_chrome_lines_are_real_lines_of_their_seed():
    for source in Source.objects.all():
        lines = {line.strip() for line in (SEEDS / source.seed_file).read_text(encoding="utf-8").splitlines()}
        assert set(source.chrome) <= lines, source.slug


def test_passages_that_are_wrong_carry_an_editorial_note():
    noted = {passage.slug: passage.note for passage in Passage.objects.exclude(note="")}
    posterior = Passage.objects.get(text__contains="posterior artery of the foot")
    assert "dorsalis pedis" in noted[posterior.slug]
    assert "Barré" in Passage.objects.get(text__contains="BarrĂ©").note


def test_every_passage_is_cited_by_a_condition_or_a_structure():
    uncited = Passage.objects.filter(conditions=None, structures=None)
    assert list(uncited.values_list("slug", flat=True)) == []


def test_every_condition_has_a_level_a_site_at_that_level_and_a_passage_or_a_reference():
    for condition in Condition.objects.prefetch_related("sites", "passages"):
        assert condition.level, condition.slug
        assert condition.passages.exists() or condition.reference, condition.slug
        levels = {site.level for site in condition.sites.all()}
        assert condition.level in levels, condition.slug


SEED_CONDITIONS = [
    "als", "spinal-muscular-atrophy", "polymyositis", "myasthenia-gravis", "retroperitoneal-hematoma-plexopathy",
    "diabetic-lumbosacral-plexopathy", "iliacus-hematoma", "radiation-plexopathy", "retroperitoneal-tumour-plexopathy",
    "postoperative-femoral-neuropathy", "injection-quadriceps-contracture", "gluteal-injection-injury",
    "anterior-compartment-syndrome", "achilles-tendon-rupture", "peripheral-neuropathy", "stroke",
    "lumbar-spinal-stenosis", "lumbar-disc-herniation", "guillain-barre-syndrome", "delayed-onset-muscle-soreness",
    "leg-injury", "disuse-weakness", "common-peroneal-palsy", "l4-radiculopathy", "l5-radiculopathy",
    "s1-radiculopathy", "sciatic-neuropathy", "obturator-neuropathy", "tibial-neuropathy",
]  # fmt: skip


def test_every_condition_the_seeds_name_and_every_everyday_contrast_is_there():
    assert set(SEED_CONDITIONS) <= set(Condition.objects.values_list("slug", flat=True))


# --- Anatomy against standard references --------------------------------------------------------

# muscle: (nerve, main roots that must be among its main roots, prime movements)
MUSCLES = {
    "iliacus": ("femoral-nerve", {"l2-root", "l3-root"}, {"hip-flexion"}),
    "psoas-major": ("lumbar-plexus", {"l2-root", "l3-root"}, {"hip-flexion"}),
    "quadriceps-femoris": ("femoral-nerve", {"l3-root", "l4-root"}, {"knee-extension"}),
    "sartorius": ("femoral-nerve", {"l2-root", "l3-root"}, set()),
    "adductors": ("obturator-nerve", {"l2-root", "l3-root"}, {"hip-adduction"}),
    "gluteus-medius": ("superior-gluteal-nerve", {"l5-root"}, {"hip-abduction"}),
    "gluteus-minimus": ("superior-gluteal-nerve", {"l5-root"}, {"hip-abduction"}),
    "tensor-fasciae-latae": ("superior-gluteal-nerve", {"l5-root"}, set()),
    "gluteus-maximus": ("inferior-gluteal-nerve", {"s1-root"}, {"hip-extension"}),
    "hamstrings": ("sciatic-nerve", {"l5-root", "s1-root"}, {"knee-flexion"}),
    "tibialis-anterior": ("deep-peroneal-nerve", {"l4-root", "l5-root"}, {"ankle-dorsiflexion"}),
    "extensor-hallucis-longus": ("deep-peroneal-nerve", {"l5-root"}, {"great-toe-extension"}),
    "extensor-digitorum-longus": ("deep-peroneal-nerve", {"l5-root"}, {"toe-extension"}),
    "extensor-digitorum-brevis": ("deep-peroneal-nerve", {"s1-root"}, set()),
    "peroneus-longus": ("superficial-peroneal-nerve", {"l5-root", "s1-root"}, {"foot-eversion"}),
    "peroneus-brevis": ("superficial-peroneal-nerve", {"l5-root", "s1-root"}, {"foot-eversion"}),
    "tibialis-posterior": ("tibial-nerve", {"l5-root"}, {"foot-inversion"}),
    "gastrocnemius": ("tibial-nerve", {"s1-root"}, {"ankle-plantarflexion"}),
    "soleus": ("tibial-nerve", {"s1-root"}, {"ankle-plantarflexion"}),
    "flexor-digitorum-longus": ("tibial-nerve", {"s1-root"}, {"toe-flexion"}),
    "flexor-hallucis-longus": ("tibial-nerve", {"s1-root"}, {"toe-flexion"}),
    "intrinsic-foot-muscles": ("tibial-nerve", {"s1-root", "s2-root"}, set()),
}
# movements a muscle must NOT be a prime mover of (the classic traps)
NOT_PRIME = {
    "tibialis-anterior": {"foot-inversion"},
    "hamstrings": {"hip-extension"},
    "quadriceps-femoris": {"hip-flexion"},
    "gastrocnemius": {"knee-flexion"},
}


@pytest.mark.parametrize("muscle", MUSCLES)
def test_muscle_nerve_roots_and_actions_agree_with_standard_references(muscle):
    nerve, main_roots, prime = MUSCLES[muscle]
    structure = Structure.objects.get(slug=muscle)
    assert nerve in set(structure.nerves.values_list("slug", flat=True))
    links = structure.root_links.select_related("root")
    assert main_roots <= {link.root.slug for link in links if link.main}
    actions = {action.movement.slug: action.prime for action in structure.actions.select_related("movement")}
    assert prime == {slug for slug, is_prime in actions.items() if is_prime}
    assert not NOT_PRIME.get(muscle, set()) & {slug for slug, is_prime in actions.items() if is_prime}


# nerve: (roots it must contain, plexus or parent, autonomous area or None)
NERVES = {
    "femoral-nerve": ({"l2-root", "l3-root", "l4-root"}, "lumbar-plexus", "anterior-thigh"),
    "obturator-nerve": ({"l2-root", "l3-root", "l4-root"}, "lumbar-plexus", "medial-thigh"),
    "lateral-femoral-cutaneous-nerve": ({"l2-root", "l3-root"}, "lumbar-plexus", "lateral-thigh"),
    "saphenous-nerve": ({"l3-root", "l4-root"}, "femoral-nerve", "medial-leg"),
    "ilioinguinal-nerve": ({"l1-root"}, "lumbar-plexus", None),
    "superior-gluteal-nerve": ({"l4-root", "l5-root", "s1-root"}, "sacral-plexus", None),
    "inferior-gluteal-nerve": ({"l5-root", "s1-root", "s2-root"}, "sacral-plexus", None),
    "posterior-femoral-cutaneous-nerve": ({"s1-root", "s2-root"}, "sacral-plexus", "posterior-thigh"),
    "sciatic-nerve": ({"l4-root", "l5-root", "s1-root", "s2-root"}, "sacral-plexus", None),
    "common-peroneal-nerve": ({"l4-root", "l5-root", "s1-root"}, "sciatic-nerve", None),
    "deep-peroneal-nerve": ({"l4-root", "l5-root"}, "common-peroneal-nerve", "first-web-space"),
    "superficial-peroneal-nerve": ({"l5-root", "s1-root"}, "common-peroneal-nerve", "dorsum-of-foot"),
    "tibial-nerve": ({"l4-root", "l5-root", "s1-root", "s2-root"}, "sciatic-nerve", "sole"),
    "sural-nerve": ({"s1-root", "s2-root"}, "tibial-nerve", "lateral-foot"),
}


@pytest.mark.parametrize("nerve", NERVES)
def test_nerve_roots_origin_and_skin_agree_with_standard_references(nerve):
    roots, origin, autonomous_area = NERVES[nerve]
    structure = Structure.objects.select_related("plexus", "parent").get(slug=nerve)
    assert roots <= set(structure.root_links.values_list("root__slug", flat=True))
    assert origin in {getattr(structure.plexus, "slug", None), getattr(structure.parent, "slug", None)}
    if autonomous_area:
        assert structure.areas.filter(area__slug=autonomous_area, autonomous=True).exists()


@pytest.mark.parametrize(
    ("reflex", "nerve", "main_roots", "muscle"),
    [
        ("knee-jerk", "femoral-nerve", {"l3-root", "l4-root"}, "quadriceps-femoris"),
        ("ankle-jerk", "tibial-nerve", {"s1-root"}, "gastrocnemius"),
        ("medial-hamstring-jerk", "sciatic-nerve", {"l5-root"}, "hamstrings"),
    ],
)
def test_reflex_arcs_agree_with_standard_references(reflex, nerve, main_roots, muscle):
    finding = Finding.objects.select_related("reflex_nerve").get(slug=reflex)
    assert finding.reflex_nerve.slug == nerve
    assert {link.root.slug for link in finding.reflex_roots.select_related("root") if link.main} == main_roots
    assert muscle in set(finding.reflex_muscles.values_list("slug", flat=True))


@pytest.mark.parametrize(
    ("root", "signature_area"),
    [("l1-root", "groin"), ("l3-root", "anterior-thigh"), ("l4-root", "medial-leg"), ("l5-root", "dorsum-of-foot"),
     ("s1-root", "lateral-foot"), ("s2-root", "posterior-thigh")],
)  # fmt: skip
def test_dermatomes_agree_with_standard_references(root, signature_area):
    assert Structure.objects.get(slug=root).areas.filter(area__slug=signature_area, autonomous=True).exists()


def test_arteries_continue_and_pulses_are_felt_where_they_should_be():
    anterior_tibial = Structure.objects.get(slug="anterior-tibial-artery")
    assert anterior_tibial.continues_as.slug == "dorsalis-pedis-artery"
    assert anterior_tibial.parent.slug == "popliteal-artery"
    assert Structure.objects.get(slug="femoral-artery").continues_as.slug == "popliteal-artery"
    assert Finding.objects.get(slug="dorsalis-pedis").artery.slug == "dorsalis-pedis-artery"
    assert {"tibialis-anterior", "deep-peroneal-nerve"} <= set(anterior_tibial.supplies.values_list("slug", flat=True))


def test_the_achilles_tendon_belongs_to_the_triceps_surae():
    tendon = Structure.objects.get(slug="achilles-tendon")
    assert set(tendon.tendon_muscles.values_list("slug", flat=True)) == {"gastrocnemius", "soleus"}


def test_plexuses_are_formed_by_the_right_roots():
    lumbar = set(Structure.objects.get(slug="lumbar-plexus").root_links.values_list("root__slug", flat=True))
    sacral = set(Structure.objects.get(slug="sacral-plexus").root_links.values_list("root__slug", flat=True))
    assert lumbar == {"l1-root", "l2-root", "l3-root", "l4-root"}
    assert {"l4-root", "l5-root", "s1-root", "s2-root"} <= sacral
