"""The learner's own pages: progress, the review queue, their data. Every view is for a signed-in
learner and looks only at their own records: another learner's attempt or review item is a 404."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from cases.models import Attempt
from cases.picks import Pick, judge, pickable, with_segment
from cases.play import (
    VERDICT_WORDS,
    answer_names,
    hidden_answers,
    localizer_feedback,
    option_names_any,
    patient_context,
    pick_answer,
    pick_feedback,
    step_states,
)
from knowledge.graph import get_engine
from learners import clock, exports, progress
from learners.extensions import me_sections
from learners.forms import DeleteAccountForm
from learners.models import ReviewItem
from learners.services import ReviewError, account_delete, items_sync, review_answer, review_rate

RECENT_ATTEMPTS = 10


@require_safe
@login_required
def me(request):
    now = clock.now()
    items = ReviewItem.objects.of(request.user)
    recent = (
        Attempt.objects.filter(learner=request.user)
        .select_related("case")
        .annotate(steps=Count("case__steps"))
        .order_by("-started", "-id")[:RECENT_ATTEMPTS]
    )
    context = {
        "progress": progress.summary(request.user),
        "recent": recent,
        "due": items.due(now).count(),
        "next_due": items.filter(due__gt=now).order_by("due").values_list("due", flat=True).first(),
        "sections": me_sections(request),
    }
    return render(request, "learners/me.html", context)


@require_safe
@login_required
def attempt_summary(request, pk):
    attempt = get_object_or_404(Attempt.objects.filter(learner=request.user).select_related("case"), pk=pk)
    steps = list(attempt.case.steps.for_play())
    states = step_states(steps, list(attempt.responses.select_related("option", "site")))
    for state in states:
        # The answer is told only once the attempt is finished, or once the learner found it (or,
        # at an open step, asked to see it).
        found = any(response.correct or response.revealed for response in state.responses)
        state.answer = (
            next((option for option in state.options if option.correct), None) if attempt.finished or found else None
        )
        if state.answer:
            segment = state.answer.segment_name  # where along the nerve, when the case says
            state.answer_label = with_segment(state.answer.label, segment)
    return render(request, "learners/attempt_summary.html", {"attempt": attempt, "states": states})


@require_safe
@login_required
def review_queue(request):
    now = clock.now()
    items_sync(request.user, now)  # misses of an exam since submitted or past due join the queue
    items = ReviewItem.objects.of(request.user)
    first = items.due(now).values_list("pk", flat=True).first()
    if first is not None:
        return redirect("review-item", pk=first)
    context = {
        "next_due": items.order_by("due").values_list("due", flat=True).first(),
        "count": items.count(),
    }
    return render(request, "learners/review_empty.html", context)


def _own_item(request, pk):
    queryset = ReviewItem.objects.of(request.user).select_related("step__case", "pending_option")
    return get_object_or_404(queryset, pk=pk)


def _review_context(request, item, *, now, error="", review=None):
    engine = get_engine()
    case = item.step.case
    steps = list(case.steps.for_play())
    states = step_states(steps, [])
    state = states[item.step.number - 1]
    context = {
        **patient_context(case, engine),
        "item": item,
        "state": state,
        "error": error,
        "due_now": item.due <= now,
        "review": review,
        "remaining": ReviewItem.objects.of(request.user).due(now).exclude(pk=item.pk).count(),
    }
    if state.step.is_open:
        context.update(sites=pickable(engine), tried=set(), error_id="review-error" if error else "")
    hidden = hidden_answers(states, item.step.number)
    context.update(_feedback(engine, case.findings(), state, item, review, hidden))
    return context


def _feedback(engine, findings, state, item, review, hidden):
    """The feedback on the answer just given, as the case player gives it: on the review just
    recorded, or on the right answer waiting for its rating; {} when there is none.

    A pick at an open step is judged again from the case's examination; until the step's answer is
    found, the localizer's reasons never name it."""
    if review is not None and review.site_id and not review.correct:
        pick = Pick(review.site.slug, review.segment)
        verdict = judge(engine, findings, state.options, pick)
        correct = next(option for option in state.options if option.correct)
        kind = "close" if verdict.kind == "close" else "wrong"  # as recorded, whatever the case says now
        names = [*hidden, *answer_names(correct)]
        withheld = verdict.option is not None and option_names_any(verdict.option, names)
        return {
            "chosen": None if withheld else verdict.option,
            "withheld": withheld,
            "verdict": kind,
            "verdict_words": VERDICT_WORDS[kind],
            "why_close": verdict.why_close,
            "answer_label": review.answer_label,
            "localizer": pick_feedback(engine, findings, pick, names),
        }
    chosen_id = review.option_id if review else item.pending_option_id
    if chosen_id is None:
        return {}
    chosen = next(option for option in state.options if option.pk == chosen_id)
    kind = "accepted" if chosen.accepted else "right" if chosen.correct else "wrong"
    return {
        "chosen": chosen,
        "verdict": kind,
        "verdict_words": VERDICT_WORDS[kind],
        "answer_label": chosen.label,
        "localizer": localizer_feedback(engine, findings, chosen, hidden=hidden),
    }


@require_safe
@login_required
def review_item(request, pk):
    now = clock.now()
    item = _own_item(request, pk)
    review = None
    if "review" in request.GET:
        # The outcome of the review just given (the page a wrong answer or a rating redirects to).
        review = item.reviews.select_related("site").order_by("-reviewed", "-id").first()
        if review is None or str(review.pk) != request.GET["review"]:
            review = None
    context = _review_context(request, item, now=now, review=review)
    return render(request, "learners/review_item.html", context)


@require_POST
@login_required
def review_answer_view(request, pk):
    now = clock.now()
    item = _own_item(request, pk)
    answer, error = _answer_given(request, item)
    if error:
        context = _review_context(request, item, now=now, error=error)
        return render(request, "learners/review_item.html", context, status=400)
    try:
        review = review_answer(item=item, now=now, **answer)
    except ReviewError as failure:
        context = _review_context(request, _own_item(request, pk), now=now, error=_sentence(failure))
        return render(request, "learners/review_item.html", context, status=failure.status)
    if review is None:  # right: the page asks how it felt
        return redirect("review-item", pk=item.pk)
    return _to_outcome(item, review)


@require_POST
@login_required
def review_rate_view(request, pk):
    now = clock.now()
    item = _own_item(request, pk)
    try:
        rating = int(request.POST.get("rating", ""))
    except ValueError:
        rating = None
    try:
        review = review_rate(item=item, rating=rating, now=now)
    except ReviewError as failure:
        context = _review_context(request, _own_item(request, pk), now=now, error=_sentence(failure))
        return render(request, "learners/review_item.html", context, status=failure.status)
    return _to_outcome(item, review)


def _answer_given(request, item):
    """(what to record, error): the option chosen at a choice step; at an open step the site picked
    (and segment), the case's option for it, if any, and the verdict on it."""
    step = item.step
    if step.is_open:
        options = list(step.options.select_related("structure"))
        return pick_answer(request.POST.getlist("site"), step.case, options, get_engine())
    keys = request.POST.getlist("option")
    option = next((option for option in step.options.all() if keys and option.key == keys[0]), None)
    if len(keys) != 1 or option is None:
        return None, "Choose one of the options shown, then answer."
    return {"option": option}, ""


def _to_outcome(item, review):
    return redirect(f"{reverse('review-item', args=[item.pk])}?review={review.pk}#feedback")


def _sentence(failure):
    text = str(failure)
    return f"{text[0].upper()}{text[1:]}."


@require_safe
@login_required
def data_page(request):
    return render(request, "learners/data.html", {"counts": exports.counts(request.user)})


@require_safe
@login_required
def data_json(request):
    return exports.json_response(request.user)


@require_safe
@login_required
def data_csv(request):
    return exports.csv_response(request.user)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def account_delete_view(request):
    form = DeleteAccountForm(request.user, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            user = request.user
            logout(request)
            account_delete(user, keep_answers=form.cleaned_data["keep"] == DeleteAccountForm.KEEP)
            messages.success(request, "Your account is deleted.")
            return redirect("home")
        return render(request, "learners/delete.html", {"form": form}, status=400)
    return render(request, "learners/delete.html", {"form": form})
