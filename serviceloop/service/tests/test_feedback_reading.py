"""Staff read the customers' feedback answers on the case page, on the customer's profile
record and in the feedback list; headquarters only those of contacts who agreed to be read
abroad; another office's answers and roles that do not read feedback see none."""

import pytest
from django.urls import reverse

from serviceloop.accounts.models import Role
from serviceloop.accounts.testing import make_user
from serviceloop.customers.testing import make_contact, make_customer

from .feedback_builders import answered, at, resolved_case

COMMENT = "工程师到场及时，但备件等了三天"


def _page(client, user, url) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.fixture
def answer(shanghai, users):
    customer = make_customer(shanghai, "C-0300", "一汽锻造（吉林）有限公司")
    contact = make_contact(customer, "李志强", email="li@example.cn")
    case = resolved_case(shanghai, users, customer=customer, contact=contact)
    return answered(shanghai, users, case=case, attitude=2, comment=COMMENT)


@pytest.mark.django_db
def test_the_case_page_shows_each_score_the_comment_and_the_complaint(client, users, answer):
    case = answer.request.case
    page = _page(client, users[Role.COORDINATOR], reverse("service:case_detail", args=[case.pk]))
    assert 'data-testid="case-feedback"' in page
    assert COMMENT in page and "2/5" in page
    assert reverse("service:complaint_detail", args=[answer.complaint.pk]) in page
    assert reverse("service:feedback_document", args=[case.pk]) in page


@pytest.mark.django_db
def test_an_engineer_and_the_warehouse_read_no_feedback_comments(client, users, answer):
    case = answer.request.case
    page = _page(client, users[Role.ENGINEER], reverse("service:case_detail", args=[case.pk]))
    assert 'data-testid="case-feedback"' not in page and COMMENT not in page
    client.force_login(users[Role.ENGINEER])
    assert client.get(reverse("service:feedback_list")).status_code == 403
    assert client.get(reverse("service:feedback_document", args=[case.pk])).status_code == 403


@pytest.mark.django_db
def test_the_customer_record_shows_the_latest_answers_and_their_mean(client, users, answer):
    customer = answer.request.case.customer
    page = _page(
        client, users[Role.MANAGER], reverse("records:customer_record", args=[customer.pk])
    )
    assert 'data-testid="customer-feedback"' in page
    assert answer.request.case.number in page and COMMENT in page


@pytest.mark.django_db
def test_headquarters_reads_only_the_answers_of_contacts_who_agreed(
    client, shanghai, users, answer
):
    customer = answer.request.case.customer
    agreed = make_contact(
        customer, "张伟", email="zhang@example.cn", consents_to_transfer_abroad=True
    )
    shared = answered(
        shanghai,
        users,
        case=resolved_case(shanghai, users, customer=customer, contact=agreed),
        comment="可以转给总部",
    )
    hq = users[Role.HQ]
    listed = _page(client, hq, reverse("service:feedback_list"))
    assert "可以转给总部" in listed and COMMENT not in listed
    assert 'data-testid="feedback-withheld"' in listed
    hidden_case = reverse("service:case_detail", args=[answer.request.case_id])
    assert COMMENT not in _page(client, hq, hidden_case)
    shown_case = reverse("service:case_detail", args=[shared.request.case_id])
    assert "可以转给总部" in _page(client, hq, shown_case)
    record = _page(client, hq, reverse("records:customer_record", args=[customer.pk]))
    assert "可以转给总部" in record and COMMENT not in record
    document = _page(
        client, hq, reverse("service:feedback_document", args=[answer.request.case_id])
    )
    assert COMMENT not in document


@pytest.mark.django_db
def test_another_office_sees_none_and_an_account_manager_only_its_customers(
    client, shanghai, beijing, users, answer
):
    stranger = make_user(Role.MANAGER, username="beijing-manager", office=beijing)
    assert COMMENT not in _page(client, stranger, reverse("service:feedback_list"))
    client.force_login(stranger)
    case = answer.request.case
    assert client.get(reverse("service:feedback_document", args=[case.pk])).status_code == 404
    account_manager = users[Role.ACCOUNT_MANAGER]
    assert COMMENT not in _page(client, account_manager, reverse("service:feedback_list"))
    case.customer.account_manager = account_manager
    case.customer.save()
    assert COMMENT in _page(client, account_manager, reverse("service:feedback_list"))


@pytest.fixture
def several(shanghai, users):
    """Four answers: two customers, two engineers, spread over 2026, one with a comment."""
    engineer = users[Role.ENGINEER]
    other = make_user(Role.ENGINEER, username="engineer-2", office=shanghai, full_name="赵工")
    first = make_customer(shanghai, "C-0401", "上海汽轮机厂")
    second = make_customer(shanghai, "C-0402", "杭州齿轮箱有限公司")

    def case(customer, assignee):
        return resolved_case(shanghai, users, customer=customer, assignee=assignee)

    return {
        "march": answered(shanghai, users, case=case(first, engineer), received=at(2026, 3, 5)),
        "april": answered(
            shanghai, users, case=case(first, other), received=at(2026, 4, 9), safety=3
        ),
        "may": answered(
            shanghai, users, case=case(second, engineer), received=at(2026, 5, 20), comment="太慢"
        ),
        "june": answered(
            shanghai, users, case=case(second, other), received=at(2026, 6, 1), overall=1
        ),
        "other": other,
    }


def _listed(client, users, several, **query) -> set[str]:
    client.force_login(users[Role.MANAGER])
    page = client.get(reverse("service:feedback_list"), query).content.decode()
    return {
        name
        for name in ("march", "april", "may", "june")
        if several[name].request.case.number in page
    }


@pytest.mark.django_db
def test_the_list_filters_by_period_customer_engineer_low_score_and_comment(client, users, several):
    assert _listed(client, users, several) == {"march", "april", "may", "june"}
    assert _listed(client, users, several, since="2026-04-01", until="2026-05-20") == {
        "april",
        "may",
    }
    assert _listed(client, users, several, customer="杭州") == {"may", "june"}
    assert _listed(client, users, several, customer="C-0401") == {"march", "april"}
    engineer = several["other"].pk
    assert _listed(client, users, several, engineer=engineer) == {"april", "june"}
    assert _listed(client, users, several, at_most=3) == {"april", "june"}
    assert _listed(client, users, several, at_most=1) == {"june"}
    assert _listed(client, users, several, with_comment="on") == {"may"}
    # A filter that does not parse is dropped; the others still apply.
    assert _listed(client, users, several, since="not a date", at_most=1) == {"june"}


@pytest.mark.django_db
def test_the_list_names_the_engineers_who_served_each_case(client, users, several):
    client.force_login(users[Role.MANAGER])
    page = client.get(reverse("service:feedback_list")).content.decode()
    assert "赵工" in page and str(users[Role.ENGINEER]) in page
