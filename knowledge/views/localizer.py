from django.shortcuts import render
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from knowledge.graph import get_engine
from knowledge.localizer import FindingsError, explain, weighed, why_not
from knowledge.querystring import findings_from_query, query_state
from legweak_site.htmx import wants_fragment

TOP_CANDIDATES = 8
EXPLAINED_CANDIDATES = 3


@require_safe
@vary_on_headers("HX-Request")
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
    ranked = result.candidates if result else []
    candidates = [{"candidate": candidate, "sentence": explain(candidate, anatomy.labels)} for candidate in ranked]
    for item in candidates[:EXPLAINED_CANDIDATES]:  # the way a teacher would: for and against, with weights
        item["for"], item["against"] = weighed(item["candidate"], anatomy.labels)
    if len(ranked) > 1:
        candidates[1]["why_not"] = why_not(ranked[0], ranked[1], anatomy.labels)
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
    template = "knowledge/localize_page.html"
    if wants_fragment(request):
        template += "#localize-result"
    return render(request, template, context, status=400 if error else 200)
