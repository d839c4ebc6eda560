from django.shortcuts import render
from django.views.decorators.http import require_safe

from cases.anatomy import get_engine
from cases.forms import findings_from_query, query_state
from cases.localization import FindingsError, explain

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
    }
    template = "cases/localize_page.html"
    if request.htmx:
        template += "#localize-result"
    return render(request, template, context, status=400 if error else 200)
