from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from serviceloop.demo import accounts, customers, equipment, parts, service, surveys

# In dependency order; reset runs them backwards. Later capabilities add their module.
PARTS = [accounts, customers, equipment, service, parts, surveys]


class Command(BaseCommand):
    help = "Loads the demo data that is missing (idempotent); --reset rebuilds it all."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="delete the demo data first")
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="load demo accounts (with their published password) although HTTPS is on",
        )

    @transaction.atomic
    def handle(self, *args, reset: bool = False, allow_production: bool = False, **options):
        if settings.HTTPS and not allow_production:
            # HTTPS on means a real deployment: demo accounts there would be doors with a
            # password printed in the README.
            raise CommandError(
                "Refusing to load demo accounts on a production setup (HTTPS is on). "
                "Use --allow-production for a demo server."
            )
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
