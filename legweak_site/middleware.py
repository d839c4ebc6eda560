import logging

from django.conf import settings
from django.db.utils import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


class ContentSecurityPolicyMiddleware:
    """Send the strict Content-Security-Policy of settings.CONTENT_SECURITY_POLICY.

    Django 5.2 has no built-in CSP support (it arrives in 6.0); one header needs no library.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        return response


class DatabaseUnavailableMiddleware:
    """While the database cannot be reached (restarting, failing over), answer 503 with a plain page
    that needs no database and asks to try again shortly, never a 500 or a traceback. Django
    reconnects by itself on a later request once the database is back (CONN_HEALTH_CHECKS)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.warning("database unavailable: %s", exception)
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "10"
        response["Cache-Control"] = "no-store"
        return response


class AnonymousPageCacheMiddleware:
    """Pages that depend only on the content, rendered once per content version for every visitor
    who has no session (no account, no attempt, no message): the reference, the case list, the
    localizer and search. What differs between learners lives in their session, so a request that
    carries a session cookie is never answered from here, and a response that sets a cookie (a
    CSRF token, a session) is never stored. The key holds the content version, so an edit in the
    admin or a content load is seen at once. (docs/deploy.md; bench-http measures it.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self._cacheable(request):
            return self.get_response(request)
        from django.core.cache import cache

        from knowledge.versioning import content_version

        key = self._key(request, content_version())
        stored = cache.get(key)
        if stored is not None:
            content, content_type = stored
            response = HttpResponse(content, content_type=content_type)
            response["Vary"] = "Cookie"
            response["X-Page-Cache"] = "hit"
            return response
        request.page_cache = True  # base.html then leaves the CSRF token out: these pages post nothing
        response = self.get_response(request)
        # Never store a response that sets a cookie, now or in the middleware around this one (a
        # CSRF token used by a form, a session written).
        sets_cookie = (
            response.cookies
            or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            or getattr(getattr(request, "session", None), "modified", False)
        )
        if response.status_code == 200 and not sets_cookie and not response.streaming:
            cache.set(key, (response.content, response["Content-Type"]), settings.PAGE_CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def _cacheable(request):
        path = request.path
        return (
            request.method in ("GET", "HEAD")
            and not request.headers.get("HX-Request")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and (path in settings.PAGE_CACHE_PATHS or path.startswith(tuple(settings.PAGE_CACHE_PREFIXES)))
        )

    @staticmethod
    def _key(request, version):
        import hashlib

        where = hashlib.sha256(f"{request.get_host()}{request.get_full_path()}".encode()).hexdigest()
        return f"page:{version}:{where}"
