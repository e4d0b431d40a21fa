from django.core.management.base import BaseCommand
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from serviceloop.service.tasks import sweep_clocks


class Command(BaseCommand):
    help = (
        "Starts the periodic SLA sweep unless one is already waiting (safe to run at every start)."
    )

    def handle(self, *args, **options):
        waiting = DBTaskResult.objects.filter(
            task_path=sweep_clocks.module_path, status=TaskResultStatus.READY
        ).exists()
        if not waiting:
            sweep_clocks.enqueue()
        self.stdout.write("SLA sweep scheduled." if not waiting else "SLA sweep already scheduled.")
