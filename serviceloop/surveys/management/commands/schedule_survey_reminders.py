from django.core.management.base import BaseCommand
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from serviceloop.surveys.tasks import send_survey_reminders


class Command(BaseCommand):
    help = (
        "Starts the daily survey reminders, with a first run now, unless a run is already "
        "waiting (safe to run at every start)."
    )

    def handle(self, *args, **options):
        waiting = DBTaskResult.objects.filter(
            task_path=send_survey_reminders.module_path, status=TaskResultStatus.READY
        ).exists()
        if not waiting:
            send_survey_reminders.enqueue(plan_next=True)
        self.stdout.write(
            "Survey reminders already scheduled." if waiting else "Survey reminders scheduled."
        )
