import re

import pytest
from django.test import Client

from cases.models import Attempt, Option, Response
from tests.factories import make_case, option

pytestmark = pytest.mark.usefixtures("content")


@pytest.fixture
def case(db):
    return make_case()


def answer(client, case, number, chosen, htmx=False, **extra):
    data = {"option": chosen.key} if chosen is not None else {}
    data.update(extra)
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(f"/cases/{case.slug}/steps/{number}/", data, headers=headers)


def test_the_case_page_shows_the_stem_the_examination_and_the_first_step(client, case):
    response = client.get(f"/cases/{case.slug}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<strong>slapping</strong>" in html
    assert "Ankle dorsiflexion (foot up)" in html and "2/5" in html
    assert 'class="map-area map-lost" data-area="dorsum-of-foot"' in html
    assert 'class="map-area map-normal" data-area="sole"' in html
    assert "At what level is the lesion?" in html
    assert "Which structure?" not in html  # one step at a time


def test_it_hides_the_answer_before_it_is_given(client, case):
    html = client.get(f"/cases/{case.slug}/").content.decode()
    assert "SECRET" not in html
    assert "correct" not in html.lower().replace("csrf", "")
    step_one = [o.label for o in Option.objects.filter(step__case=case, step__number=1)]
    shown = re.findall(r'name="option" value="[^"]+"> ([^<]+?)\s*</label>', html)
    assert shown == sorted(step_one, key=str.lower)  # by label, not the author's order
    lines = re.findall(r'<label class="option">.*?</label>', html, re.S)
    shapes = {re.sub(r'value="[^"]+"> [^<]+', "", line) for line in lines}
    assert len(shapes) == 1  # every option's markup is the same but for its key and label
    keys = re.findall(r'name="option" value="([^"]+)"', html)
    assert all(str(o.pk) not in keys for o in Option.objects.all())


def test_a_right_answer_as_htmx_returns_the_feedback_and_the_next_step(client, case):
    response = answer(client, case, 1, option(case, 1), htmx=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="step-1"')
    assert "SECRET-LEVEL-RIGHT" in html and "<strong>Right:</strong>" in html
    assert 'id="step-2"' in html and "Which structure?" in html
    assert "<html" not in html
    assert 'role="status"' in html and "data-autofocus" in html
    response_row = Response.objects.get()
    assert response_row.first and response_row.correct


def test_a_wrong_site_is_answered_with_the_finding_that_refutes_it(client, case):
    answer(client, case, 1, option(case, 1))
    html = answer(client, case, 2, option(case, 2, correct=False), htmx=True).content.decode()
    assert "Not right" in html and "SECRET-L5-WRONG" in html
    assert re.search(r"Against it: [^.]*normal foot inversion", html)
    assert "foot inversion is the work of tibialis posterior (tibial nerve, L5)" in html
    assert "SECRET-CPN-RIGHT" not in html  # the right answer's feedback is not given away
    assert "Answer again" in html  # a wrong answer may be tried again


def test_the_right_site_explains_the_findings_and_quotes_its_source(client, case):
    answer(client, case, 1, option(case, 1))
    html = answer(client, case, 2, option(case, 2), htmx=True).content.decode()
    assert "A lesion of the common peroneal (fibular) nerve explains weak ankle dorsiflexion" in html
    assert "The causes of a local motor defect most often lie in dysfunction of the roots" in html
    assert 'href="/sources/ilive-unilateral-leg-weakness/#passage-ilive-roots-plexuses-nerves"' in html


def test_without_javascript_an_answer_redirects_to_the_page_with_its_feedback(client, case):
    response = answer(client, case, 1, option(case, 1, correct=False))
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{case.slug}/#feedback-1"
    html = client.get(response["Location"]).content.decode()
    assert "<strong>Not right:</strong>" in html and "Which structure?" in html
    assert "Answer again" in html


def test_the_first_answer_is_scored_and_a_retry_is_kept_as_a_retry(client, case):
    answer(client, case, 1, option(case, 1, correct=False))
    answer(client, case, 1, option(case, 1))
    first, retry = Response.objects.order_by("id")
    assert (first.first, first.correct) == (True, False)
    assert (retry.first, retry.correct) == (False, True)
    html = client.get(f"/cases/{case.slug}/").content.decode()
    assert "the one scored, was not right" in html


def play_to_the_end(client, case):
    for number in (1, 2, 3):
        answer(client, case, number, option(case, number))
    return client.post(f"/cases/{case.slug}/finish/")


def test_the_summary_scores_teaches_links_and_shows_how_others_answered(client, case):
    other = Client()
    answer(other, case, 1, option(case, 1, correct=False))
    play_to_the_end(other, case)
    for _ in range(3):
        play_to_the_end(Client(), case)
    answer(Client(), case, 1, option(case, 1, correct=False))  # never finished: not counted
    response = play_to_the_end(client, case)
    assert response.status_code == 302 and response["Location"].endswith("#summary")
    html = client.get(f"/cases/{case.slug}/").content.decode()
    assert "You answered <strong>3 of 3</strong>" in html
    assert 'Inversion tells <strong><a class="crosslink" href="/anatomy/l5-root/">L5</a></strong>' in html
    assert 'href="/conditions/common-peroneal-palsy/"' in html and 'href="/anatomy/common-peroneal-nerve/"' in html
    assert "first answers of 5 learners" in html  # step 1: this learner and the four others
    assert "20% (1)" in html and "80% (4)" in html
    attempt = Attempt.objects.get(finished__isnull=False, session_key=client.session.session_key)
    assert attempt.score == 3


def test_finishing_before_every_step_is_answered_is_refused(client, case):
    answer(client, case, 1, option(case, 1))
    response = client.post(f"/cases/{case.slug}/finish/")
    assert response.status_code == 409
    assert "Answer step 2 before finishing" in response.content.decode()
    assert Attempt.objects.get().finished is None


def test_play_again_starts_a_fresh_attempt(client, case):
    play_to_the_end(client, case)
    assert client.post(f"/cases/{case.slug}/restart/").status_code == 302
    html = client.get(f"/cases/{case.slug}/").content.decode()
    assert "Summary" not in html and "At what level is the lesion?" in html
    assert Attempt.objects.count() == 2


# --- Tampering: a clear 4xx, never a 500 --------------------------------------------------------


def test_an_option_of_another_step_is_refused(client, case):
    response = answer(client, case, 1, option(case, 2))
    assert response.status_code == 400
    assert "not one of this step" in response.content.decode()
    assert not Response.objects.exists()


def test_an_option_of_another_case_is_refused(client, case):
    other = make_case(slug="another-case")
    assert answer(client, case, 1, option(other, 1)).status_code == 400
    assert not Response.objects.exists()


def test_an_unknown_step_is_a_404(client, case):
    assert answer(client, case, 9, option(case, 1)).status_code == 404


def test_answering_a_step_before_its_predecessor_is_refused(client, case):
    response = answer(client, case, 2, option(case, 2), htmx=True)
    assert response.status_code == 409
    assert "Answer step 1 first" in response.content.decode()
    assert not Response.objects.exists()


def test_answering_after_the_case_is_finished_is_refused(client, case):
    play_to_the_end(client, case)
    response = answer(client, case, 1, option(case, 1, correct=False))
    assert response.status_code == 409
    assert "This case is finished" in response.content.decode()
    assert Response.objects.count() == 3


@pytest.mark.parametrize("data", [{}, {"option": ""}, {"option": "nonsense"}])
def test_a_missing_or_unknown_option_is_refused(client, case, data):
    response = client.post(f"/cases/{case.slug}/steps/1/", data)
    assert response.status_code == 400
    assert not Response.objects.exists()


def test_a_doubled_option_field_is_refused(client, case):
    response = client.post(
        f"/cases/{case.slug}/steps/1/", {"option": [option(case, 1).key, option(case, 1, correct=False).key]}
    )
    assert response.status_code == 400
    assert "Choose one option" in response.content.decode()


def test_an_unpublished_case_cannot_be_seen_or_answered(client, db):
    hidden = make_case(slug="draft", published=False)
    assert client.get("/cases/draft/").status_code == 404
    assert answer(client, hidden, 1, option(hidden, 1)).status_code == 404
    assert "draft" not in client.get("/cases/").content.decode()


def test_get_on_an_answer_url_is_not_allowed(client, case):
    assert client.get(f"/cases/{case.slug}/steps/1/").status_code == 405


def test_csrf_is_required_to_answer(case):
    client = Client(enforce_csrf_checks=True)
    assert answer(client, case, 1, option(case, 1)).status_code == 403


# --- Owners: nobody sees another's record -------------------------------------------------------


def test_an_anonymous_visitors_attempt_lives_in_their_session_only(client, case):
    answer(client, case, 1, option(case, 1, correct=False))
    attempt = Attempt.objects.get()
    assert attempt.learner is None and attempt.session_key
    stranger = Client()
    html = stranger.get(f"/cases/{case.slug}/").content.decode()
    assert "Not right" not in html and "SECRET" not in html


def test_a_learner_plays_on_their_account_and_an_outsider_sees_nothing_of_it(client, case, learner, outsider):
    client.force_login(learner)
    answer(client, case, 1, option(case, 1, correct=False))
    assert Attempt.objects.get().learner == learner
    other = Client()
    other.force_login(outsider)
    html = other.get(f"/cases/{case.slug}/").content.decode()
    assert "Not right" not in html and "SECRET" not in html
    assert "In progress" not in other.get("/cases/").content.decode()
    assert "In progress" in client.get("/cases/").content.decode()


# --- Markdown is sanitized ----------------------------------------------------------------------


def test_authored_markdown_cannot_inject_script_or_styles(client, db):
    evil = make_case(
        slug="evil",
        stem=(
            'Hello <script>alert(1)</script> <img src=x onerror="alert(2)"> '
            '[x](javascript:alert(3)) <b style="color:red">b</b>'
        ),
    )
    html = client.get(f"/cases/{evil.slug}/").content.decode()
    assert "<script>alert" not in html and "onerror" not in html and "javascript:" not in html
    assert 'style="color' not in html


# --- Speed: a fixed number of queries ----------------------------------------------------------


def test_the_case_page_and_answering_run_a_fixed_number_of_queries(client, case, django_assert_max_num_queries):
    for index in range(5):  # more cases and more attempts by others change nothing
        make_case(slug=f"extra-{index}")
        answer(Client(), case, 1, option(case, 1, correct=False), htmx=True)  # builds the cross-link index
    client.get(f"/cases/{case.slug}/")  # builds the engine once
    with django_assert_max_num_queries(10):
        client.get(f"/cases/{case.slug}/")
    chosen = option(case, 1)
    with django_assert_max_num_queries(28):  # the first answer also opens the session and the attempt
        answer(client, case, 1, chosen, htmx=True)
    chosen = option(case, 2)
    with django_assert_max_num_queries(18):
        answer(client, case, 2, chosen, htmx=True)
    play_to_the_end(client, case)
    with django_assert_max_num_queries(14):
        client.get(f"/cases/{case.slug}/")


def test_the_case_list_runs_a_fixed_number_of_queries(client, case, django_assert_max_num_queries):
    for index in range(5):
        make_case(slug=f"more-{index}")
    with django_assert_max_num_queries(5):
        response = client.get("/cases/")
    assert response.status_code == 200


def test_the_case_list_filters_by_topic_and_difficulty(client, case):
    make_case(slug="other-topic").__class__.objects.filter(slug="other-topic").update(
        topics=["weak-thigh"], difficulty="advanced"
    )
    html = client.get("/cases/?topic=weak-thigh").content.decode()
    assert "Case other-topic" in html and f"Case {case.slug}" not in html
    assert "weak thigh" in html  # topics read as words
    html = client.get("/cases/?difficulty=introductory").content.decode()
    assert f"Case {case.slug}" in html and "Case other-topic" not in html
    html = client.get("/cases/?topic=no-such-topic").content.decode()
    assert "No case matches these filters" in html


def test_the_case_list_offers_no_filter_by_answer(client, case):
    """A filter by condition would list a case under its diagnosis: there is none, and the
    parameter is ignored."""
    html = client.get("/cases/").content.decode()
    assert 'name="condition"' not in html and "Common peroneal palsy" not in html
    assert f"Case {case.slug}" in client.get("/cases/?condition=l5-radiculopathy").content.decode()


def test_an_anonymous_attempt_moves_to_the_account_at_sign_in(client, case, learner):
    answer(client, case, 1, option(case, 1, correct=False))
    assert Attempt.objects.get().learner is None
    client.force_login(learner)
    attempt = Attempt.objects.get()
    assert attempt.learner == learner and attempt.session_key == ""
    html = client.get(f"/cases/{case.slug}/").content.decode()
    assert "Not right" in html  # the answer given before signing in is still there


# --- Honest teaching ------------------------------------------------------------------------------


def test_the_level_feedback_speaks_of_the_level_and_never_names_its_best_site(client, case):
    html = answer(client, case, 1, option(case, 1), htmx=True).content.decode()
    feedback = html.split('id="feedback-1"')[1].split('id="step-2"')[0]
    assert "The best-placed lesion at the peripheral nerve level explains weak ankle dorsiflexion" in feedback
    assert "peroneal" not in feedback.lower() and "More on this site" not in feedback


def test_a_wrong_level_is_answered_with_what_argues_against_the_level(client, case):
    wrong = Option.objects.get(step__case=case, step__number=1, level="root")
    html = answer(client, case, 1, wrong, htmx=True).content.decode()
    feedback = html.split('id="feedback-1"')[1].split('id="step-2"')[0]
    assert "The best-placed lesion at the root level explains" in feedback
    assert "but not" in feedback or "Against it" in feedback
    assert "Common peroneal" not in feedback  # the site step's answer is not named


def test_the_site_feedback_names_the_chosen_site(client, case):
    answer(client, case, 1, option(case, 1))
    html = answer(client, case, 2, option(case, 2), htmx=True).content.decode()
    assert "A lesion of the common peroneal (fibular) nerve explains" in html
    assert 'href="/anatomy/common-peroneal-nerve/">More on this site' in html


def test_a_step_answered_right_cannot_be_answered_again(client, case):
    answer(client, case, 1, option(case, 1))
    response = answer(client, case, 1, option(case, 1, correct=False), htmx=True)
    assert response.status_code == 409
    assert "already answered right" in response.content.decode()
    assert Response.objects.count() == 1


def test_peers_count_each_learner_once_and_only_finished_attempts(client, case):
    other = Client()
    answer(other, case, 1, option(case, 1, correct=False))
    play_to_the_end(other, case)
    for _ in range(3):  # the same visitor playing again and again counts once, by their first play
        other.post(f"/cases/{case.slug}/restart/")
        play_to_the_end(other, case)
    for _ in range(5):  # visitors who never finish are not counted
        answer(Client(), case, 1, option(case, 1))
    play_to_the_end(client, case)
    html = client.get(f"/cases/{case.slug}/").content.decode()
    assert "first answers of" not in html  # 2 learners: fewer than 5, so no figures at all
    assert "shown once at least 5 learners have answered it" in html
    assert Response.objects.first_answer_counts(case)[option(case, 1, correct=False).pk] == 1
    assert sum(Response.objects.first_answer_counts(case).values()) == 2 * 3  # two learners, three steps


def test_peers_are_shown_from_the_fifth_learner_and_never_name_anyone(client, case, learner):
    for _ in range(3):
        play_to_the_end(Client(), case)
    client.force_login(learner)
    play_to_the_end(client, case)
    html = client.get(f"/cases/{case.slug}/").content.decode()
    assert "first answers of" not in html and "shown once at least 5 learners" in html  # four
    play_to_the_end(Client(), case)
    html = client.get(f"/cases/{case.slug}/").content.decode()
    assert "first answers of 5 learners" in html and "100% (5)" in html
    summary = html.split('id="summary"')[1]
    assert learner.email not in summary and "example.org" not in summary


def test_the_session_remembers_each_attempt_once(client, case):
    answer(client, case, 1, option(case, 1, correct=False))
    answer(client, case, 1, option(case, 1))
    answer(client, case, 2, option(case, 2))
    assert client.session["legweak_attempts"] == [Attempt.objects.get().pk]


def test_the_contrasting_case_is_named_only_once_both_are_finished(client, case):
    other = make_case(slug="the-other-case")
    case.__class__.objects.filter(pk=case.pk).update(contrast=other)
    play_to_the_end(client, case)
    assert "Case the-other-case" not in client.get(f"/cases/{case.slug}/").content.decode()
    play_to_the_end(client, other)
    assert "Case the-other-case" in client.get(f"/cases/{case.slug}/").content.decode()


def test_the_body_map_and_heading_follow_the_weak_side(client, case):
    html = client.get(f"/cases/{case.slug}/").content.decode()
    assert "Examination of the weak right leg" in html and ">right leg</text>" in html
    assert 'transform="matrix(-1 0 0 1 360 0)"' not in html
    case.__class__.objects.filter(pk=case.pk).update(side="left")
    html = client.get(f"/cases/{case.slug}/").content.decode()
    assert "Examination of the weak left leg" in html and ">left leg</text>" in html
    assert 'transform="matrix(-1 0 0 1 360 0)"' in html


def test_an_observed_power_reads_as_observed_not_as_a_grade(client, case):
    case.__class__.objects.filter(pk=case.pk).update(
        examination={"power": {"knee-flexion": "weak", "hip-flexion": "normal"}}
    )
    html = client.get(f"/cases/{case.slug}/").content.decode()
    assert "weak (observed)" in html and "normal (observed)" in html and "/5" not in html
    assert case.__class__.objects.get(pk=case.pk).findings() == {"weak": ["knee-flexion"], "spared": ["hip-flexion"]}


def test_an_accepted_alternative_counts_as_right_and_says_so(client, case):
    """A site the examination cannot tell from the correct one: it finishes the step as right
    ("Accepted"), is scored right, and is marked as accepted among the peers' answers."""
    alternative = option(case, 1, correct=False)
    Option.objects.filter(pk=alternative.pk).update(accepted=True)
    html = answer(client, case, 1, alternative, htmx=True).content.decode()
    assert "<strong>Accepted:</strong>" in html and "<strong>Not right" not in html
    assert 'id="step-2"' in html  # the step is done: the next one is open
    assert Response.objects.get().correct
    again = answer(client, case, 1, option(case, 1), htmx=True)
    assert again.status_code == 409 and Response.objects.count() == 1  # answered right already


def test_the_segment_a_case_teaches_is_shown_only_with_the_right_site(client, case):
    right_site = option(case, 2)
    Option.objects.filter(pk=right_site.pk).update(segment="at-the-fibular-head")
    answer(client, case, 1, option(case, 1))
    wrong = answer(client, case, 2, option(case, 2, correct=False), htmx=True).content.decode()
    assert "At the fibular head" not in wrong and "Where along the nerve" not in wrong
    right = answer(client, case, 2, right_site, htmx=True).content.decode()
    assert "Where along the nerve: <strong>At the fibular head</strong>." in right
