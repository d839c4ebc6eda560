"""No input gives a 500: hypothesis sends arbitrary data to every form and JSON endpoint (as a
visitor, a learner and an instructor, as each page may be used) and every answer must be below 500.
allauth's rate limits are cleared between examples so that the forms themselves are reached."""

import json

import pytest
from django.core.cache import cache
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from learners.models import ReviewItem
from teaching.models import Cohort
from teaching.permissions import instructors_group
from tests.factories import make_case, make_user, option

pytestmark = pytest.mark.usefixtures("content")
FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
text = st.text(max_size=80)
FIELD_NAMES = ["option", "rating", "code", "name", "title", "due", "mode", "cases", "keep", "password",
               "login", "email", "password1", "password2", "q", "weak", "spared", "x"]  # fmt: skip
fields = st.dictionaries(st.sampled_from(FIELD_NAMES), text | st.integers().map(str), max_size=6)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | text,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(text, children, max_size=4),
    max_leaves=12,
)
findings_like = st.fixed_dictionaries(
    {},
    optional={
        "weak": st.lists(text | st.sampled_from(["ankle-dorsiflexion", "hip-flexion"]), max_size=3),
        "spared": st.lists(text, max_size=3),
        "sensory_loss": st.lists(text | st.sampled_from(["dorsum-of-foot"]), max_size=3),
        "reflexes": st.dictionaries(text | st.just("knee-jerk"), text | st.just("absent"), max_size=2),
        "plantar": text,
        "pain": text,
        "other": json_values,
    },
)


@pytest.fixture
def world(db):
    case = make_case()
    learner = make_user(username="fuzzlearner")
    teacher = make_user(username="fuzzteacher", is_staff=True)
    teacher.groups.add(instructors_group())
    learner_client, teacher_client = Client(), Client()
    learner_client.force_login(learner)
    teacher_client.force_login(teacher)
    learner_client.post(f"/cases/{case.slug}/steps/1/", {"option": option(case, 1, correct=False).key})
    return {
        "case": case,
        "visitor": Client(),
        "learner": learner_client,
        "teacher": teacher_client,
        "item": ReviewItem.objects.get().pk,
        "cohort": Cohort.objects.create(name="Fuzz", owner=teacher).pk,
    }


def urls(world):
    slug = world["case"].slug
    return [
        ("visitor", f"/cases/{slug}/steps/1/"),
        ("visitor", f"/cases/{slug}/steps/2/"),
        ("visitor", f"/cases/{slug}/finish/"),
        ("visitor", "/accounts/login/"),
        ("visitor", "/accounts/signup/"),
        ("visitor", "/accounts/password/reset/"),
        ("learner", f"/me/review/{world['item']}/answer/"),
        ("learner", f"/me/review/{world['item']}/rate/"),
        ("learner", "/me/delete/"),
        ("learner", "/join/"),
        ("learner", "/accounts/password/change/"),
        ("teacher", "/teach/"),
        ("teacher", f"/teach/cohorts/{world['cohort']}/"),
    ]


@FUZZ
@given(data=fields)
def test_no_form_answers_with_a_500(world, data):
    for role, url in urls(world):
        cache.clear()
        response = world[role].post(url, data)
        assert response.status_code < 500, (role, url, data)


@FUZZ
@given(body=json_values | findings_like)
def test_the_localizer_api_answers_any_json_with_a_4xx_or_a_ranking(world, body):
    response = world["visitor"].post("/api/localize", json.dumps(body), content_type="application/json")
    assert response.status_code in (200, 400), (body, response.content[:200])


@FUZZ
@given(raw=st.binary(max_size=200))
def test_the_localizer_api_answers_any_bytes(world, raw):
    response = world["visitor"].post("/api/localize", raw, content_type="application/json")
    assert response.status_code in (200, 400)


QUERY_NAMES = ["q", "weak", "spared", "sensory_loss", "reflex-knee-jerk", "topic", "difficulty", "plantar", "pain"]


@FUZZ
@given(query=st.dictionaries(st.sampled_from(QUERY_NAMES), text, max_size=5))
def test_no_query_string_answers_with_a_500(world, query):
    for url in ["/search/", "/localize/", "/cases/", "/api/sites/l5-root/deficits"]:
        assert world["visitor"].get(url, query).status_code < 500, (url, query)
