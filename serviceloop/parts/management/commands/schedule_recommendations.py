from django.core.management.base import BaseCommand
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from serviceloop.parts.tasks import refresh_recommendations


class Command(BaseCommand):
    help = (
        "Starts the nightly recommendation batch, with a first run now, unless a run is "
        "already waiting (safe to run at every start)."
    )

    def handle(self, *args, **options):
        waiting = DBTaskResult.objects.filter(
            task_path=refresh_recommendations.module_path, status=TaskResultStatus.READY
        ).exists()
        if not waiting:
            refresh_recommendations.enqueue(plan_next=True)
        self.stdout.write(
            "Recommendation batch already scheduled."
            if waiting
            else "Recommendation batch scheduled."
        )
