from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cases.casefiles import CASE_FILES, load_shipped_content
from knowledge.contentfiles import ContentError, load_content


class Command(BaseCommand):
    help = (
        "Load the content files into the database, the knowledge base (knowledge/content/) then the "
        "cases (cases/content/), in one transaction: idempotent and all-or-nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir",
            help="A content folder as export_content writes it (the cases in its cases/ folder); "
            "default: the shipped content",
        )

    def handle(self, *args, **options):
        folder = options["dir"] and Path(options["dir"])
        try:
            report = load_content(folder, parts=[(CASE_FILES, folder / "cases")]) if folder else load_shipped_content()
        except ContentError as error:
            raise CommandError(f"Content not loaded, database unchanged. {error}") from error
        for line in report.lines():
            self.stdout.write(line)
