import json
import sys

from django.core.management.base import BaseCommand, CommandError

from knowledge.graph import get_engine
from knowledge.localizer import FindingsError


class Command(BaseCommand):
    help = (
        "Localize: findings JSON (from FILE, or standard input when FILE is absent or '-') in, ranked "
        "lesion sites out. With --site SLUG, the reverse: the deficits a lesion at that site produces."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default="-", help="Findings JSON file, or - for standard input")
        parser.add_argument("--site", help="A site slug: print the findings a lesion there produces")
        parser.add_argument(
            "--segment", help="With --site: a segment of the site's nerve (e.g. below-inguinal-ligament)"
        )

    def handle(self, *args, **options):
        if options["site"]:
            engine, site = get_engine(), options["site"]
            if site not in engine.profiles:
                raise CommandError(f"unknown site '{site}'", returncode=2)
            try:
                findings = engine.deficits(site, options["segment"])
            except KeyError as error:
                raise CommandError(f"unknown segment '{options['segment']}' of '{site}'", returncode=2) from error
            result = {"site": site, "level": engine.profiles[site].level, "findings": findings}
            if options["segment"]:
                result["segment"] = options["segment"]
        else:
            try:
                findings = json.loads(self._read(options["file"]))
            except (ValueError, RecursionError) as error:
                problem = "it is nested too deeply" if isinstance(error, RecursionError) else error
                raise CommandError(f"findings are not valid JSON: {problem}", returncode=2) from error
            try:
                result = get_engine().localize(findings).as_dict()
            except FindingsError as error:
                raise CommandError(str(error), returncode=2) from error
        self.stdout.write(json.dumps(result, indent=2))

    def _read(self, path):
        if path == "-":
            return sys.stdin.read()
        try:
            with open(path, encoding="utf-8") as handle:
                return handle.read()
        except OSError as error:
            raise CommandError(f"cannot read {path}: {error.strerror}", returncode=2) from error
