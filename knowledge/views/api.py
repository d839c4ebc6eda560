import hashlib
import json

from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from knowledge.graph import get_engine
from knowledge.localizer import FindingsError
from knowledge.versioning import content_version

MAX_BODY_BYTES = 64 * 1024


@require_safe
@never_cache
def healthz(request):
    """200 'ok' when the database answers a query; 503 otherwise, for the load balancer."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


# The localizer API computes and stores nothing, so a cross-site request can do no harm: it is
# exempt from CSRF so that other tools can call it with a plain JSON POST.
@csrf_exempt
@require_POST
def localize(request):
    if len(request.body) > MAX_BODY_BYTES:
        return JsonResponse({"error": f"the body is larger than {MAX_BODY_BYTES} bytes"}, status=400)
    try:
        findings = json.loads(request.body or b"null")
    except (ValueError, RecursionError) as error:  # bad JSON, bad UTF-8, a 5,000-digit number, deep nesting
        return JsonResponse({"error": f"the body is not valid JSON: {_short(error)}"}, status=400)
    # The same findings give the same ranking until the content changes: computed once per version.
    canonical = json.dumps(findings, sort_keys=True, separators=(",", ":"))
    key = f"api-localize:{content_version()}:{hashlib.sha256(canonical.encode()).hexdigest()}"
    body = cache.get(key)
    if body is None:
        try:
            result = get_engine().localize(findings)
        except FindingsError as error:
            return JsonResponse({"error": str(error)}, status=400)
        body = json.dumps(result.as_dict(), cls=DjangoJSONEncoder)
        cache.set(key, body, 60 * 60)
    return HttpResponse(body, content_type="application/json")


def _short(error):
    return str(error) if not isinstance(error, RecursionError) else "it is nested too deeply"


@require_safe
def site_deficits(request, slug):
    engine = get_engine()
    if slug not in engine.profiles:
        return JsonResponse({"error": f"unknown site '{slug}'"}, status=404)
    segment = request.GET.get("segment") or None
    try:
        findings = engine.deficits(slug, segment)
    except KeyError:
        known = ", ".join(profile.segment for profile in engine.segments.get(slug, ())) or "none"
        return JsonResponse({"error": f"unknown segment '{segment}' of '{slug}': its segments are {known}"}, status=404)
    result = {"site": slug, "level": engine.profiles[slug].level, "findings": findings}
    if segment:
        result["segment"] = segment
    return JsonResponse(result)
