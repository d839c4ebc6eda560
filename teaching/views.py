"""/teach/: an instructor's cohorts, assignments and their item analysis; and /join/, where a
student joins a cohort with its code. An instructor sees only their own cohorts (404 otherwise)."""

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.db.models import Count, Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from cases.models import Attempt, Option, Response, Step, pick_label
from knowledge.graph import get_engine
from knowledge.models import Structure
from teaching import analysis
from teaching.access import instructor_required
from teaching.diagram import misconception_map
from teaching.forms import AssignmentForm, CohortForm, JoinForm
from teaching.models import Assignment, Cohort, Membership


@require_http_methods(["GET", "HEAD", "POST"])
@instructor_required
def teach_home(request):
    form = CohortForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        cohort = form.save(commit=False)
        cohort.owner = request.user
        cohort.save()
        messages.success(request, f"Cohort “{cohort.name}” made: give your students its join link or code.")
        return redirect(cohort)
    cohorts = Cohort.objects.owned_by(request.user).annotate(
        member_count=Count("memberships", distinct=True), assignment_count=Count("assignments", distinct=True)
    )
    status = 400 if form.errors else 200
    return render(request, "teaching/home.html", {"cohorts": cohorts, "form": form}, status=status)


def _own_cohort(request, pk):
    return get_object_or_404(Cohort.objects.owned_by(request.user), pk=pk)


@require_http_methods(["GET", "HEAD", "POST"])
@instructor_required
def cohort_detail(request, pk):
    cohort = _own_cohort(request, pk)
    form = AssignmentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        assignment = form.save(commit=False)
        assignment.cohort = cohort
        assignment.save()
        form.save_m2m()
        messages.success(request, f"Assignment “{assignment.title}” set for {cohort.name}.")
        return redirect(assignment)
    assignments = cohort.assignments.annotate(
        case_count=Count("cases", distinct=True), submission_count=Count("submissions", distinct=True)
    )
    context = {
        "cohort": cohort,
        "form": form,
        "assignments": assignments,
        "member_count": cohort.memberships.count(),
        "join_url": request.build_absolute_uri(reverse("join-cohort", args=[cohort.code])),
    }
    return render(request, "teaching/cohort.html", context, status=400 if form.errors else 200)


@require_safe
@instructor_required
def assignment_detail(request, pk):
    assignment = get_object_or_404(
        Assignment.objects.filter(cohort__owner=request.user).select_related("cohort"), pk=pk
    )
    learner_ids = list(assignment.cohort.memberships.values_list("learner_id", flat=True))
    cases = list(assignment.cases.order_by("title"))
    options = Option.objects.select_related("structure").order_by("label")
    steps = list(
        Step.objects.filter(case__in=cases)
        .select_related("case")
        .prefetch_related(Prefetch("options", queryset=options))
        .order_by("case__title", "number")
    )
    answers = analysis.first_answers(assignment, learner_ids)
    analyses, totals = analysis.analyse(steps, answers)
    finished = {}
    attempts = Attempt.objects.filter(
        learner_id__in=learner_ids, case__in=cases, started__gte=assignment.created, finished__isnull=False
    ).values_list("learner_id", "case_id")
    for learner_id, case_id in attempts:
        finished.setdefault(learner_id, set()).add(case_id)
    complete = sum(1 for learner in learner_ids if len(finished.get(learner, ())) == len(cases))
    emails = dict(assignment.cohort.members.values_list("pk", "email"))
    students = sorted(
        ((emails.get(learner, ""), len(finished.get(learner, ())), totals.get(learner, 0)) for learner in learner_ids),
        key=lambda row: (-row[2], row[0]),
    )
    scores = sorted(totals.values())
    wrong = analysis.wrong_sites(analyses)
    context = {
        "assignment": assignment,
        "cohort": assignment.cohort,
        "cases": cases,
        "members": len(learner_ids),
        "started": len(totals),
        "complete": complete,
        "students": students,
        "steps_total": len(steps),
        "median": scores[len(scores) // 2] if scores else None,
        "analyses": analyses,
        "few": analysis.FEW_LEARNERS,
        "wrong_sites": wrong[:10],
        "map": misconception_map(get_engine().anatomy, wrong) if wrong else "",
        "past_due": assignment.due <= timezone.now(),
    }
    return render(request, "teaching/assignment.html", context)


CSV_COLUMNS = ["learner", "case", "attempt", "started", "finished", "step", "kind", "answer", "right", "first", "at"]


@require_safe
@instructor_required
def cohort_csv(request, pk):
    """One row per response of the cohort's members to the cases of its assignments; the answer is
    the option's label, or at an open site step the site picked (and its segment)."""
    cohort = _own_cohort(request, pk)
    rows = list(
        Response.objects.filter(attempt__learner__in=cohort.members.all(), attempt__case__assignments__cohort=cohort)
        .distinct()
        .order_by("attempt__learner_id", "attempt__started", "created", "id")
        .values_list(
            "attempt__learner__email",
            "attempt__case__slug",
            "attempt_id",
            "attempt__started",
            "attempt__finished",
            "step__number",
            "step__kind",
            "option__label",
            "site_id",
            "segment",
            "correct",
            "first",
            "created",
        )
    )
    site_ids = {site_id for *_, site_id, _, _, _, _ in rows if site_id}
    sites = Structure.objects.in_bulk(site_ids)  # the sites picked at open steps, to name them
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for *before, label, site_id, segment, correct, first, created in rows:
        answer = pick_label(sites[site_id], segment) if site_id else label
        values = [*before, answer, correct, first, created]
        writer.writerow([value.isoformat() if hasattr(value, "isoformat") else value for value in values])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="cohort-{cohort.pk}-responses.csv"'
    return response


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def join_cohort(request, code=""):
    form = JoinForm(request.POST if request.method == "POST" else ({"code": code} if code else None))
    cohort = form.cohort if form.is_bound and form.is_valid() else None
    if request.method == "POST" and cohort is not None:
        try:
            with transaction.atomic():
                Membership.objects.create(cohort=cohort, learner=request.user)
            messages.success(request, f"You joined {cohort.name}. Its assignments are on this page.")
        except IntegrityError:
            messages.info(request, f"You are already in {cohort.name}.")
        return redirect("me")
    status = 400 if request.method == "POST" else (404 if code and cohort is None else 200)
    return render(request, "teaching/join.html", {"form": form, "cohort": cohort}, status=status)
