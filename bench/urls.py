from django.http import HttpResponse
from django.urls import include, path


def trivial(request):
    """The floor: a Django view that does nothing, through the same middleware and server."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/trivial", trivial),
    path("", include("legweak_site.urls")),
]
