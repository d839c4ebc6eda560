from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cases.content import ContentError, load_content


class Command(BaseCommand):
    help = "Load the content files (cases/content/) into the database: idempotent and all-or-nothing."

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=str(settings.CONTENT_DIR), help="Content folder (default: %(default)s)")

    def handle(self, *args, **options):
        try:
            report = load_content(options["dir"])
        except ContentError as error:
            raise CommandError(f"Content not loaded, database unchanged. {error}") from error
        for line in report.lines():
            self.stdout.write(line)
