from django.core.management.base import BaseCommand

from serviceloop.core.tasks import enqueue_unless_waiting
from serviceloop.parts.tasks import refresh_recommendations


class Command(BaseCommand):
    help = (
        "Starts the nightly recommendation batch, with a first run now, unless a run is "
        "already waiting (safe to run at every start)."
    )

    def handle(self, *args, **options):
        scheduled = enqueue_unless_waiting(refresh_recommendations, plan_next=True)
        self.stdout.write(
            "Recommendation batch scheduled."
            if scheduled
            else "Recommendation batch already scheduled."
        )
