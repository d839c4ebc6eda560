from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from teaching.permissions import instructors_group


class Command(BaseCommand):
    help = "Make the account with this e-mail address an instructor (staff, in the Instructors group)."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, email, **options):
        users = get_user_model().objects.filter(email__iexact=email.strip())
        if users.count() != 1:
            found = "no account" if not users.exists() else "several accounts"
            raise CommandError(f"{found} with the e-mail address {email!r}: sign up first, then run this again.")
        user = users.get()
        user.is_staff = True
        user.save(update_fields=["is_staff"])
        user.groups.add(instructors_group())
        self.stdout.write(f"{user.email} is an instructor: they sign in at /accounts/login/ and teach at /teach/.")
