"""htmx, the same way in every app."""


def wants_fragment(request):
    """True when the page should answer with the fragment htmx swaps in. A history-restore request
    (the browser's back button after htmx pushed an address, with the page no longer cached) asks
    for the whole page, although it comes from htmx."""
    return bool(request.htmx) and not request.htmx.history_restore_request
