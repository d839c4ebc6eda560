"""The item analysis of an open site step, where students pick any site of the pathway: each site
picked is counted like an option, the wrong ones go on the misconception map, and the cohort's CSV
gives the site picked as the answer."""

import csv
import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cases.models import Response, Step
from knowledge.models import Structure
from teaching.analysis import SitePick, analyse, wrong_sites
from teaching.models import Membership
from tests.factories import make_user, option
from tests.teaching.conftest import set_assignment

pytestmark = pytest.mark.usefixtures("content")

# The first pick of each of the five students at the open site step 2.
PICKS = [
    "common-peroneal-nerve",  # right
    "common-peroneal-nerve/at-the-fibular-head",  # right, another pick
    "l5-root",  # wrong, a distractor the case wrote feedback for
    "tibial-nerve",  # wrong, no option: the same nerve twice, at two segments
    "tibial-nerve/at-the-ankle",
]


@pytest.fixture
def open_case(case):
    Step.objects.filter(case=case, kind="site").update(mode="open")
    return case


def name(slug):
    return Structure.objects.get(slug=slug).name


def play(user, case, pick):
    """The student answers step 1 right, picks `pick` first at step 2 (then the answer if wrong),
    answers step 3 right, and finishes."""
    client = Client()
    client.force_login(user)
    client.post(f"/cases/{case.slug}/steps/1/", {"option": option(case, 1).key})
    client.post(f"/cases/{case.slug}/steps/2/", {"site": pick})
    client.post(f"/cases/{case.slug}/steps/2/", {"site": "common-peroneal-nerve"})
    client.post(f"/cases/{case.slug}/steps/3/", {"option": option(case, 3).key})
    assert client.post(f"/cases/{case.slug}/finish/").status_code == 302


def step_block(html, number):
    return html.split(f"<h4>Step {number}:")[1].split("</table>")[0]


def test_each_site_picked_is_listed_like_an_option_most_picked_first(client, teacher, cohort, open_case, students):
    assignment = set_assignment(cohort, [open_case])
    for user, pick in zip(students, PICKS, strict=True):
        play(user, open_case, pick)
    client.force_login(teacher)
    response = client.get(f"/teach/assignments/{assignment.pk}/")
    assert response.status_code == 200
    block = step_block(response.content.decode(), 2)
    assert "Facility <strong>0.40</strong>" in block and '<th scope="col">Site picked</th>' in block
    rows = [
        " ".join(row.split()) for row in block.split("<tbody>")[1].replace("</tr>", "\n").split("\n") if "<th" in row
    ]
    cpn, tibial = name("common-peroneal-nerve"), name("tibial-nerve")
    assert len(rows) == 5 and all("(20%)" in row for row in rows)  # each picked once: one in five
    assert f"{cpn} <span" in rows[0] and "(right)" in rows[0] and "correct-row" in rows[0]
    assert f"{cpn}, at the fibular head <span" in rows[1] and "(right)" in rows[1]
    assert rows[2].startswith(f'<tr><th scope="row">{name("l5-root")}</th>')
    assert f">{tibial}</th>" in rows[3] and f">{tibial}, at the ankle (tarsal tunnel)</th>" in rows[4]
    assert "Sciatic nerve" not in block  # an option no one picked is not listed
    assert "distractor" not in block and "under 5%" not in block  # no fixed distractors to flag


def test_the_most_picked_site_comes_first_and_wrong_picks_go_on_the_map(client, teacher, cohort, open_case, students):
    assignment = set_assignment(cohort, [open_case])
    picks = ["l4-root", "l4-root", "l4-root", "tibial-nerve", "tibial-nerve/at-the-ankle"]
    for user, pick in zip(students, picks, strict=True):
        play(user, open_case, pick)
    client.force_login(teacher)
    html = client.get(f"/teach/assignments/{assignment.pk}/").content.decode()
    block = step_block(html, 2)
    assert block.split("<tbody>")[1].index(name("l4-root")) < block.split("<tbody>")[1].index(name("tibial-nerve"))
    assert "3 (60%)" in block and "Facility <strong>0.00</strong>" in block
    assert 'class="pathway misconception-map"' in html
    assert f"{name('l4-root')} (3)" in html and f"{name('tibial-nerve')} (2)" in html  # the map: segments merged
    table = html.split("The wrong sites chosen most at the first try")[1].split("</table>")[0]
    assert f"{name('l4-root')}</a></th><td>Root</td><td>3</td>" in table
    assert f"{name('tibial-nerve')}</a></th><td>Peripheral nerve</td><td>2</td>" in table


def test_wrong_sites_merge_picks_of_a_structure_with_its_option(open_case):
    steps = list(Step.objects.filter(case=open_case).prefetch_related("options__structure").order_by("number"))
    site_step = steps[1]
    l5 = Structure.objects.get(slug="l5-root")
    l5_option = next(option for option in site_step.options.all() if option.structure_id == l5.pk)
    right = next(option for option in site_step.options.all() if option.correct)
    answers = {
        (1, site_step.pk): (SitePick(l5, "", l5_option.pk), False),
        (2, site_step.pk): (SitePick(right.structure, "", right.pk), True),
        (3, site_step.pk): (l5_option.pk, False),  # given while the step was still a choice
    }
    (analysis,) = [item for item in analyse(steps, answers)[0] if item.step == site_step]
    assert [(row.label, count, row.counts_as_right) for row, count, _, rare in analysis.options] == [
        (l5.name, 2, False),
        (right.structure.name, 1, True),
    ]
    assert wrong_sites([analysis]) == [(l5, 2)]


def test_the_cohort_csv_gives_the_site_picked(client, teacher, cohort, open_case, students):
    set_assignment(cohort, [open_case])
    play(students[0], open_case, "tibial-nerve/at-the-ankle")
    client.force_login(teacher)
    response = client.get(f"/teach/cohorts/{cohort.pk}/responses.csv")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(row["step"], row["answer"], row["right"], row["first"]) for row in rows] == [
        ("1", "Peripheral nerve", "True", "True"),
        ("2", f"{name('tibial-nerve')}, at the ankle (tarsal tunnel)", "False", "True"),
        ("2", name("common-peroneal-nerve"), "True", "False"),
        ("3", "Peroneal palsy at the fibular head", "True", "True"),
    ]
    assert set(rows[0]) == {"learner", "case", "attempt", "started", "finished", "step", "kind", "answer", "right",
                            "first", "at"}  # fmt: skip


def test_the_dashboard_and_csv_of_open_picks_run_a_fixed_number_of_queries(client, teacher, cohort, open_case):
    assignment = set_assignment(cohort, [open_case])
    client.force_login(teacher)
    urls = [f"/teach/assignments/{assignment.pk}/", f"/teach/cohorts/{cohort.pk}/responses.csv"]

    def add_students(picks):
        for pick in picks:
            user = make_user()
            Membership.objects.create(cohort=cohort, learner=user)
            play(user, open_case, pick)

    add_students(PICKS[:3])
    for url in urls:
        client.get(url)
    with CaptureQueriesContext(connection) as few:
        for url in urls:
            client.get(url)
    add_students(PICKS * 6)
    assert Response.objects.filter(site__isnull=False, first=True).count() == 33
    with CaptureQueriesContext(connection) as many:
        for url in urls:
            assert client.get(url).status_code == 200
    assert len(many) == len(few) <= 20, [query["sql"][:100] for query in many.captured_queries]


def test_the_demo_cohort_picks_a_site_at_open_steps(db):
    from django.core.management import call_command

    call_command("make_demo_cohort", "--students", "6", "--cases", "8", "--seed", "3")
    at_open = Response.objects.filter(step__mode="open")
    assert at_open.exists() and not at_open.filter(site__isnull=True).exists()
    assert not Response.objects.filter(step__mode="choice", site__isnull=False).exists()
