"""The knowledge base in the admin: instructors read and edit every model there, nobody else gets in,
and the pages cost the same number of queries however much content there is."""

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from knowledge.models import (
    Condition,
    ConditionInvestigation,
    ContentVersion,
    Finding,
    Investigation,
    MuscleAction,
    Passage,
    ReflexRoot,
    SensoryArea,
    Source,
    Structure,
    StructureRoot,
)

# Each model with a piece of HTML its changelist shows once the shipped content is loaded.
CHANGELISTS = [
    (Source, "askvity-one-leg-weaker"),
    (Passage, "askvity-intro"),
    (Finding, "knee-jerk"),
    (ReflexRoot, "Knee jerk (patellar reflex)"),
    (Structure, "tibialis-posterior"),
    (StructureRoot, "Tibialis posterior"),
    (MuscleAction, "Tibialis posterior"),
    (SensoryArea, "Common peroneal (fibular) nerve"),
    (Investigation, "emg"),
    (Condition, "als"),
    (ConditionInvestigation, "Amyotrophic lateral sclerosis"),
    (ContentVersion, 'href="/admin/knowledge/contentversion/1/change/">1</a>'),
]
MODELS = [model for model, _ in CHANGELISTS]


def model_id(model):
    return model.__name__


def changelist_url(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def listed(response):
    return list(response.context["cl"].result_list)


def form_data(response):
    """The POST data of an admin change page as it stands, inlines included, to submit with edits."""
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is not None and value is not False:
                data[form.add_prefix(name)] = value
    return data


@pytest.fixture
def instructor_with_permissions(instructor):
    """A staff account with the permissions an instructors' group would hold: all of the app's."""
    instructor.user_permissions.set(Permission.objects.filter(content_type__app_label="knowledge"))
    return instructor


@pytest.mark.parametrize(("model", "text"), CHANGELISTS, ids=[model_id(model) for model in MODELS])
def test_changelist_shows_the_content(admin_client, content, model, text):
    response = admin_client.get(changelist_url(model))
    assert response.status_code == 200
    assert text in response.content.decode()


@pytest.mark.parametrize("model", MODELS, ids=model_id)
def test_change_page_shows_the_object(admin_client, content, model):
    obj = model.objects.order_by("pk").first()
    response = admin_client.get(change_url(obj))
    assert response.status_code == 200
    assert escape(str(obj)) in response.content.decode()


def test_source_page_lists_its_passages_in_order(admin_client, content):
    source = Source.objects.get(slug="askvity-one-leg-weaker")
    response = admin_client.get(change_url(source))
    html = response.content.decode()
    passages = [form.instance.slug for form in response.context["inline_admin_formsets"][0].formset.forms]
    assert passages[:3] == ["askvity-intro", "askvity-underlying-condition", "askvity-neuropathy"]
    assert len(passages) == source.passages.count()
    assert "Neuropathy: This involves damage to the nerves outside of the brain and spinal cord." in html


def test_structure_page_shows_roots_nerves_and_actions(admin_client, content):
    tibialis_posterior = Structure.objects.get(slug="tibialis-posterior")
    response = admin_client.get(change_url(tibialis_posterior))
    html = response.content.decode()
    assert response.status_code == 200
    for heading in ("Roots", "Muscle actions", "Sensory areas"):
        assert heading in html
    assert "L5 nerve root" in html and "L4 nerve root" in html
    assert "Tibial nerve" in html
    assert "Foot inversion" in html and "Ankle plantarflexion" in html
    assert escape("tibialis-posterior <- l5-root") in html


def test_nerve_page_shows_its_parent_and_skin_areas(admin_client, content):
    common_peroneal_nerve = Structure.objects.get(slug="common-peroneal-nerve")
    html = admin_client.get(change_url(common_peroneal_nerve)).content.decode()
    assert "Sciatic nerve" in html
    assert "common fibular nerve" in html
    assert escape("common-peroneal-nerve -> ") in html


def test_reflex_page_shows_its_roots_nerve_and_muscles(admin_client, content):
    knee_jerk = Finding.objects.get(slug="knee-jerk")
    html = admin_client.get(change_url(knee_jerk)).content.decode()
    assert "Reflex roots" in html
    assert "L3 nerve root" in html and "L4 nerve root" in html
    assert "Femoral nerve" in html and "Quadriceps femoris" in html


def test_condition_page_shows_investigations_lookalikes_and_passages(admin_client, content):
    als = Condition.objects.get(slug="als")
    html = admin_client.get(change_url(als)).content.decode()
    assert "Electromyography (EMG)" in html and "Active denervation" in html
    assert "Spinal muscular atrophy" in html
    assert "askvity-als" in html
    assert "Motor cortex" in html


@pytest.mark.parametrize(
    ("term", "slug"),
    [("fibular", "common-peroneal-nerve"), ("lateral popliteal", "common-peroneal-nerve"), ("L5", "l5-root")],
)
def test_structure_search_matches_slug_name_and_synonyms(admin_client, content, term, slug):
    response = admin_client.get(changelist_url(Structure), {"q": term})
    assert slug in [structure.slug for structure in listed(response)]


def test_structure_search_on_a_synonym_finds_only_the_structures_that_have_it(admin_client, content):
    response = admin_client.get(changelist_url(Structure), {"q": "lateral popliteal"})
    assert [structure.slug for structure in listed(response)] == ["common-peroneal-nerve"]


def test_condition_search_matches_synonyms(admin_client, content):
    response = admin_client.get(changelist_url(Condition), {"q": "motor neurone disease"})
    assert [condition.slug for condition in listed(response)] == ["als"]


def test_passage_search_matches_the_text(admin_client, content):
    response = admin_client.get(changelist_url(Passage), {"q": "herniated disc"})
    assert "askvity-spinal-problems" in [passage.slug for passage in listed(response)]


def test_finding_search_matches_the_label(admin_client, content):
    response = admin_client.get(changelist_url(Finding), {"q": "patellar"})
    assert [finding.slug for finding in listed(response)] == ["knee-jerk"]


def test_structure_changelist_filters_by_kind(admin_client, content):
    response = admin_client.get(changelist_url(Structure), {"kind__exact": "nerve"})
    kinds = {structure.kind for structure in listed(response)}
    assert kinds == {"nerve"}


def test_condition_changelist_filters_by_onset(admin_client, content):
    response = admin_client.get(changelist_url(Condition), {"onset__exact": "progressive"})
    conditions = listed(response)
    assert "als" in [condition.slug for condition in conditions]
    assert {condition.onset for condition in conditions} == {"progressive"}


@pytest.mark.parametrize("model", [model for model in MODELS if model is not ContentVersion], ids=model_id)
def test_changelist_query_count_does_not_grow_with_the_rows(admin_client, content, model):
    url = changelist_url(model)
    with CaptureQueriesContext(connection) as all_rows:
        response = admin_client.get(url)
    assert len(listed(response)) > 1
    with CaptureQueriesContext(connection) as no_rows:
        response = admin_client.get(url, {"q": "no-such-thing"})
    assert listed(response) == []
    assert len(all_rows) == len(no_rows)


@pytest.mark.parametrize("model", MODELS, ids=model_id)
def test_a_learner_is_sent_to_the_admin_login(client, learner, model):
    client.force_login(learner)
    url = changelist_url(model)
    response = client.get(url)
    assert response.status_code == 302
    assert response.headers["Location"] == f"{reverse('admin:login')}?next={url}"


def test_an_anonymous_visitor_is_sent_to_the_admin_login(client, db):
    response = client.get(changelist_url(Structure))
    assert response.status_code == 302
    assert response.headers["Location"].startswith(reverse("admin:login"))


def test_an_instructor_without_permissions_is_refused(client, instructor):
    client.force_login(instructor)
    assert client.get(changelist_url(Structure)).status_code == 403


def test_an_instructor_with_permissions_reads_the_knowledge_base(client, content, instructor_with_permissions):
    client.force_login(instructor_with_permissions)
    for model in MODELS:
        assert client.get(changelist_url(model)).status_code == 200
    tibialis_posterior = Structure.objects.get(slug="tibialis-posterior")
    assert "Tibial nerve" in client.get(change_url(tibialis_posterior)).content.decode()


def test_an_instructor_edits_a_structure_and_adds_a_root_inline(client, content, instructor_with_permissions):
    client.force_login(instructor_with_permissions)
    tibialis_posterior = Structure.objects.get(slug="tibialis-posterior")
    s1_root = Structure.objects.get(slug="s1-root")
    response = client.get(change_url(tibialis_posterior))
    data = form_data(response)
    data["summary"] = "The main inverter of the foot."
    roots = next(inline.formset for inline in response.context["inline_admin_formsets"] if inline.opts.fk_name)
    new_row = int(data[f"{roots.prefix}-TOTAL_FORMS"])
    data[f"{roots.prefix}-TOTAL_FORMS"] = new_row + 1
    data[f"{roots.prefix}-{new_row}-root"] = s1_root.pk

    response = client.post(change_url(tibialis_posterior), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    tibialis_posterior.refresh_from_db()
    assert tibialis_posterior.summary == "The main inverter of the foot."
    assert set(tibialis_posterior.root_links.values_list("root__slug", "main")) == {
        ("l4-root", False),
        ("l5-root", True),
        ("s1-root", False),
    }
    assert [nerve.slug for nerve in tibialis_posterior.nerves.all()] == ["tibial-nerve"]
    assert tibialis_posterior.synonyms == ["posterior tibial muscle"]


def test_an_instructor_adds_an_investigation(client, content, instructor_with_permissions):
    client.force_login(instructor_with_permissions)
    response = client.post(
        reverse("admin:knowledge_investigation_add"),
        {"slug": "skin-biopsy", "name": "Skin biopsy", "summary": "", "order": 20},
    )
    assert response.status_code == 302
    assert Investigation.objects.get(slug="skin-biopsy").name == "Skin biopsy"


def test_autocomplete_finds_structures_for_an_instructor(client, content, instructor_with_permissions):
    client.force_login(instructor_with_permissions)
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "knowledge", "model_name": "structure", "field_name": "nerves", "term": "medial popliteal"},
    )
    assert response.status_code == 200
    assert [result["text"] for result in response.json()["results"]] == ["Tibial nerve"]


def test_content_version_is_read_only(admin_client, content):
    version = ContentVersion.objects.get()
    response = admin_client.get(change_url(version))
    html = response.content.decode()
    assert response.status_code == 200
    assert "View content version" in html
    assert 'name="_save"' not in html
    assert admin_client.post(change_url(version), {"number": 99}).status_code == 403
    assert admin_client.get(reverse("admin:knowledge_contentversion_add")).status_code == 403
    assert admin_client.get(reverse("admin:knowledge_contentversion_delete", args=[version.pk])).status_code == 403
    version.refresh_from_db()
    assert version.number == 1


def test_admin_pages_keep_the_content_security_policy(admin_client, content):
    tibialis_posterior = Structure.objects.get(slug="tibialis-posterior")
    for url in (changelist_url(Structure), change_url(tibialis_posterior)):
        response = admin_client.get(url)
        assert "script-src 'self'" in response.headers["Content-Security-Policy"]
        html = response.content.decode()
        assert "<script>" not in html and " style=" not in html


def test_an_edit_in_the_admin_moves_the_content_version_so_the_localizer_rebuilds(admin_client):
    from knowledge.graph import get_engine
    from knowledge.versioning import content_version

    spare = Structure.objects.create(slug="spare-nerve", name="Spare nerve", kind="nerve", level="peripheral-nerve")
    assert "spare-nerve" in get_engine().profiles
    before_version = content_version()
    response = admin_client.post(reverse("admin:knowledge_structure_delete", args=[spare.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert content_version() > before_version
    assert "spare-nerve" not in get_engine().profiles
