from django.core.management.base import BaseCommand

from serviceloop.core.form_keys import KEEP_FOR, forget_old_keys


class Command(BaseCommand):
    help = f"Deletes the one-time form keys older than {KEEP_FOR.days} days (the sweep does too)."

    def handle(self, *args, **options):
        self.stdout.write(f"{forget_old_keys()} old form keys deleted.")
