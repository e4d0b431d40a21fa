from django.core.management.base import BaseCommand

from serviceloop.core.tasks import enqueue_unless_waiting
from serviceloop.surveys.tasks import send_survey_reminders


class Command(BaseCommand):
    help = (
        "Starts the daily survey reminders, with a first run now, unless a run is already "
        "waiting (safe to run at every start)."
    )

    def handle(self, *args, **options):
        scheduled = enqueue_unless_waiting(send_survey_reminders, plan_next=True)
        self.stdout.write(
            "Survey reminders scheduled." if scheduled else "Survey reminders already scheduled."
        )
