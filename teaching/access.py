from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404

from teaching.permissions import INSTRUCTORS


def is_instructor(user):
    return (
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.groups.filter(name=INSTRUCTORS).exists())
    )


def instructor_required(view):
    """A visitor is sent to sign in; a signed-in user who is not an instructor finds nothing (404)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_instructor(request.user):
            raise Http404("No such page.")
        return view(request, *args, **kwargs)

    return wrapper
