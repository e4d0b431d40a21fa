"""The service-quality feedback form (售后服务质量反馈表, SL-F-03) as a print page and a PDF:
a case's with the customer's answers, and a blank one for paper."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from serviceloop.accounts.models import Role
from serviceloop.core.testing_documents import fonts_not_embedded, pdf_text
from serviceloop.customers.testing import make_contact, make_customer
from serviceloop.service.models import Visit
from serviceloop.service.services import cases, feedback

from .feedback_builders import answered, close, resolved_case

COMMENT = "备件等待时间太长，希望上海库多备流量开关"


def _flat(text: str) -> str:
    """Lines wrap where the page is full: compare without the breaks and spaces."""
    return "".join(text.split())


@pytest.fixture
def answer(shanghai, users):
    customer = make_customer(shanghai, "C-0500", "潍柴动力股份有限公司")
    contact = make_contact(customer, "孙建国", email="sun@example.cn", mobile="+86 139 0000 1111")
    case = resolved_case(
        shanghai, users, customer=customer, contact=contact, assignee=users[Role.ENGINEER]
    )
    visit = Visit.objects.create(
        case=case, planned_start=timezone.now(), planned_by=users[Role.COORDINATOR]
    )
    visit.engineers.add(users[Role.ENGINEER])
    return answered(shanghai, users, case=case, response_speed=2, comment=COMMENT)


@pytest.mark.django_db
def test_a_cases_feedback_form_prints_in_chinese_with_its_answers(client, users, answer):
    case = answer.request.case
    client.force_login(users[Role.COORDINATOR])
    response = client.get(reverse("service:feedback_document", args=[case.pk]), {"format": "pdf"})
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    text = _flat(pdf_text(pdf))
    with translation.override("zh-hans"):
        labels = [
            gettext("Areas to improve"),
            gettext("Customer's comments"),
            gettext("Follow-up"),
            gettext("Corrective action and owner"),
            gettext("response speed"),
        ]
    for value in (
        "售后服务质量反馈表",
        "SL-F-03",
        "潍柴动力股份有限公司",
        "孙建国",
        case.number,
        users[Role.ENGINEER].full_name,
        COMMENT,
        *labels,
    ):
        assert _flat(value) in text, value
    assert fonts_not_embedded(pdf) == []


@pytest.mark.django_db
def test_the_print_page_names_what_to_improve_and_the_complaint_it_opened(client, users, answer):
    case = answer.request.case
    client.force_login(users[Role.MANAGER])
    page = client.get(reverse("service:feedback_document", args=[case.pk])).content.decode()
    assert page.count('data-testid="feedback-answer"') == 1
    with translation.override("zh-hans"):
        assert gettext("response speed") in page
        assert gettext(answer.complaint.get_state_display()) in page
    assert reverse("service:case_detail", args=[case.pk]) in page  # the way back


@pytest.mark.django_db
def test_a_reopened_case_prints_the_answer_of_each_closing(client, users, answer):
    case = answer.request.case
    case.refresh_from_db()
    case = cases.reopen_case(by=users[Role.MANAGER], case=case, version=case.version, reason="复发")
    case = cases.start_remote_diagnosis(by=users[Role.ENGINEER], case=case, version=case.version)
    cases.resolve_remotely(
        by=users[Role.ENGINEER], case=case, version=case.version, resolution="更换流量开关"
    )
    token = close(case, users)
    answers = {"response_speed": 5, "competence": 5, "attitude": 5, "communication": 5}
    answers |= {"safety": 5, "solved": True, "overall": 5, "comment": "第二次很满意"}
    feedback.submit_feedback(token=token, answers=answers)
    client.force_login(users[Role.COORDINATOR])
    page = client.get(reverse("service:feedback_document", args=[case.pk])).content.decode()
    assert page.count('data-testid="feedback-answer"') == 2
    assert page.index(COMMENT) < page.index("第二次很满意")  # oldest first


@pytest.mark.django_db
def test_an_unanswered_case_prints_its_details_with_the_rating_left_blank(client, shanghai, users):
    case = resolved_case(shanghai, users)
    close(case, users)
    client.force_login(users[Role.COORDINATOR])
    page = client.get(reverse("service:feedback_document", args=[case.pk])).content.decode()
    assert case.number in page and 'data-testid="feedback-answer"' not in page
    assert 'data-testid="feedback-rating"' in page and "●" not in page


@pytest.mark.django_db
def test_the_blank_form_for_paper_prints_every_field_empty(client, users):
    client.force_login(users[Role.COORDINATOR])
    url = reverse("service:feedback_blank_document")
    page = client.get(url).content.decode()
    assert 'data-testid="feedback-rating"' in page and "●" not in page
    assert page.count('class="blank') >= 10
    pdf = client.get(url, {"format": "pdf"}).content
    text = _flat(pdf_text(pdf))
    with translation.override("zh-hans"):
        for label in ("Customer", "Service order", "Engineers", "Follow-up method", "Rated item"):
            assert _flat(gettext(label)) in text, label
    assert "售后服务质量反馈表" in text and "SL-F-03" in text
    assert fonts_not_embedded(pdf) == []
    list_page = client.get(reverse("service:feedback_list")).content.decode()
    assert url in list_page


@pytest.mark.django_db
def test_the_form_costs_the_same_queries_for_one_or_three_answers(client, shanghai, users):
    case = resolved_case(shanghai, users, assignee=users[Role.ENGINEER])
    answered(shanghai, users, case=case)
    url = reverse("service:feedback_document", args=[case.pk])
    client.force_login(users[Role.COORDINATOR])
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for _ in range(2):
        case.refresh_from_db()
        case = cases.reopen_case(
            by=users[Role.MANAGER], case=case, version=case.version, reason="x"
        )
        case = cases.start_remote_diagnosis(
            by=users[Role.ENGINEER], case=case, version=case.version
        )
        cases.resolve_remotely(
            by=users[Role.ENGINEER], case=case, version=case.version, resolution="y"
        )
        answered(shanghai, users, case=case)
    with CaptureQueriesContext(connection) as three:
        page = client.get(url).content.decode()
    assert page.count('data-testid="feedback-answer"') == 3
    assert len(three.captured_queries) == len(one.captured_queries)
