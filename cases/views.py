from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe
from django.views.decorators.vary import vary_on_headers

from cases.extensions import exam_case_ids
from cases.models import Attempt, Case, Response, Step
from cases.picks import pickable
from cases.play import (
    answer_distribution,
    hidden_answers,
    localizer_feedback,
    open_step_state,
    patient_context,
    pick_answer,
    step_states,
)
from cases.services import PlayError, attempt_finish, attempt_open, response_record
from cases.signals import SESSION_ATTEMPTS
from knowledge.graph import get_engine
from knowledge.models import Passage
from legweak_site.htmx import wants_fragment

# The list filters by what a case presents with, never by its answers (a condition, a level).
CASE_FILTERS = ("topic", "difficulty")


@require_safe
def home(request):
    return render(request, "cases/home.html")


@require_safe
def case_list(request):
    chosen = {key: request.GET.get(key, "") for key in CASE_FILTERS}
    cases = Case.objects.published().filtered(**chosen)
    context = {
        "cases": cases,
        "chosen": chosen,
        "topics": Case.objects.published().topics(),
        "difficulties": Case.Difficulty.choices,
        "progress": Attempt.objects.owned_by(request).filter(case__in=cases).progress(),
    }
    return render(request, "cases/case_list.html", context)


def _published_case(slug):
    return get_object_or_404(Case.objects.published().prefetch_related("conditions"), slug=slug)


@require_safe
def case_play(request, slug):
    case = _published_case(slug)
    steps = list(case.steps.for_play())
    attempt = Attempt.objects.owned_by(request).latest_at(case)
    return render(request, "cases/case_play.html", play_context(request, case, steps, attempt))


def play_context(request, case, steps, attempt, errors=None):
    engine = get_engine()
    responses = list(attempt.responses.select_related("site")) if attempt else []
    states = step_states(steps, responses)
    findings = case.findings()
    exam_mode = case.pk in exam_case_ids(request.user)
    finished = bool(attempt and attempt.finished)
    pick_counts = None
    for state in states:
        state.error = (errors or {}).get(state.step.number, "")
        if state.step.mode == Step.Mode.OPEN:
            state.picker = pickable(engine)
        if not state.latest:
            continue
        hidden = hidden_answers(states, state.step.number)
        if state.step.mode == Step.Mode.OPEN:
            done = state.latest.correct or state.latest.revealed or finished
            if pick_counts is None and done and not exam_mode:
                pick_counts = Response.objects.first_pick_counts(case)
            open_step_state(
                state, engine, findings, hidden, finished=finished, exam_mode=exam_mode, pick_counts=pick_counts or {}
            )
            continue
        option = next(option for option in state.options if option.pk == state.latest.option_id)
        state.chosen = option
        state.localizer = None if exam_mode else localizer_feedback(engine, findings, option, hidden=hidden)
    context = {
        **patient_context(case, engine),
        "attempt": attempt,
        "states": states,
        "all_answered": all(state.answered for state in states),
        "exam_mode": exam_mode,
    }
    if attempt and attempt.finished and not exam_mode:
        context["distribution"] = answer_distribution(states, Response.objects.first_answer_counts(case))
        context["teaching_points"] = case.teaching_points.prefetch_related(
            Prefetch("passages", queryset=Passage.objects.select_related("source"))
        )
        context["involved"] = _involved(case, states)
        context["contrast"] = _finished_contrast(request, case)
    return context


def _finished_contrast(request, case):
    """The case this one was written to contrast with, once the learner has finished both (before,
    naming it would tell them what the other case is about)."""
    if (
        case.contrast_id
        and Attempt.objects.owned_by(request).filter(case_id=case.contrast_id).exclude(finished=None).exists()
    ):
        return Case.objects.published().filter(pk=case.contrast_id).first()
    return None


def _involved(case, states):
    """The conditions and structures the case is about, for the summary's links."""
    structures = {
        option.structure for state in states for option in state.options if option.correct and option.structure
    }
    return {"conditions": list(case.conditions.all()), "structures": sorted(structures, key=lambda s: s.name)}


@require_POST
@vary_on_headers("HX-Request")
def case_answer(request, slug, number):
    case = _published_case(slug)
    steps = list(case.steps.for_play())
    step = next((step for step in steps if step.number == number), None)
    if step is None:
        raise Http404("This case has no such step.")
    answer, error = _answer_given(request, case, step)
    status = 400 if error else 200
    if not error:
        _ensure_session(request)
        attempt = Attempt.objects.owned_by(request).latest_at(case)
        if attempt and attempt.finished:
            error, status = "This case is finished: press “Play again” to answer anew.", 409
        elif attempt and case.pk in exam_case_ids(request.user) and attempt.responses.filter(step=step).exists():
            error, status = "In an exam each step takes one answer, and this one is recorded.", 409
        else:
            attempt = attempt or _open_attempt(request, case)
            try:
                response = response_record(attempt=attempt, step=step, steps=steps, **answer)
            except PlayError as failure:
                error, status = _sentence(failure), failure.status
    if not error and not wants_fragment(request):
        return redirect(f"{case.get_absolute_url()}#feedback-{number}", permanent=False)
    attempt = Attempt.objects.owned_by(request).latest_at(case)
    context = play_context(request, case, steps, attempt, errors={number: error} if error else None)
    if not wants_fragment(request):
        return render(request, "cases/case_play.html", context, status=status)
    swap = [context["states"][number - 1]]
    if not error and response.first and number < len(steps):
        swap.append(context["states"][number])
    context["swap"] = swap
    context["show_end"] = not error and response.first and number == len(steps)
    return render(request, "cases/case_step_swap.html", context, status=status)


def _answer_given(request, case, step):
    """(what to record, error): the option chosen at a choice step; at an open step the site picked,
    the case's option for it and the verdict, or, when the learner asks for it, the answer."""
    options = list(step.options.all())
    if step.mode == Step.Mode.OPEN and "reveal" in request.POST:
        correct = next(option for option in options if option.correct)
        site = {"site_id": correct.structure_id, "segment": correct.segment}
        return {"option": correct, **site, "correct": False, "revealed": True}, ""
    if step.mode == Step.Mode.OPEN:
        return pick_answer(request.POST.getlist("site"), case, options, get_engine())
    keys = request.POST.getlist("option")
    option = next((option for option in options if keys and option.key == keys[0]), None)
    if len(keys) != 1:
        return None, "Choose one option, then answer."
    if option is None:
        return None, "That option is not one of this step's: choose one of those shown."
    return {"option": option}, ""


@require_POST
def case_finish(request, slug):
    case = _published_case(slug)
    steps = list(case.steps.for_play())
    attempt = Attempt.objects.owned_by(request).latest_at(case)
    if attempt is None:
        return render(request, "cases/case_play.html", play_context(request, case, steps, None), status=409)
    try:
        attempt_finish(attempt=attempt, steps=steps)
    except PlayError as failure:
        context = play_context(request, case, steps, attempt)
        context["finish_error"] = _sentence(failure)
        return render(request, "cases/case_play.html", context, status=failure.status)
    return redirect(f"{case.get_absolute_url()}#summary")


@require_POST
def case_restart(request, slug):
    case = _published_case(slug)
    _ensure_session(request)
    _open_attempt(request, case)
    return redirect(case.get_absolute_url())


def _sentence(failure):
    return f"{str(failure)[0].upper()}{str(failure)[1:]}."


def _ensure_session(request):
    """A visitor's attempts belong to their session: give the browser one before it plays."""
    if not request.user.is_authenticated and not request.session.session_key:
        request.session.save()


def _open_attempt(request, case):
    """Open an attempt for the owner; a visitor's session remembers it, to hand it to the account
    they may sign in to (cases.signals)."""
    if request.user.is_authenticated:
        return attempt_open(case=case, learner=request.user)
    attempt = attempt_open(case=case, session_key=request.session.session_key)
    remembered = request.session.get(SESSION_ATTEMPTS, [])
    if attempt.pk not in remembered:
        request.session[SESSION_ATTEMPTS] = [*remembered, attempt.pk]
    return attempt
