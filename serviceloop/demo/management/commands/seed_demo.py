from django.core.management.base import BaseCommand
from django.db import transaction

from serviceloop.demo import accounts

# In dependency order; reset runs them backwards. Later capabilities add their module.
PARTS = [accounts]


class Command(BaseCommand):
    help = "Loads the demo data that is missing (idempotent); --reset rebuilds it all."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="delete the demo data first")

    @transaction.atomic
    def handle(self, *args, reset: bool = False, **options):
        if reset:
            for part in reversed(PARTS):
                part.reset()
        users = accounts.load()
        for part in PARTS[1:]:
            part.load()
        self.print_logins(users)

    def print_logins(self, users) -> None:
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS("ServiceLoop demo logins (password for all: %s)")
            % accounts.DEMO_PASSWORD
        )
        for user in users:
            self.stdout.write(f"  {user.username:<12} {user.get_role_display()} · {user.office}")
        self.stdout.write("")
