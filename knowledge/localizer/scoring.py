"""Graded evidence: how a site fares against the examination (docs/localizer.md, Ranking).

For each finding, a site's profile says how strongly a lesion there predicts it (a Prediction).
Each finding has a weight, its informativeness: 1 + ln(sites / sites that predict it), so a sign
only one level produces (fasciculations, Hoover's sign) outweighs a finding twenty sites explain;
a movement's power (weak or spared) counts half as much again. Then, for a site:

- an abnormal finding it predicts adds   explain x weight       (evidence for);
- an abnormal finding it cannot produce  takes 0.25 x weight     (unexplained);
- a normal finding it predicts abnormal  takes contradict x weight of that finding had it been
  abnormal (a spared movement, normal skin, a normal reflex, a flexor plantar, a present pulse,
  an other finding looked for and absent);
- a finding that rules the site out      takes 1 x weight (sensory loss at a purely motor level;
  a lost reflex, an extensor plantar or wasting against functional weakness).

balance = (for - against) / (sum of the weights of the abnormal findings), kept within [0, 1].
Weakness comes first: when any movement is weak, a site that accounts for none of the weak
movements scores 0.5 x balance (below 0.5), and so does a site of several separate nerves without a
finding beyond the examined leg (the other leg or the arm weak); every other site scores
0.5 + 0.5 x balance. Sites are
ranked by score, then the most specific (the fewest expected deficits), then the order of the
levels, then the name.
"""

import math

from knowledge.localizer.data import NO_PREDICTION, Candidate, Evidence

UNEXPLAINED_COST = 0.25
POWER_FACTOR = 1.5
RULED_OUT = 1.0
# Signs of a structural lesion, which argue against functional weakness whenever present.
ORGANIC_SIGNS = {"other atrophy", "other fasciculations", "plantar extensor"}


def positive_findings(clean):
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


def judge(profile, clean):
    """(explained, against): finding -> strength, for one site. `against` holds the normal
    findings the site predicts abnormal (with the strength of that prediction), and the abnormal
    findings that rule it out. A finding in neither, and abnormal, is unexplained."""
    explained, against = {}, {}

    for slug in clean["weak"]:
        if slug in profile.weak:
            explained[f"weak {slug}"] = profile.weak[slug].explain
    for slug in clean["spared"]:
        if weight := profile.weak.get(slug, NO_PREDICTION).contradict:
            against[f"spared {slug}"] = weight

    for slug in clean["sensory_loss"]:
        if slug in profile.sensory:
            explained[f"sensory-loss {slug}"] = profile.sensory[slug].explain
        elif profile.sensory_loss_contradicts:
            against[f"sensory-loss {slug}"] = RULED_OUT
    for slug in clean["sensory_normal"]:
        if weight := profile.sensory.get(slug, NO_PREDICTION).contradict:
            against[f"sensory-normal {slug}"] = weight

    for slug, value in clean["reflexes"].items():
        expected = profile.reflexes.get(slug, {})
        label = f"reflex {slug} {value}"
        if profile.organic_contradicts and value != "normal":
            against[label] = RULED_OUT
        elif value in ("reduced", "absent"):
            lowered = expected.get("reduced") or expected.get("absent")
            if lowered:
                explained[label] = lowered.explain
            elif "brisk" in expected:
                against[label] = expected["brisk"].contradict or 0.5
        elif value == "brisk":
            if "brisk" in expected:
                explained[label] = expected["brisk"].explain
            elif expected:
                against[label] = 1.0
        elif weight := max((prediction.contradict for prediction in expected.values()), default=0.0):
            against[label] = weight  # normal, where the site should change it

    if clean["plantar"] == "extensor":
        if profile.organic_contradicts:
            against["plantar extensor"] = RULED_OUT
        elif profile.plantar_extensor.explain:
            explained["plantar extensor"] = profile.plantar_extensor.explain
    elif clean["plantar"] == "flexor" and profile.plantar_extensor.contradict:
        against["plantar flexor"] = profile.plantar_extensor.contradict

    # Pain is a property of a site's diseases, not of its anatomy: severe pain counts for the sites
    # whose diseases hurt, none against those whose diseases always do, mild pain says nothing.
    pain, pains = clean["pain"], profile.pains
    if pain == "severe" and pains & {"severe", "variable"}:
        explained["pain severe"] = 0.5
    elif pain == "mild":
        explained["pain mild"] = 0.0  # neither for nor against any site
    elif pain == "none" and pains and pains <= {"severe"}:
        against["pain none"] = 0.5

    for slug, value in clean["pulses"].items():
        if slug in profile.pulses:
            if value == "present":
                against[f"pulse {slug} present"] = profile.pulses[slug].contradict
            else:
                explained[f"pulse {slug} {value}"] = profile.pulses[slug].explain

    for slug in clean["other"]:
        label = f"other {slug}"
        if profile.organic_contradicts and label in ORGANIC_SIGNS:
            against[label] = RULED_OUT
        elif slug in profile.other:
            explained[label] = profile.other[slug].explain
    for slug in clean["absent"]:
        if weight := profile.other.get(slug, NO_PREDICTION).contradict:
            against[f"absent {slug}"] = weight
    return explained, against


def informativeness(judgements, positives):
    """How much each abnormal finding says: 1 + ln(sites / sites that explain it)."""
    counts = dict.fromkeys(positives, 0)
    for explained, _ in judgements:
        for finding, strength in explained.items():
            if strength:
                counts[finding] += 1
    total = len(judgements)
    return {finding: _weight(finding, total, count) for finding, count in counts.items()}


def _weight(finding, sites, predicting):
    """1 + ln(sites / sites that predict the finding), and half as much again for power: the app
    localizes weakness, and a movement tested weak or strong is the firmest finding there is."""
    power = finding.startswith(("weak ", "spared "))
    return (1 + math.log(sites / max(predicting, 1))) * (POWER_FACTOR if power else 1.0)


def normal_weights(profiles, clean):
    """The weight of each normal finding: that of its abnormal counterpart, 1 + ln(sites / sites
    that predict the counterpart), so that a spared movement few sites weaken says much."""
    profiles = list(profiles)
    predictors = {
        **{f"spared {slug}": lambda p, s=slug: s in p.weak for slug in clean["spared"]},
        **{f"sensory-normal {slug}": lambda p, s=slug: s in p.sensory for slug in clean["sensory_normal"]},
        **{
            f"reflex {slug} normal": lambda p, s=slug: s in p.reflexes
            for slug, value in clean["reflexes"].items()
            if value == "normal"
        },
        **{
            f"pulse {slug} present": lambda p, s=slug: s in p.pulses
            for slug, value in clean["pulses"].items()
            if value == "present"
        },
        **{f"absent {slug}": lambda p, s=slug: s in p.other for slug in clean["absent"]},
    }
    if clean["plantar"] == "flexor":
        predictors["plantar flexor"] = lambda p: bool(p.plantar_extensor.explain)
    if clean["pain"] == "none":
        predictors["pain none"] = lambda p: bool(p.pains)
    total = len(profiles)
    return {
        finding: _weight(finding, total, sum(1 for profile in profiles if predicts(profile)))
        for finding, predicts in predictors.items()
    }


def contributions(judgement, positives, weights):
    """(finding, signed weight) for every finding that counts for or against a site."""
    explained, against = judgement
    for finding in positives:
        if explained.get(finding):
            yield finding, explained[finding] * weights[finding]
        elif finding not in explained and finding not in against:
            yield finding, -UNEXPLAINED_COST * weights[finding]
    for finding, strength in against.items():
        yield finding, -strength * weights.get(finding, 1.0)


def candidate(profile, judgement, positives, weights, clean, why):
    """The site's Candidate: score, what it explains, what argues against it, and (worked out only
    when asked for, since most candidates are never shown) the evidence."""
    explained, against = judgement
    total = sum(weights[finding] for finding in positives) or 1.0
    balance = max(0.0, min(1.0, sum(weight for _, weight in contributions(judgement, positives, weights)) / total))
    weak = [f"weak {slug}" for slug in clean["weak"]]
    explains_weakness = any(explained.get(finding) for finding in weak)
    beyond_the_leg = not profile.needs_one_of or profile.needs_one_of.intersection(positives)
    leads = (explains_weakness or not weak) and beyond_the_leg
    score = 0.5 + 0.5 * balance if leads else 0.5 * balance

    def evidence():
        items = [
            Evidence(finding, round(weight, 3), why(finding))
            for finding, weight in contributions(judgement, positives, weights)
        ]
        return sorted(items, key=lambda item: -abs(item.weight))

    return Candidate(
        site=profile.site,
        level=profile.level,
        name=profile.name,
        score=round(score, 4),
        explains=[finding for finding in positives if explained.get(finding)],
        contradicted_by=list(against),
        unexplained=[finding for finding in positives if finding not in explained and finding not in against],
        size=profile.size,
        segment={"slug": profile.segment, "name": profile.segment_name} if profile.segment else None,
        evidence_of=evidence,
        tier=0 if leads else 1,
    )
