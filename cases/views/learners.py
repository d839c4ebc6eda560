from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from cases.anatomy import get_engine
from cases.forms import findings_from_query, query_state
from cases.localization import FindingsError, explain
from cases.models import Attempt, Case, Condition, Option, Passage, Response
from cases.play import answer_distribution, examination_rows, localizer_feedback, step_states
from cases.services import PlayError, attempt_find, attempt_finish, attempt_open, response_record
from cases.signals import SESSION_ATTEMPTS

TOP_CANDIDATES = 8


@require_safe
def home(request):
    return render(request, "cases/home.html")


@require_safe
def localize_page(request):
    """The localizer for people: findings in the query string, ranked sites below the form."""
    engine = get_engine()
    findings, result, error = {}, None, None
    try:
        findings = findings_from_query(request.GET)
        if findings:
            result = engine.localize(findings)
    except FindingsError as failure:
        error = str(failure)
    anatomy = engine.anatomy
    candidates = [
        {"candidate": candidate, "sentence": explain(candidate, anatomy.labels)}
        for candidate in (result.candidates if result else [])
    ]
    context = {
        "state": query_state(findings) if not error else {},
        "movements": [(slug, anatomy.labels[slug]) for slug in anatomy.movements],
        "areas": [(slug, anatomy.labels[slug]) for slug in anatomy.areas],
        "reflexes": [(slug, anatomy.labels[slug]) for slug in anatomy.reflexes],
        "pulses": [(slug, anatomy.labels[slug]) for slug in anatomy.pulses],
        "other": [(slug, anatomy.labels[slug]) for slug in anatomy.other],
        "error": error,
        "asked": bool(findings) and not error,
        "result": result,
        "top": candidates[:TOP_CANDIDATES],
        "rest": candidates[TOP_CANDIDATES:],
        "lost_areas": set(findings.get("sensory_loss", [])) if not error else set(),
        "normal_areas": set(findings.get("sensory_normal", [])) if not error else set(),
        "area_labels": anatomy.labels,
    }
    template = "cases/localize_page.html"
    if request.htmx:
        template += "#localize-result"
    return render(request, template, context, status=400 if error else 200)


# --- Cases ---------------------------------------------------------------------------------------

CASE_FILTERS = ("topic", "difficulty", "condition")


@require_safe
def case_list(request):
    cases = Case.objects.published()
    chosen = {key: request.GET.get(key, "") for key in CASE_FILTERS}
    if chosen["difficulty"] in Case.Difficulty.values:
        cases = cases.filter(difficulty=chosen["difficulty"])
    if chosen["condition"]:
        cases = cases.filter(conditions__slug=chosen["condition"])
    # Topics are a JSON list: filtered here, the same on SQLite and PostgreSQL.
    cases = [case for case in cases.distinct() if not chosen["topic"] or chosen["topic"] in case.topics]
    all_cases = Case.objects.published().only("topics")
    context = {
        "cases": cases,
        "chosen": chosen,
        "topics": sorted({topic for case in all_cases for topic in case.topics}),
        "difficulties": Case.Difficulty.choices,
        "conditions": Condition.objects.filter(cases__published=True).distinct().only("slug", "name"),
        "progress": _progress(request, cases),
    }
    return render(request, "cases/case_list.html", context)


def _progress(request, cases):
    """case id -> 'finished' | 'started', for the owner's attempts, in one query."""
    owner = _owner(request)
    if not owner:
        return {}
    attempts = Attempt.objects.filter(case__in=cases, **owner).values_list("case_id", "finished")
    progress = {}
    for case_id, finished in attempts:
        if finished or case_id not in progress:
            progress[case_id] = "finished" if finished else "started"
    return progress


def _owner(request, create=False):
    """The attempt owner: the signed-in learner, or this browser's session (created on demand)."""
    if request.user.is_authenticated:
        return {"learner": request.user}
    if not request.session.session_key and create:
        request.session.save()
    key = request.session.session_key
    return {"learner": None, "session_key": key} if key else None


def _published_case(slug):
    return get_object_or_404(Case.objects.published().prefetch_related("conditions"), slug=slug)


def _steps(case):
    passages = Prefetch("passages", queryset=Passage.objects.select_related("source"))
    options = Option.objects.select_related("structure", "condition", "investigation").prefetch_related(passages)
    return list(case.steps.prefetch_related(Prefetch("options", queryset=options)))


@require_safe
def case_play(request, slug):
    case = _published_case(slug)
    steps = _steps(case)
    owner = _owner(request) or {}
    attempt = attempt_find(case=case, **owner)
    return render(request, "cases/case_play.html", _play_context(case, steps, attempt))


def _play_context(case, steps, attempt, errors=None):
    engine = get_engine()
    responses = list(attempt.responses.all()) if attempt else []
    states = step_states(steps, responses)
    findings = case.findings()
    for state in states:
        state.error = (errors or {}).get(state.step.number, "")
        if state.latest:
            option = next(option for option in state.options if option.pk == state.latest.option_id)
            state.chosen = option
            state.localizer = localizer_feedback(engine, findings, option)
    all_answered = all(state.answered for state in states)
    context = {
        "case": case,
        "attempt": attempt,
        "states": states,
        "all_answered": all_answered,
        "exam": examination_rows(case, engine.anatomy.labels),
        "lost_areas": set(case.examination.get("sensory_loss", [])),
        "normal_areas": set(case.examination.get("sensory_normal", [])),
        "area_labels": engine.anatomy.labels,
    }
    if attempt and attempt.finished:
        counts = dict(
            Response.objects.filter(step__case=case, first=True).values_list("option").annotate(count=Count("id"))
        )
        context["distribution"] = answer_distribution(states, counts)
        context["teaching_points"] = case.teaching_points.prefetch_related(
            Prefetch("passages", queryset=Passage.objects.select_related("source"))
        )
        context["involved"] = _involved(case, states)
    return context


def _involved(case, states):
    """The conditions and structures the case is about, for the summary's links."""
    structures = {
        option.structure for state in states for option in state.options if option.correct and option.structure
    }
    return {"conditions": list(case.conditions.all()), "structures": sorted(structures, key=lambda s: s.name)}


@require_POST
def case_answer(request, slug, number):
    case = _published_case(slug)
    steps = _steps(case)
    step = next((step for step in steps if step.number == number), None)
    if step is None:
        raise Http404("This case has no such step.")
    keys = request.POST.getlist("option")
    option = next((option for option in step.options.all() if keys and option.key == keys[0]), None)
    error, status = "", 200
    if len(keys) != 1:
        error, status = "Choose one option, then answer.", 400
    elif option is None:
        error, status = "That option is not one of this step's: choose one of those shown.", 400
    else:
        owner = _owner(request, create=True)
        attempt = attempt_find(case=case, **owner)
        if attempt and attempt.finished:
            error, status = "This case is finished: press “Play again” to answer anew.", 409
        else:
            attempt = attempt or _open_attempt(request, case)
            try:
                response = response_record(attempt=attempt, step=step, option=option, steps=steps)
            except PlayError as failure:
                error, status = f"{str(failure)[0].upper()}{str(failure)[1:]}.", failure.status
    if not error and not request.htmx:
        return redirect(f"{case.get_absolute_url()}#feedback-{number}", permanent=False)
    attempt = attempt_find(case=case, **(_owner(request) or {}))
    context = _play_context(case, steps, attempt, errors={number: error} if error else None)
    if not request.htmx:
        return render(request, "cases/case_play.html", context, status=status)
    swap = [context["states"][number - 1]]
    if not error and response.first and number < len(steps):
        swap.append(context["states"][number])
    context["swap"] = swap
    context["show_end"] = not error and response.first and number == len(steps)
    return render(request, "cases/case_step_swap.html", context, status=status)


@require_POST
def case_finish(request, slug):
    case = _published_case(slug)
    steps = _steps(case)
    attempt = attempt_find(case=case, **(_owner(request) or {}))
    if attempt is None:
        return render(request, "cases/case_play.html", _play_context(case, steps, None), status=409)
    try:
        attempt_finish(attempt=attempt, steps=steps)
    except PlayError as failure:
        context = _play_context(case, steps, attempt)
        context["finish_error"] = f"{str(failure)[0].upper()}{str(failure)[1:]}."
        return render(request, "cases/case_play.html", context, status=failure.status)
    return redirect(f"{case.get_absolute_url()}#summary")


@require_POST
def case_restart(request, slug):
    case = _published_case(slug)
    _open_attempt(request, case)
    return redirect(case.get_absolute_url())


def _open_attempt(request, case):
    """Open an attempt for the owner; a visitor's session remembers it, to hand it to the account
    they may sign in to (cases.signals)."""
    attempt = attempt_open(case=case, **_owner(request, create=True))
    if not request.user.is_authenticated:
        request.session[SESSION_ATTEMPTS] = [*request.session.get(SESSION_ATTEMPTS, []), attempt.pk]
    return attempt
