"""The localizer page's query string <-> findings object (knowledge.querystring): pure functions,
no database."""

import pytest
from django.http import QueryDict

from knowledge.localizer import FindingsError
from knowledge.querystring import findings_from_query, query_state


def findings(query_string):
    return findings_from_query(QueryDict(query_string))


def test_movements_map_to_weak_and_spared():
    query = "movement.ankle-dorsiflexion=weak&movement.foot-inversion=normal&movement.hip-abduction=normal"
    assert findings(query) == {
        "weak": ["ankle-dorsiflexion"],
        "spared": ["foot-inversion", "hip-abduction"],
    }


def test_areas_map_to_sensory_loss_and_sensory_normal():
    assert findings("area.dorsum-of-foot=loss&area.sole=normal&area.lateral-leg=loss") == {
        "sensory_loss": ["dorsum-of-foot", "lateral-leg"],
        "sensory_normal": ["sole"],
    }


def test_reflexes_and_pulses_become_dicts_of_slug_to_value():
    result = findings("reflex.ankle-jerk=reduced&reflex.knee-jerk=normal&pulse.dorsalis-pedis=absent")
    assert result == {
        "reflexes": {"ankle-jerk": "reduced", "knee-jerk": "normal"},
        "pulses": {"dorsalis-pedis": "absent"},
    }


def test_plantar_and_pain_are_single_values_and_the_last_wins():
    result = findings("plantar=flexor&plantar=extensor&pain=none&pain=severe")
    assert result == {"plantar": "extensor", "pain": "severe"}


def test_a_repeated_movement_or_reflex_keeps_its_last_value():
    assert findings("movement.foot-eversion=weak&movement.foot-eversion=normal") == {"spared": ["foot-eversion"]}
    assert findings("reflex.ankle-jerk=absent&reflex.ankle-jerk=brisk") == {"reflexes": {"ankle-jerk": "brisk"}}


def test_other_may_repeat_and_keeps_every_value_in_order():
    assert findings("other=diabetes&other=recent-injection") == {"other": ["diabetes", "recent-injection"]}


def test_empty_values_are_not_findings():
    query = "movement.ankle-dorsiflexion=&area.sole=&reflex.ankle-jerk=&pulse.dorsalis-pedis=&plantar=&pain=&other="
    assert findings(query) == {}
    assert findings("other=&other=diabetes&pain=&pain=none") == {"other": ["diabetes"], "pain": "none"}


def test_an_empty_query_gives_no_findings():
    assert findings("") == {}


def test_an_empty_value_never_counts_as_a_bad_value():
    assert findings("movement.ankle-dorsiflexion=&movement.foot-eversion=weak") == {"weak": ["foot-eversion"]}


@pytest.mark.parametrize(
    "query, allowed",
    [("movement.ankle-dorsiflexion=strong", "weak, normal"), ("area.sole=numb", "loss, normal")],
)
def test_a_bad_movement_or_area_value_raises_naming_the_allowed_values(query, allowed):
    with pytest.raises(FindingsError) as failure:
        findings(query)
    message = str(failure.value)
    assert allowed in message
    key, _, value = query.partition("=")
    assert repr(value) in message and key.partition(".")[2] in message


def test_parameters_the_form_does_not_make_are_ignored():
    """A shared link keeps working whatever a newsletter or messenger adds to it."""
    result = findings("movement.foot-eversion=weak&utm_source=newsletter&fbclid=abc&colour=red&power.hip-flexion=4")
    assert result == {"weak": ["foot-eversion"]}


def test_a_stray_key_named_like_a_findings_key_cannot_break_the_reflexes():
    """Regression: ?reflexes=x&reflex.ankle-jerk=brisk raised a server error (a list where the
    reflexes dict goes)."""
    assert findings("reflexes=x&reflex.ankle-jerk=brisk&pulses=y&pulse.popliteal=absent") == {
        "reflexes": {"ankle-jerk": "brisk"},
        "pulses": {"popliteal": "absent"},
    }


def test_query_state_says_what_each_control_shows():
    state = query_state(
        {
            "weak": ["ankle-dorsiflexion"],
            "spared": ["foot-inversion"],
            "sensory_loss": ["dorsum-of-foot"],
            "sensory_normal": ["sole"],
            "reflexes": {"ankle-jerk": "reduced"},
            "pulses": {"dorsalis-pedis": "present"},
            "plantar": "flexor",
            "pain": "none",
            "other": ["diabetes"],
        }
    )
    assert state == {
        "movement.ankle-dorsiflexion": "weak",
        "movement.foot-inversion": "normal",
        "area.dorsum-of-foot": "loss",
        "area.sole": "normal",
        "reflex.ankle-jerk": "reduced",
        "pulse.dorsalis-pedis": "present",
        "plantar": "flexor",
        "pain": "none",
        "other.diabetes": "present",
    }


def test_query_state_of_no_findings_is_empty():
    assert query_state({}) == {}
    assert query_state({"plantar": "", "pain": ""}) == {}


def test_a_query_survives_the_round_trip_to_findings_and_back_to_the_controls():
    query = QueryDict(
        "movement.ankle-dorsiflexion=weak&movement.foot-inversion=normal&area.dorsum-of-foot=loss&area.sole=normal"
        "&reflex.ankle-jerk=reduced&reflex.knee-jerk=normal&pulse.dorsalis-pedis=present&plantar=flexor&pain=none"
        "&other=diabetes&other=recent-injection"
    )
    expected = {}
    for key, values in query.lists():
        if key == "other":
            expected.update({f"other.{value}": "present" for value in values})
        else:
            expected[key] = values[-1]
    assert query_state(findings_from_query(query)) == expected
