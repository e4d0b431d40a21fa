"""The customer's decision: the one-time link, a signature on site, a purchase order."""

import base64
from datetime import timedelta
from io import BytesIO

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation
from PIL import Image

from serviceloop.accounts.models import Notification, Role
from serviceloop.customers.testing import make_contact
from serviceloop.service.models import Quote
from serviceloop.service.services import cases as case_services
from serviceloop.service.services import charges as services

from .charges_builders import sent_token, write_quote

pytestmark = pytest.mark.django_db


SITE = "https://service.example.cn/"


def _signature() -> str:
    image = Image.new("RGB", (300, 100), "white")
    for x in range(20, 280):
        image.putpixel((x, 50), (0, 0, 0))
    buffer = BytesIO()
    image.save(buffer, "PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


@pytest.fixture(autouse=True)
def _english():
    # The messages checked below are read in English, whatever the default language.
    with translation.override("en"):
        yield


# sending, and the customer's one-time link


@override_settings(SITE_URL=SITE)
def test_sending_mails_a_one_time_link_and_stores_only_its_hash(
    users, chargeable_case, django_capture_on_commit_callbacks
):
    chargeable_case.reporter = make_contact(chargeable_case.customer, language="en")
    chargeable_case.save()
    quote = write_quote(users, chargeable_case)
    token = sent_token(users, quote, django_capture_on_commit_callbacks)
    quote.refresh_from_db()
    assert quote.state == Quote.State.SENT and quote.sent_at is not None
    assert quote.sent_to == "wang@example.cn"
    assert len(token) >= 40 and token not in quote.token_hash
    assert mail.outbox[0].to == ["wang@example.cn"]
    assert SITE.rstrip("/") + reverse("quote_decision", args=[token]) in mail.outbox[0].body
    assert quote.number in mail.outbox[0].subject + mail.outbox[0].body
    assert services.quote_for_token(token) == quote


def test_only_a_draft_is_sent(users, chargeable_case, django_capture_on_commit_callbacks):
    quote = write_quote(users, chargeable_case)
    sent_token(users, quote, django_capture_on_commit_callbacks)
    quote.refresh_from_db()
    with pytest.raises(ValidationError):
        sent_token(users, quote, django_capture_on_commit_callbacks)


def test_approving_on_the_link_records_the_name_and_tells_the_case_people(
    users, chargeable_case, django_capture_on_commit_callbacks
):
    quote = write_quote(users, chargeable_case)
    token = sent_token(users, quote, django_capture_on_commit_callbacks)
    decided = services.decide_by_link(token=token, approve=True, name="  王建华 ")
    quote.refresh_from_db()
    assert decided == quote
    assert quote.state == Quote.State.APPROVED and quote.decided_at is not None
    assert (quote.decided_by_name, quote.method) == ("王建华", Quote.Method.LINK)
    assert quote.recorded_by is None and quote.token_hash == ""
    told = Notification.objects.filter(text__contains=quote.number)
    assert {n.user for n in told} == {users[Role.ENGINEER], users[Role.COORDINATOR]}
    assert all(n.link == reverse("service:case_detail", args=[chargeable_case.pk]) for n in told)


def test_the_link_is_refused_the_second_time(
    users, chargeable_case, django_capture_on_commit_callbacks
):
    token = sent_token(
        users, write_quote(users, chargeable_case), django_capture_on_commit_callbacks
    )
    services.decide_by_link(token=token, approve=True, name="王建华")
    assert services.quote_for_token(token) is None
    with pytest.raises(ValidationError):
        services.decide_by_link(token=token, approve=False, name="王建华")
    assert Quote.objects.get().state == Quote.State.APPROVED


def test_a_tampered_or_expired_link_opens_nothing(
    users, chargeable_case, django_capture_on_commit_callbacks
):
    quote = write_quote(users, chargeable_case)
    token = sent_token(users, quote, django_capture_on_commit_callbacks)
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert services.quote_for_token(tampered) is None
    with pytest.raises(ValidationError):
        services.decide_by_link(token=tampered, approve=True, name="王建华")
    Quote.objects.filter(pk=quote.pk).update(valid_until=timezone.localdate() - timedelta(days=1))
    assert services.quote_for_token(token) is None
    with pytest.raises(ValidationError):
        services.decide_by_link(token=token, approve=True, name="王建华")
    assert Quote.objects.get().state == Quote.State.SENT


def test_a_draft_opens_nothing_on_the_link(users, chargeable_case):
    write_quote(users, chargeable_case)
    assert services.quote_for_token("") is None


def test_declining_keeps_the_customers_reason(
    users, chargeable_case, django_capture_on_commit_callbacks
):
    token = sent_token(
        users, write_quote(users, chargeable_case), django_capture_on_commit_callbacks
    )
    services.decide_by_link(token=token, approve=False, name="王建华", reason=" 价格太高 ")
    quote = Quote.objects.get()
    assert quote.state == Quote.State.DECLINED
    assert (quote.decided_by_name, quote.decline_reason) == ("王建华", "价格太高")
    assert quote.method == ""


def test_the_customer_gives_a_name_to_decide(
    users, chargeable_case, django_capture_on_commit_callbacks
):
    token = sent_token(
        users, write_quote(users, chargeable_case), django_capture_on_commit_callbacks
    )
    with pytest.raises(ValidationError) as refused:
        services.decide_by_link(token=token, approve=True, name="   ")
    assert "name" in refused.value.message_dict
    assert services.quote_for_token(token) is not None


def test_the_public_page_works_once_without_signing_in(
    client, users, chargeable_case, django_capture_on_commit_callbacks
):
    quote = write_quote(users, chargeable_case)
    token = sent_token(users, quote, django_capture_on_commit_callbacks)
    url = reverse("quote_decision", args=[token])
    page = client.get(url)
    assert page.status_code == 200
    assert quote.number in page.content.decode() and "FF450R12" in page.content.decode()
    assert client.post(url, {"name": "王建华", "decision": "approve"}).status_code == 200
    quote.refresh_from_db()
    assert quote.state == Quote.State.APPROVED and quote.decided_by_name == "王建华"
    assert client.get(url).status_code == 404
    assert client.post(url, {"name": "李四", "decision": "decline"}).status_code == 404
    quote.refresh_from_db()
    assert quote.state == Quote.State.APPROVED and quote.decided_by_name == "王建华"


# approval recorded by our people


def test_the_customer_signs_the_quote_on_the_engineers_screen(users, chargeable_case):
    engineer = users[Role.ENGINEER]
    quote = write_quote(users, chargeable_case)
    signed = services.approve_on_site(
        by=engineer, quote=quote, version=quote.version, name="王建华", signature=_signature()
    )
    assert signed.state == Quote.State.APPROVED and signed.method == Quote.Method.SIGNATURE
    assert (signed.decided_by_name, signed.recorded_by) == ("王建华", engineer)
    assert signed.signature.name.endswith(".png")
    with Image.open(signed.signature.open("rb")) as drawn:
        assert drawn.format == "PNG" and drawn.size == (300, 100)


def test_a_signature_that_is_not_a_drawing_is_refused(users, chargeable_case):
    quote = write_quote(users, chargeable_case)
    for bad in (
        "",
        "data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=",
        "data:image/png;base64," + base64.b64encode(b"MZ\x90\x00not a png").decode(),
        "data:image/png;base64,not base64!",
    ):
        with pytest.raises(ValidationError):
            services.approve_on_site(
                by=users[Role.ENGINEER],
                quote=quote,
                version=quote.version,
                name="王建华",
                signature=bad,
            )
    quote.refresh_from_db()
    assert quote.state == Quote.State.DRAFT and not quote.signature


def test_the_office_records_a_purchase_order(users, chargeable_case):
    quote = write_quote(users, chargeable_case)
    recorded = services.record_purchase_order(
        by=users[Role.MANAGER],
        quote=quote,
        version=quote.version,
        purchase_order=" PO-2026-0042 ",
        name="采购部 李娜",
    )
    assert recorded.state == Quote.State.APPROVED
    assert recorded.method == Quote.Method.PURCHASE_ORDER
    assert (recorded.purchase_order, recorded.recorded_by) == ("PO-2026-0042", users[Role.MANAGER])


def test_a_purchase_order_needs_its_number_and_the_coordinator_or_manager(users, chargeable_case):
    quote = write_quote(users, chargeable_case)
    with pytest.raises(ValidationError) as refused:
        services.record_purchase_order(
            by=users[Role.COORDINATOR],
            quote=quote,
            version=quote.version,
            purchase_order="  ",
            name="",
        )
    assert "purchase_order" in refused.value.message_dict
    with pytest.raises(PermissionDenied):
        services.record_purchase_order(
            by=users[Role.ENGINEER],
            quote=quote,
            version=quote.version,
            purchase_order="PO-1",
            name="",
        )
    quote.refresh_from_db()
    assert quote.is_pending


def test_a_decided_quote_is_not_decided_again(users, chargeable_case):
    quote = write_quote(users, chargeable_case)
    approved = services.approve_on_site(
        by=users[Role.ENGINEER],
        quote=quote,
        version=quote.version,
        name="王建华",
        signature=_signature(),
    )
    with pytest.raises(ValidationError):
        services.record_purchase_order(
            by=users[Role.COORDINATOR],
            quote=approved,
            version=approved.version,
            purchase_order="PO-1",
            name="",
        )
    with pytest.raises(ValidationError):
        services.withdraw_quote(
            by=users[Role.COORDINATOR], quote=approved, version=approved.version
        )


def test_a_stale_version_is_refused_on_send_and_withdraw(users, chargeable_case):
    quote = write_quote(users, chargeable_case)
    with pytest.raises(case_services.StaleCase):
        services.send_quote(
            by=users[Role.COORDINATOR],
            quote=quote,
            version=quote.version + 1,
            email="",
        )
    with pytest.raises(case_services.StaleCase):
        services.withdraw_quote(by=users[Role.COORDINATOR], quote=quote, version=quote.version - 1)
    quote.refresh_from_db()
    assert quote.state == Quote.State.DRAFT


def test_a_quote_dies_with_its_cancelled_case_and_its_link_approves_nothing(
    users, chargeable_case, django_capture_on_commit_callbacks
):
    quote = write_quote(users, chargeable_case)
    token = sent_token(users, quote, django_capture_on_commit_callbacks)
    chargeable_case.refresh_from_db()
    case_services.cancel_case(
        by=users[Role.COORDINATOR],
        case=chargeable_case,
        version=chargeable_case.version,
        reason="客户自行修复",
    )
    quote.refresh_from_db()
    assert quote.state == Quote.State.WITHDRAWN and quote.token_hash == ""
    assert services.quote_for_token(token) is None
    with pytest.raises(ValidationError):
        services.decide_by_link(token=token, approve=True, name="王建华")


def test_the_customer_must_choose_approve_or_decline_on_the_link(
    client, users, chargeable_case, django_capture_on_commit_callbacks
):
    token = sent_token(
        users, write_quote(users, chargeable_case), django_capture_on_commit_callbacks
    )
    url = reverse("quote_decision", args=[token])
    response = client.post(url, {"name": "王建华", "decision": "maybe"})
    assert response.status_code == 200
    assert "王建华" in response.content.decode()  # what was typed is kept
    assert Quote.objects.get().state == Quote.State.SENT
