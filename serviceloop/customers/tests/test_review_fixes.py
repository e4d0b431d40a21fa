"""Edges found in review: hand-overs, PIPL on the record page, nested ids, merges."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from serviceloop.accounts.models import Role
from serviceloop.customers import services
from serviceloop.customers.models import Interaction
from serviceloop.customers.testing import make_contact, make_customer, make_site


@pytest.mark.django_db
def test_an_account_manager_cannot_hand_its_customer_to_someone_else(users, shanghai):
    account_manager = users[Role.ACCOUNT_MANAGER]
    customer = make_customer(shanghai, account_manager=account_manager)
    with pytest.raises(PermissionDenied):
        services.update_customer(
            by=account_manager, customer=customer, changes={"account_manager": users[Role.MANAGER]}
        )
    services.update_customer(
        by=users[Role.COORDINATOR],
        customer=customer,
        changes={"account_manager": users[Role.MANAGER]},
    )
    customer.refresh_from_db()
    assert customer.account_manager == users[Role.MANAGER]


@pytest.mark.django_db
def test_hq_does_not_read_contacts_who_did_not_agree_on_the_record_page(client, users, shanghai):
    customer = make_customer(shanghai)
    private = make_contact(customer, "不同意者")
    make_contact(customer, "同意者", consents_to_transfer_abroad=True)
    Interaction.objects.create(
        customer=customer,
        contact=private,
        kind=Interaction.Kind.CALL,
        happened_on=date(2026, 11, 1),
        summary="回访",
        recorded_by=users[Role.MANAGER],
    )
    client.force_login(users[Role.HQ])
    html = client.get(reverse("records:customer_record", args=[customer.pk])).content.decode()
    assert "同意者" in html and "不同意者" not in html and "回访" in html
    client.force_login(users[Role.MANAGER])
    html = client.get(reverse("records:customer_record", args=[customer.pk])).content.decode()
    assert "不同意者" in html


@pytest.mark.django_db
def test_a_site_of_another_customer_under_this_customers_url_answers_404(client, users, shanghai):
    mine, other = make_customer(shanghai), make_customer(shanghai, "C-0002", "别家")
    foreign_site, foreign_contact = make_site(other), make_contact(other)
    client.force_login(users[Role.COORDINATOR])
    assert (
        client.get(reverse("customers:site_edit", args=[mine.pk, foreign_site.pk])).status_code
        == 404
    )
    url = reverse("customers:contact_edit", args=[mine.pk, foreign_contact.pk])
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_merging_a_group_into_its_member_does_not_make_the_member_its_own_group(users, shanghai):
    group = make_customer(shanghai, "C-0001", "恒锐集团")
    member = make_customer(shanghai, "C-0002", "恒锐苏州", parent=group)
    services.merge_customers(by=users[Role.MANAGER], duplicate=group, survivor=member)
    member.refresh_from_db()
    assert member.parent is None


@pytest.mark.django_db
def test_nothing_merges_into_a_customer_that_was_merged_already(users, shanghai):
    from django.core.exceptions import ValidationError

    first, second, third = (make_customer(shanghai, f"C-000{n}", f"客户{n}") for n in (1, 2, 3))
    services.merge_customers(by=users[Role.MANAGER], duplicate=second, survivor=first)
    with pytest.raises(ValidationError):
        services.merge_customers(by=users[Role.MANAGER], duplicate=third, survivor=second)


@pytest.mark.django_db
def test_the_parent_group_belongs_to_the_same_office(users, shanghai, beijing):
    from django.core.exceptions import ValidationError

    customer = make_customer(shanghai)
    foreign = make_customer(beijing, "C-9001", "北京集团")
    with pytest.raises(ValidationError):
        services.update_customer(
            by=users[Role.ADMIN], customer=customer, changes={"parent": foreign}
        )
