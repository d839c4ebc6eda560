"""What `make serve` checks before it starts gunicorn: the settings a server needs, each missing
one named with what to set, instead of a traceback from the first request."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Check that the environment holds what a production server needs (make serve runs it)."

    def handle(self, **options):
        problems = []
        if settings.DEBUG:
            problems.append("DJANGO_DEBUG is on: a production server runs with it off (unset it, or set it to 0).")
        if not settings.SECRET_KEY_IS_SET:
            problems.append(
                "DJANGO_SECRET_KEY is not set: give it 50 or more random characters, for example from\n"
                "    python -c 'import secrets; print(secrets.token_urlsafe(50))'"
            )
        if not settings.ALLOWED_HOSTS:
            problems.append(
                "DJANGO_ALLOWED_HOSTS is not set: name the host names the site answers to, comma-separated\n"
                "    (127.0.0.1,localhost to try it on this machine)."
            )
        if problems:
            raise CommandError("Legweak cannot be served yet:\n- " + "\n- ".join(problems))
        database = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
        cache = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
        self.stdout.write(
            f"Ready to serve: database {database}, cache {cache}, hosts {', '.join(settings.ALLOWED_HOSTS)}."
        )
