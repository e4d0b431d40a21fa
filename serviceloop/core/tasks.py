"""What the apps' background tasks share (Django's tasks API, stored by django_tasks_db)."""

from django.tasks import Task, TaskResultStatus
from django_tasks_db.models import DBTaskResult


def enqueue_unless_waiting(task: Task, *args, **kwargs) -> bool:
    """Enqueues `task` with these arguments unless a run of it is already waiting, so a
    periodic chain started at every start-up is never doubled; True when it enqueued."""
    waiting = DBTaskResult.objects.filter(
        task_path=task.module_path, status=TaskResultStatus.READY
    ).exists()
    if not waiting:
        task.enqueue(*args, **kwargs)
    return not waiting
