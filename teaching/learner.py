"""What a student sees of their cohorts: their assignments on /me/, submitting an exam, and which
cases they are sitting as an open exam (the case page then holds back feedback)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from cases.models import Attempt
from teaching.models import Assignment, Submission


def _mine(user):
    return Assignment.objects.filter(cohort__memberships__learner=user)


def open_exam_case_ids(user):
    """The cases of the user's exam assignments that are not yet due and not submitted."""
    submitted = Submission.objects.filter(assignment=OuterRef("assignment_id"), learner=user)
    through = Assignment.cases.through.objects.filter(
        assignment__mode=Assignment.Mode.EXAM,
        assignment__due__gt=timezone.now(),
        assignment__cohort__memberships__learner=user,
    ).exclude(Exists(submitted))
    return set(through.values_list("case_id", flat=True))


def assignments_section(request):
    assignments = list(
        _mine(request.user)
        .select_related("cohort")
        .prefetch_related("cases")
        .annotate(submitted=Exists(Submission.objects.filter(assignment=OuterRef("pk"), learner=request.user)))
        .order_by("due", "id")
    )
    if not assignments and not request.user.memberships.exists():
        return {"template": "teaching/_me_assignments.html", "assignments": [], "cohorts": False}
    finished = set(
        Attempt.objects.filter(learner=request.user, finished__isnull=False).values_list("case_id", "started")
    )
    now = timezone.now()
    for assignment in assignments:
        done = {case_id for case_id, started in finished if started >= assignment.created}
        assignment.rows = [(case, case.pk in done) for case in assignment.cases.all()]
        assignment.done = sum(1 for _, is_done in assignment.rows if is_done)
        assignment.open = assignment.due > now
    return {"template": "teaching/_me_assignments.html", "assignments": assignments, "cohorts": True}


@require_POST
@login_required
def assignment_submit(request, pk):
    assignment = get_object_or_404(_mine(request.user), pk=pk, mode=Assignment.Mode.EXAM)
    try:
        with transaction.atomic():
            Submission.objects.create(assignment=assignment, learner=request.user)
        messages.success(request, f"“{assignment.title}” is submitted: its feedback is open to you now.")
    except IntegrityError:
        messages.info(request, f"“{assignment.title}” was already submitted.")
    return redirect("me")
