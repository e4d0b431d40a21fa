import pytest
from django.tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from serviceloop.core.tasks import enqueue_unless_waiting


@task()
def stand_in(plan_next: bool = False) -> None:
    """A task the tests enqueue and never run."""


def _waiting():
    return DBTaskResult.objects.filter(
        task_path=stand_in.module_path, status=TaskResultStatus.READY
    )


@pytest.mark.django_db
def test_enqueues_the_task_with_its_arguments_when_no_run_is_waiting():
    assert enqueue_unless_waiting(stand_in, plan_next=True) is True

    [waiting] = _waiting()
    assert waiting.args_kwargs == {"args": [], "kwargs": {"plan_next": True}}


@pytest.mark.django_db
def test_enqueues_nothing_while_a_run_is_already_waiting():
    enqueue_unless_waiting(stand_in)

    assert enqueue_unless_waiting(stand_in) is False
    assert _waiting().count() == 1


@pytest.mark.django_db
def test_enqueues_again_once_the_waiting_run_has_finished():
    enqueue_unless_waiting(stand_in)
    _waiting().update(status=TaskResultStatus.SUCCESSFUL)

    assert enqueue_unless_waiting(stand_in) is True
    assert _waiting().count() == 1
