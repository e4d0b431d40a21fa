"""Migration 0010 (several feedback requests a case) names each existing request's contact
after its case's reporter, whom closing asked; requests and answers stay as they were.

Its data step is run on its own here: running the migrations backwards and forwards on
the test database took minutes, and the schema step only widens a one-to-one to a foreign
key on the same column."""

import importlib

import pytest
from django.apps import apps

from serviceloop.accounts.models import Role
from serviceloop.service.models import FeedbackRequest, FeedbackResponse

from .feedback_builders import answered, close, resolved_case

migration = importlib.import_module(
    "serviceloop.service.migrations.0010_feedback_requests_over_time"
)


@pytest.mark.django_db
def test_the_data_step_fills_in_the_contact_and_keeps_the_answers(shanghai, users):
    answer = answered(shanghai, users, comment="很满意")
    waiting = resolved_case(shanghai, users, assignee=users[Role.ENGINEER])
    close(waiting, users)
    anonymous = resolved_case(shanghai, users)
    close(anonymous, users)
    anonymous.reporter = None
    anonymous.save(update_fields=["reporter"])
    FeedbackRequest.objects.update(contact=None)
    migration.contact_from_reporter(apps, None)
    kept = FeedbackResponse.objects.select_related("request__contact").get()
    assert kept.pk == answer.pk and kept.comment == "很满意"
    assert kept.request.contact == answer.request.case.reporter
    assert FeedbackRequest.objects.get(case=waiting).contact == waiting.reporter
    assert FeedbackRequest.objects.get(case=anonymous).contact is None
