from django.conf import settings
from django.core.management.base import BaseCommand

from cases.casefiles import CASE_FILES
from knowledge.contentfiles import export_content


class Command(BaseCommand):
    help = "Write the database's knowledge base, and the cases in DIR/cases/, to DIR in the content files' format."

    def add_arguments(self, parser):
        parser.add_argument("dir", help="Folder to write (created if missing)")

    def handle(self, *args, **options):
        seeds = settings.KNOWLEDGE_CONTENT_DIR / "seeds"
        data = export_content(options["dir"], seeds_dir=seeds, parts=[CASE_FILES])
        counts = ", ".join(f"{len(entries)} {kind}" for kind, entries in data.items())
        self.stdout.write(f"Exported {counts} to {options['dir']}")
