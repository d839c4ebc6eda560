import hashlib
import logging
import re

from django.conf import settings
from django.db.utils import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

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


class PageCacheMiddleware:
    """Pages that depend only on the content and on what the reader has played: the reference, the
    case list, the localizer and search, rendered once per content version and per kind of reader.

    - A visitor without a session (no account, no attempt, no message) gets the whole page from
      the cache: it is the same for all of them.
    - A reader with a session gets a page whose header, messages and CSRF token are rendered for
      them, around a content part cached per content version and per what differs between readers
      on these pages: which cases they have started and finished (the case list marks them, the
      reference lists the finished ones) and whether they are staff (who see every case).
    Nothing that sets a cookie, and no content part holding a form token, is ever stored; the key
    holds the content version, so an edit or a load is seen at once. (bench-http measures it.)"""

    CONTENT = re.compile(r"<!--page-content-->(.*)<!--/page-content-->", re.S)
    HEAD = re.compile(r"<!--page-head-->(.*)<!--/page-head-->", re.S)
    TITLE = re.compile(r"<title>(.*) · Legweak</title>", re.S)

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self._cacheable(request):
            return self.get_response(request)
        from django.core.cache import cache

        from knowledge.versioning import content_version

        anonymous = settings.SESSION_COOKIE_NAME not in request.COOKIES
        key = self._key(request, content_version(), None if anonymous else self._reader(request))
        stored = cache.get(key)
        if stored is not None:
            return self._from_cache(request, stored, anonymous)
        if anonymous:
            request.page_cache = True  # base.html then leaves the CSRF token out: these pages post nothing
        response = self.get_response(request)
        if response.status_code != 200 or response.streaming or not response["Content-Type"].startswith("text/html"):
            return response
        if anonymous:
            sets_cookie = (
                response.cookies
                or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
                or getattr(getattr(request, "session", None), "modified", False)
            )
            if not sets_cookie:
                cache.set(key, response.content, settings.PAGE_CACHE_SECONDS)
                response["X-Page-Cache"] = "miss"
            return response
        parts = self._parts(response.content.decode())
        if parts and "csrfmiddlewaretoken" not in parts["content"]:
            cache.set(key, parts, settings.PAGE_CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"
        return response

    def _from_cache(self, request, stored, anonymous):
        from django.shortcuts import render

        if anonymous:
            response = HttpResponse(stored, content_type="text/html; charset=utf-8")
        else:
            cached = {name: mark_safe(part) for name, part in stored.items()}
            response = render(request, "cached_page.html", {"cached": cached})
        response["Vary"] = "Cookie"
        response["X-Page-Cache"] = "hit"
        return response

    def _parts(self, html):
        content, head, title = self.CONTENT.search(html), self.HEAD.search(html), self.TITLE.search(html)
        if not (content and head and title):
            return None
        return {"content": content.group(1), "head": head.group(1), "title": title.group(1)}

    @staticmethod
    def _reader(request):
        """What differs between readers on these pages, in one query: the cases they have started
        and finished, and whether they are staff."""
        from cases.models import Attempt

        progress = sorted(Attempt.objects.owned_by(request).progress().items())
        return hashlib.sha256(repr((request.user.is_staff, progress)).encode()).hexdigest()[:24]

    @staticmethod
    def _cacheable(request):
        path = request.path
        return (
            request.method in ("GET", "HEAD")
            and not request.headers.get("HX-Request")
            and (path in settings.PAGE_CACHE_PATHS or path.startswith(tuple(settings.PAGE_CACHE_PREFIXES)))
        )

    @staticmethod
    def _key(request, version, reader):
        where = hashlib.sha256(f"{request.get_host()}{request.get_full_path()}".encode()).hexdigest()
        return f"page:{version}:{where}:{reader or 'anonymous'}"
