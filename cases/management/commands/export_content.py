from django.conf import settings
from django.core.management.base import BaseCommand

from cases.content import export_content


class Command(BaseCommand):
    help = "Write the database's knowledge base to DIR in the content files' format."

    def add_arguments(self, parser):
        parser.add_argument("dir", help="Folder to write (created if missing)")

    def handle(self, *args, **options):
        data = export_content(options["dir"], seeds_dir=settings.CONTENT_DIR / "seeds")
        counts = ", ".join(f"{len(entries)} {kind}" for kind, entries in data.items())
        self.stdout.write(f"Exported {counts} to {options['dir']}")
