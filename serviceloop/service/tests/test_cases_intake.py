"""A pasted e-mail fills in the case form: sender, machine, urgency; the coordinator checks
it before the case is opened, and nothing typed is lost while the customer is chosen."""

import pytest
from django.urls import reverse

from serviceloop.accounts.models import Role
from serviceloop.core.testing import with_form_key
from serviceloop.customers.testing import make_contact, make_customer
from serviceloop.equipment.testing import make_unit
from serviceloop.service.models import Case
from serviceloop.service.selectors.cases_intake import read_pasted_email

OUTLOOK_CN = """发件人: 王建华 <Wang.JianHua@saic-zb.com>
发送时间: 2026年11月27日 8:12
收件人: service.cn@example.com
主题: 回复: 淬火机床报警 IH－2024－0100

您好，
今天早班开始电源报冷却水流量低（E-0412），整线停了，请尽快派人。
联系电话 138 1234 5678

-----原始邮件-----
发件人: service.cn@example.com
主题: 上次保养报告
旧的内容，机床 IH-2019-0001
"""


def test_an_outlook_mail_in_chinese_gives_sender_subject_body_serial_and_urgency():
    mail = read_pasted_email(OUTLOOK_CN)
    assert mail.sender_email == "wang.jianhua@saic-zb.com"
    assert mail.sender_name == "王建华"
    assert mail.subject == "淬火机床报警 IH－2024－0100"
    assert "整线停了" in mail.body and "旧的内容" not in mail.body  # the quoted mail is cut
    assert mail.line_down
    assert mail.mobiles == ["13812345678"]
    # Full-width characters and dashes are normalised like serial keys.
    assert "IH-2024-0100" in mail.codes and "IH-2019-0001" not in mail.codes


def test_a_plain_english_mail_without_headers_still_gives_the_text():
    mail = read_pasted_email("Hello, the tempering line has a leak at the coil.\nRegards, Tom")
    assert mail.sender_email == ""
    assert not mail.line_down
    assert mail.symptom.startswith("Hello, the tempering line")


@pytest.fixture
def known_sender(shanghai):
    customer = make_customer(shanghai, "C-0001", "上汽中博（上海）汽车零部件有限公司")
    contact = make_contact(customer, "王建华", email="wang.jianhua@saic-zb.com")
    unit = make_unit(customer, "IH-2024-0100")
    return customer, contact, unit


@pytest.mark.django_db
def test_a_pasted_mail_from_a_known_contact_fills_in_the_form_and_opens_a_p1_case(
    client, users, known_sender
):
    customer, contact, unit = known_sender
    client.force_login(users[Role.COORDINATOR])
    response = client.post(reverse("service:case_from_email"), {"email_text": OUTLOOK_CN})
    assert response.url == reverse("service:case_open") + f"?customer={customer.pk}"
    page = client.get(response.url)
    form = page.context["form"]
    assert form.chosen_customer == customer
    assert str(form["unit"].value()) == str(unit.pk)
    assert str(form["reporter"].value()) == str(contact.pk)
    assert form["priority"].value() == Case.Priority.P1
    assert form["channel"].value() == Case.Channel.EMAIL
    assert "整线停了" in form["symptom"].value()
    assert "王建华" in page.content.decode()  # what was recognised is said

    data = {
        name: form[name].value() or ""
        for name in ("customer", "unit", "reporter", "channel", "kind", "priority", "symptom")
    }
    opened = client.post(reverse("service:case_open"), with_form_key(data))
    case = Case.objects.get()
    assert opened.url == reverse("service:case_detail", args=[case.pk])
    assert (case.unit, case.reporter, case.priority) == (unit, contact, "P1")
    # The draft is gone once the case is open.
    assert not client.get(reverse("service:case_open")).context["from_email"]


@pytest.mark.django_db
def test_an_unknown_sender_keeps_the_text_while_the_coordinator_chooses_the_customer(
    client, users, shanghai
):
    customer = make_customer(shanghai, "C-0009", "一汽铸造")
    client.force_login(users[Role.COORDINATOR])
    text = "From: someone@qq.com\nSubject: 感应圈漏水\n\n中频感应圈漏水"
    response = client.post(reverse("service:case_from_email"), {"email_text": text})
    assert response.url == reverse("service:case_open")
    page = client.get(reverse("service:case_open") + f"?customer={customer.pk}")
    assert page.context["form"]["symptom"].value() == "感应圈漏水\n\n中频感应圈漏水"
    assert page.context["form"]["reporter_name"].value() == ""  # only an address, no name


@pytest.mark.django_db
def test_a_mail_never_finds_another_offices_customer(client, users, beijing):
    other = make_customer(beijing, "C-0100", "北京客户")
    make_contact(other, "赵六", email="zhao@bj-parts.com")
    make_unit(other, "IH-BJ-0001")
    client.force_login(users[Role.COORDINATOR])  # Shanghai
    text = "From: 赵六 <zhao@bj-parts.com>\nSubject: IH-BJ-0001 报警\n\n停线"
    response = client.post(reverse("service:case_from_email"), {"email_text": text})
    assert response.url == reverse("service:case_open")
    assert client.session["case-draft-from-email"]["customer"] is None
