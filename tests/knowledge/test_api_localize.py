import json

import pytest

PERONEAL = {
    "weak": ["ankle-dorsiflexion", "foot-eversion"],
    "spared": ["foot-inversion"],
    "sensory_loss": ["dorsum-of-foot"],
}


def post(client, body, content_type="application/json"):
    return client.post(
        "/api/localize", body if isinstance(body, str | bytes) else json.dumps(body), content_type=content_type
    )


def test_it_returns_the_ranked_candidates(client, content):
    response = post(client, PERONEAL)
    assert response.status_code == 200
    result = response.json()
    assert result["candidates"][0]["site"] == "common-peroneal-nerve"
    assert result["candidates"][0]["level"] == "peripheral-nerve"
    scores = [candidate["score"] for candidate in result["candidates"]]
    assert scores == sorted(scores, reverse=True)


def test_it_needs_no_csrf_token_because_it_changes_nothing(content):
    from django.test import Client

    response = post(Client(enforce_csrf_checks=True), PERONEAL)
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("{oops", "not valid JSON"),
        ("", "must be a JSON object"),
        ("[]", "must be a JSON object"),
        ('{"weak": ["ankle-dorsiflexion"], "mood": "sad"}', "unknown key 'mood'"),
        ('{"sensory_loss": ["elbow"]}', "unknown area 'elbow'"),
        ('{"reflexes": {"ankle-jerk": "wobbly"}}', "bad value 'wobbly' for reflex 'ankle-jerk'"),
        (b"\xff\xfe", "not valid JSON"),
    ],
)
def test_bad_input_is_a_400_with_an_error_naming_it(client, content, body, message):
    response = post(client, body)
    assert response.status_code == 400
    assert message in response.json()["error"]


def test_a_huge_body_is_refused(client, content):
    response = post(client, json.dumps({"other": ["atrophy"] * 20000}))
    assert response.status_code == 400
    assert "larger than" in response.json()["error"]


def test_get_is_not_allowed(client, content):
    assert client.get("/api/localize").status_code == 405


def test_site_deficits_give_the_forward_direction(client, content):
    response = client.get("/api/sites/common-peroneal-nerve/deficits")
    assert response.status_code == 200
    body = response.json()
    assert body["site"] == "common-peroneal-nerve" and body["level"] == "peripheral-nerve"
    assert "ankle-dorsiflexion" in body["findings"]["weak"]
    assert "foot-inversion" not in body["findings"]["weak"]


def test_an_unknown_site_is_a_404_with_an_error(client, content):
    response = client.get("/api/sites/funny-bone/deficits")
    assert response.status_code == 404
    assert response.json() == {"error": "unknown site 'funny-bone'"}


def test_every_contract_site_answers(client, content):
    contract_sites = [
        "motor-cortex", "spinal-cord", "anterior-horn", "l1-root", "l2-root", "l3-root", "l4-root", "l5-root",
        "s1-root", "s2-root", "lumbar-plexus", "sacral-plexus", "lumbosacral-plexus", "femoral-nerve",
        "obturator-nerve", "lateral-femoral-cutaneous-nerve", "saphenous-nerve", "superior-gluteal-nerve",
        "inferior-gluteal-nerve", "sciatic-nerve", "common-peroneal-nerve", "deep-peroneal-nerve",
        "superficial-peroneal-nerve", "tibial-nerve", "sural-nerve", "neuromuscular-junction", "skeletal-muscle",
        "quadriceps-femoris", "gluteus-medius", "tibialis-anterior", "achilles-tendon", "femoral-artery",
        "popliteal-artery", "anterior-tibial-artery", "posterior-tibial-artery", "dorsalis-pedis-artery",
    ]  # fmt: skip
    for site in contract_sites:
        response = client.get(f"/api/sites/{site}/deficits")
        assert response.status_code == 200, site
        assert response.json()["findings"], site


def test_the_api_runs_a_fixed_number_of_queries(client, content, django_assert_max_num_queries):
    post(client, PERONEAL)  # builds the engine once
    with django_assert_max_num_queries(1):
        post(client, PERONEAL)


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ("[" * 1200 + "]" * 1200, "nested too deeply"),
        ('{"weak": [' + "9" * 5000 + "]}", "not valid JSON"),
        (b"\xff\xfe{}", "not valid JSON"),
    ],
    ids=["deep-nesting", "5000-digit-number", "bad-utf8"],
)
def test_hostile_bodies_get_a_400_not_a_server_error(client, content, body, says):
    response = post(client, body)
    assert response.status_code == 400
    assert says in response.json()["error"]


FEMORAL_AT_THE_LIGAMENT = {
    "weak": ["knee-extension"],
    "spared": ["hip-flexion"],
    "reflexes": {"knee-jerk": "absent"},
    "sensory_loss": ["anterior-thigh", "medial-leg"],
    "pain": "mild",
}


def test_a_femoral_neuropathy_at_the_ligament_ranks_the_femoral_nerve_first_with_its_segment(client, content):
    """Version 1 put the purely sensory saphenous nerve first: spared hip flexion was fatal."""
    candidates = post(client, FEMORAL_AT_THE_LIGAMENT).json()["candidates"]
    first = candidates[0]
    assert first["site"] == "femoral-nerve"
    assert first["segment"] == {"slug": "below-inguinal-ligament", "name": "At or below the inguinal ligament"}
    sites = [candidate["site"] for candidate in candidates]
    assert sites.index("saphenous-nerve") > sites.index("lumbar-plexus")
    assert all("pain mild" not in candidate["explains"] for candidate in candidates)  # mild pain says nothing
    assert {"finding", "weight", "why"} == set(first["evidence"][0])


def test_absent_findings_argue_against_the_sites_that_produce_them(client, content):
    cord = {"weak": ["hip-flexion", "knee-flexion", "ankle-dorsiflexion"], "reflexes": {"knee-jerk": "brisk"}}
    with_sign = post(client, {**cord, "other": ["sensory-level"]}).json()["candidates"]
    without = post(client, {**cord, "absent": ["sensory-level"]}).json()["candidates"]
    score = {"with": next(c["score"] for c in with_sign if c["site"] == "spinal-cord")}
    score["without"] = next(c["score"] for c in without if c["site"] == "spinal-cord")
    assert score["with"] > score["without"]
    assert "absent sensory-level" in next(c for c in without if c["site"] == "spinal-cord")["contradicted_by"]


def test_a_finding_both_present_and_absent_is_refused(client, content):
    response = post(client, {"weak": ["hip-flexion"], "other": ["back-pain"], "absent": ["back-pain"]})
    assert response.status_code == 400 and "back-pain" in response.json()["error"]


def test_the_deficits_of_a_segment(client, content):
    response = client.get("/api/sites/tibial-nerve/deficits", {"segment": "at-the-ankle"})
    assert response.status_code == 200
    findings = response.json()["findings"]
    assert "ankle-plantarflexion" not in findings.get("weak", []) and "sole" in findings["sensory_loss"]
    unknown = client.get("/api/sites/tibial-nerve/deficits", {"segment": "in-the-thigh"})
    assert unknown.status_code == 404 and "at-the-ankle" in unknown.json()["error"]


def contract_example():
    """The findings example of docs/localizer.md, as the contract gives it."""
    from django.conf import settings

    text = (settings.BASE_DIR / "docs" / "localizer.md").read_text(encoding="utf-8")
    return json.loads(text.split("```json", 1)[1].split("```", 1)[0])


def test_the_contracts_example_works_from_the_api_the_command_and_the_page(client, content):
    from io import StringIO

    from django.core.management import call_command

    example = contract_example()
    assert example["absent"] == ["back-pain", "bladder-or-bowel-dysfunction"]
    api = post(client, example).json()["candidates"]
    # A foot drop with a lowered ankle jerk after a buttock injection: the sciatic nerve (its
    # peroneal division takes the brunt), ahead of the common peroneal nerve, which the ankle
    # jerk and the injection do not fit.
    assert [candidate["site"] for candidate in api[:2]] == ["sciatic-nerve", "common-peroneal-nerve"]
    out = StringIO()
    with __import__("unittest.mock").mock.patch("sys.stdin", StringIO(json.dumps(example))):
        call_command("localize", stdout=out)
    assert json.loads(out.getvalue())["candidates"][0]["site"] == "sciatic-nerve"
    query = {f"movement.{slug}": "weak" for slug in example["weak"]}
    query |= {f"movement.{slug}": "normal" for slug in example["spared"]}
    query |= {f"area.{slug}": "loss" for slug in example["sensory_loss"]}
    query |= {f"area.{slug}": "normal" for slug in example["sensory_normal"]}
    query |= {f"reflex.{slug}": value for slug, value in example["reflexes"].items()}
    query |= {f"pulse.{slug}": value for slug, value in example["pulses"].items()}
    query |= {"plantar": example["plantar"], "pain": example["pain"]}
    query |= {f"other.{slug}": "present" for slug in example["other"]}
    query |= {f"other.{slug}": "absent" for slug in example["absent"]}
    html = client.get("/localize/", query).content.decode()
    first = html.index('class="candidate')
    assert "Sciatic nerve" in html[first : first + 300]
