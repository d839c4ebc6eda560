from django.core.management.base import BaseCommand, CommandError

from teaching.demo import make_demo_cohort


class Command(BaseCommand):
    help = "Make a realistic demonstration cohort: students, an assignment of cases, and their answers (seeded)."

    def add_arguments(self, parser):
        parser.add_argument("--students", type=int, default=300)
        parser.add_argument("--cases", type=int, default=30)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--owner", default="demo-instructor@example.org", help="the instructor's e-mail")

    def handle(self, students, cases, seed, owner, **options):
        if students < 1 or cases < 1:
            raise CommandError("--students and --cases must be at least 1")
        assignment = make_demo_cohort(students=students, cases=cases, seed=seed, owner_email=owner)
        self.stdout.write(
            f"{assignment.cohort.name}: assignment “{assignment.title}” at /teach/assignments/{assignment.pk}/ "
            f"(instructor {owner})"
        )
