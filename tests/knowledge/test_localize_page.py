from urllib.parse import urlencode

import pytest

PERONEAL_QUERY = urlencode(
    {
        "movement.ankle-dorsiflexion": "weak",
        "movement.foot-eversion": "weak",
        "movement.foot-inversion": "normal",
        "area.dorsum-of-foot": "loss",
        "reflex.ankle-jerk": "normal",
    }
)


def test_the_empty_page_shows_every_group_of_findings(client, content):
    response = client.get("/localize/")
    assert response.status_code == 200
    html = response.content.decode()
    for heading in (
        "Power by movement",
        "Sensation by area",
        "Reflexes, plantar response, pain and pulses",
        "The whole patient: other findings and history",
    ):
        assert heading in html
    assert "Dorsum of the foot" in html and "Ankle jerk" in html and "Fasciculations" in html
    assert "Mark at least one finding" in html


def test_a_plain_submit_ranks_the_sites_in_the_full_page(client, content):
    response = client.get(f"/localize/?{PERONEAL_QUERY}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<form" in html and 'id="localize-result"' in html
    first = html.index('href="/anatomy/common-peroneal-nerve/"')
    assert first < html.index('href="/anatomy/l5-root/"')
    assert "Against it: normal foot inversion" in html


def test_the_result_keeps_the_findings_in_the_form_so_the_url_is_shareable(client, content):
    html = client.get(f"/localize/?{PERONEAL_QUERY}").content.decode()
    assert 'name="movement.ankle-dorsiflexion" value="weak" checked' in html
    assert 'name="movement.foot-inversion" value="normal" checked' in html
    assert '<option value="normal" selected>Normal</option>' in html


def test_htmx_gets_only_the_result_fragment(client, content):
    response = client.get(f"/localize/?{PERONEAL_QUERY}", headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="localize-result"')
    assert "<form" not in html and "<html" not in html
    assert "Common peroneal (fibular) nerve" in html


def test_bad_input_is_an_inline_message_and_a_400_in_full_page_and_fragment(client, content):
    for headers in ({}, {"HX-Request": "true"}):
        response = client.get("/localize/?movement.wiggle=weak", headers=headers)
        assert response.status_code == 400
        assert "unknown movement &#x27;wiggle&#x27;" in response.content.decode()
    response = client.get("/localize/?movement.hip-flexion=floppy")
    assert response.status_code == 400
    assert "bad value &#x27;floppy&#x27; for movement &#x27;hip-flexion&#x27;" in response.content.decode()
    response = client.get("/localize/?reflex.no-such-reflex=brisk")
    assert response.status_code == 400 and "no-such-reflex" in response.content.decode()


def test_a_shared_link_with_tracking_parameters_works(client, content):
    response = client.get("/localize/?movement.ankle-dorsiflexion=weak&utm_source=newsletter&utm_medium=email")
    assert response.status_code == 200
    assert "Common peroneal (fibular) nerve" in response.content.decode()


@pytest.mark.parametrize("query", ["reflexes=x&reflex.ankle-jerk=brisk", "pulses=x&pulse.popliteal=absent"])
def test_a_stray_findings_key_is_no_server_error(client, content, query):
    response = client.get(f"/localize/?{query}")
    assert response.status_code == 200


def test_the_page_varies_on_htmx_and_a_history_restore_gets_the_whole_page(client, content):
    query = "/localize/?movement.ankle-dorsiflexion=weak"
    fragment = client.get(query, headers={"HX-Request": "true"})
    restore = client.get(query, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert "HX-Request" in fragment["Vary"]
    assert "<html" not in fragment.content.decode()
    assert "<html" in restore.content.decode() and "<form" in restore.content.decode()


def test_normal_findings_alone_say_there_is_nothing_to_localize(client, content):
    html = client.get("/localize/?movement.hip-flexion=normal").content.decode()
    assert "No site explains these findings" in html


def test_contradictory_findings_say_no_single_site_explains_them(client, content):
    query = urlencode({"movement.ankle-dorsiflexion": "weak", "other": "tendon-gap", "area.lateral-thigh": "loss"})
    html = client.get(f"/localize/?{query}").content.decode()
    assert "No single site explains every finding" in html


def test_the_page_runs_a_fixed_number_of_queries(client, content, django_assert_max_num_queries):
    client.get("/localize/")  # builds the engine once
    with django_assert_max_num_queries(1):
        client.get(f"/localize/?{PERONEAL_QUERY}")


def test_the_page_refuses_a_post(client, content):
    assert client.post("/localize/").status_code == 405


def test_the_page_weighs_the_evidence_and_says_why_not_the_runner_up(client, content):
    query = urlencode(
        {
            "movement.knee-extension": "weak",
            "movement.hip-flexion": "normal",
            "reflex.knee-jerk": "absent",
            "area.anterior-thigh": "loss",
            "area.medial-leg": "loss",
            "other.back-pain": "absent",
        }
    )
    html = client.get(f"/localize/?{query}").content.decode()
    first = html.index('class="candidate')
    assert "Femoral nerve" in html[first : first + 400] and "at or below the inguinal ligament" in html
    assert "The evidence, weighed" in html and "+3.4" in html
    assert "Why not the" in html and "fit" in html
    assert 'value="absent" checked' in html  # the absent back pain is shown as marked


def test_absent_and_present_other_findings_round_trip_through_the_query_string(client, content):
    html = client.get("/localize/?movement.hip-flexion=weak&other.diabetes=present&other.back-pain=absent").content
    html = html.decode()
    assert 'name="other.diabetes" value="present" checked' in html
    assert 'name="other.back-pain" value="absent" checked' in html
    old_link = client.get("/localize/?movement.hip-flexion=weak&other=diabetes")  # made by version 1
    assert 'name="other.diabetes" value="present" checked' in old_link.content.decode()
