"""The content version: one number that moves whenever the knowledge base or the cases change,
and the one helper that caches anything built from the content per version.

Every request asks the database for the version once (one small query, held for the request in
a context variable that ContentVersionMiddleware resets); whatever is cached with
`per_content_version` (the localizer's engine, the cross-link index, the laid-out diagrams) is
rebuilt only when the version has moved since. So several app servers stay in step without
sharing memory.
"""

import contextvars
import functools
import threading

from knowledge.models import ContentVersion

_request_version = contextvars.ContextVar("legweak_content_version", default=None)
_caches = []


def content_version():
    """The current content version, asked of the database at most once per request."""
    version = _request_version.get()
    if version is None:
        version = ContentVersion.objects.filter(pk=1).values_list("number", flat=True).first() or 0
        _request_version.set(version)
    return version


def forget_content_version():
    """Ask the database again next time (at the start of each request, and after a change)."""
    _request_version.set(None)


def bump_content_version():
    """Tell every process that the content changed (after a load, or an edit in the admin)."""
    version, _ = ContentVersion.objects.get_or_create(pk=1)
    ContentVersion.objects.filter(pk=version.pk).update(number=version.number + 1)
    forget_content_version()


class ContentVersionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        forget_content_version()
        try:
            return self.get_response(request)
        finally:
            forget_content_version()


def per_content_version(build):
    """Cache build(*args) per content version and arguments; a new version starts afresh.

    The arguments must be hashable. Building holds a lock, so two threads of one process never
    build the same thing twice at once.
    """
    lock = threading.Lock()
    cache = {"version": None, "values": {}}

    @functools.wraps(build)
    def cached(*args):
        version = content_version()
        with lock:
            if cache["version"] != version:
                cache["version"], cache["values"] = version, {}
            if args not in cache["values"]:
                cache["values"][args] = build(*args)
            return cache["values"][args]

    def cache_clear():
        with lock:
            cache["version"], cache["values"] = None, {}

    cached.cache_clear = cache_clear
    _caches.append(cached)
    return cached


def clear_caches():
    """Forget everything cached per content version (tests roll the database back, version
    number included, so a number can come back with other content behind it)."""
    forget_content_version()
    for cached in _caches:
        cached.cache_clear()
