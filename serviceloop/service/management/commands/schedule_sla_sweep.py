from django.core.management.base import BaseCommand

from serviceloop.core.tasks import enqueue_unless_waiting
from serviceloop.service.tasks import sweep_clocks


class Command(BaseCommand):
    help = (
        "Starts the periodic SLA sweep unless one is already waiting (safe to run at every start)."
    )

    def handle(self, *args, **options):
        scheduled = enqueue_unless_waiting(sweep_clocks)
        self.stdout.write("SLA sweep scheduled." if scheduled else "SLA sweep already scheduled.")
