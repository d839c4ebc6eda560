"""The teaching cases in the admin: staff read a case with its steps and options, learners'
attempts are records nobody edits, and a learner gets nowhere."""

from django.urls import reverse
from django.utils.html import escape

from cases.models import Attempt, Case, Step


def test_a_case_reads_with_its_steps_and_a_step_with_its_options(admin_client, content):
    case = Case.objects.published().first()

    listing = admin_client.get(reverse("admin:cases_case_changelist")).content.decode()
    page = admin_client.get(reverse("admin:cases_case_change", args=[case.pk])).content.decode()
    first = Step.objects.get(case=case, number=1)
    step_page = admin_client.get(reverse("admin:cases_step_change", args=[first.pk])).content.decode()

    assert escape(case.title) in listing
    for step in case.steps.all():
        assert escape(step.prompt) in page
    for option in first.options.all():
        assert escape(option.label) in step_page


def test_attempts_are_read_only(admin_client, content):
    case = Case.objects.published().first()
    attempt = Attempt.objects.create(case=case, session_key="abc")

    assert admin_client.get(reverse("admin:cases_attempt_change", args=[attempt.pk])).status_code == 200
    assert admin_client.get(reverse("admin:cases_attempt_add")).status_code == 403
    admin_client.post(reverse("admin:cases_attempt_change", args=[attempt.pk]), {"score": 4})
    attempt.refresh_from_db()
    assert attempt.score is None


def test_a_learner_cannot_open_the_case_admin(client, learner):
    client.force_login(learner)

    response = client.get(reverse("admin:cases_case_changelist"))

    assert response.status_code == 302 and "/admin/login/" in response["Location"]
