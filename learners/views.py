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
from cases.play import hidden_answers, localizer_feedback, patient_context, step_states
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
    states = step_states(steps, list(attempt.responses.all()))
    for state in states:
        if state.first:
            state.chosen = next(option for option in state.options if option.pk == state.first.option_id)
        # The answer is told only once the attempt is finished, or once the learner found it.
        state.answer = (
            next((option for option in state.options if option.correct), None)
            if attempt.finished or any(response.correct for response in state.responses)
            else None
        )
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


def _review_context(request, item, *, now, error="", chosen=None, review=None):
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
    chosen = chosen or item.pending_option
    if chosen is not None:
        chosen = next(option for option in state.options if option.pk == chosen.pk)
        hidden = hidden_answers(states, item.step.number)
        context["chosen"] = chosen
        context["localizer"] = localizer_feedback(engine, case.findings(), chosen, hidden=hidden)
    return context


@require_safe
@login_required
def review_item(request, pk):
    now = clock.now()
    item = _own_item(request, pk)
    review = None
    if "review" in request.GET:
        # The outcome of the review just given (the page a wrong answer or a rating redirects to).
        review = item.reviews.select_related("option").order_by("-reviewed", "-id").first()
        if review is None or str(review.pk) != request.GET["review"]:
            review = None
    context = _review_context(request, item, now=now, chosen=review.option if review else None, review=review)
    return render(request, "learners/review_item.html", context)


@require_POST
@login_required
def review_answer_view(request, pk):
    now = clock.now()
    item = _own_item(request, pk)
    keys = request.POST.getlist("option")
    option = next((option for option in item.step.options.all() if keys and option.key == keys[0]), None)
    if len(keys) != 1 or option is None:
        error = "Choose one of the options shown, then answer."
        context = _review_context(request, item, now=now, error=error)
        return render(request, "learners/review_item.html", context, status=400)
    try:
        review = review_answer(item=item, option=option, now=now)
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
