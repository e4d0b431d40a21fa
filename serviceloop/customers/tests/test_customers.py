import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from serviceloop.accounts.models import Role
from serviceloop.core.testing import with_form_key
from serviceloop.customers import services
from serviceloop.customers.models import Customer, CustomerMerge
from serviceloop.customers.testing import make_contact, make_customer, make_site
from serviceloop.customers.validators import credit_code_check_char

GOOD_CODE = "91310000MA1FL4FB1" + credit_code_check_char("91310000MA1FL4FB1")


def _form(**overrides):
    data = {
        "code": "C-0100",
        "name_zh": "宁波恒达齿轮有限公司",
        "name_en": "Ningbo Hengda Gear Co., Ltd.",
        "credit_code": GOOD_CODE,
        "industry": Customer.Industry.AUTO_PARTS_TIER1,
        "grade": Customer.Grade.A,
        "status": Customer.Status.ACTIVE,
        "main_products": "齿轮",
        "address": "北仑区大碶街道",
    }
    data.update(overrides)
    return with_form_key(data)


@pytest.mark.django_db
def test_coordinator_creates_a_customer_findable_by_initials(client, users):
    client.force_login(users[Role.COORDINATOR])
    response = client.post(reverse("customers:customer_create"), _form())
    customer = Customer.objects.get(code="C-0100")
    assert response.url == reverse("records:customer_record", args=[customer.pk])
    assert "nbhdclyxgs" in customer.search_document
    assert customer.office == users[Role.COORDINATOR].office


@pytest.mark.django_db
def test_a_bad_credit_code_is_refused_with_the_typed_values_kept(client, users):
    client.force_login(users[Role.COORDINATOR])
    bad = GOOD_CODE[:-1] + ("0" if GOOD_CODE[-1] != "0" else "1")
    response = client.post(reverse("customers:customer_create"), _form(credit_code=bad))
    html = response.content.decode()
    assert response.status_code == 200
    (message,) = response.context["form"].errors["credit_code"]
    assert message in html
    assert 'value="宁波恒达齿轮有限公司"' in html
    assert f'value="{bad}"' in html
    assert not Customer.objects.filter(code="C-0100").exists()


@pytest.mark.django_db
def test_account_manager_edits_its_own_customers_only(client, users, shanghai):
    account_manager = users[Role.ACCOUNT_MANAGER]
    own = make_customer(shanghai, "C-0001", account_manager=account_manager)
    other = make_customer(shanghai, "C-0002", "别人的客户")
    client.force_login(account_manager)
    assert client.get(reverse("customers:customer_edit", args=[own.pk])).status_code == 200
    assert client.get(reverse("customers:customer_edit", args=[other.pk])).status_code == 403
    # Naming itself account manager in the form does not make another's customer its own.
    response = client.post(
        reverse("customers:customer_edit", args=[other.pk]),
        _form(code="C-0002", account_manager=account_manager.pk),
    )
    assert response.status_code == 403
    other.refresh_from_db()
    assert other.account_manager is None
    with pytest.raises(PermissionDenied):
        services.update_customer(by=account_manager, customer=other, changes={"notes": "x"})


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.ENGINEER, Role.COORDINATOR, Role.ACCOUNT_MANAGER])
def test_customer_of_another_office_answers_404(client, users, beijing, role):
    stranger = make_customer(beijing, "C-9001")
    site, contact = make_site(stranger), make_contact(stranger)
    client.force_login(users[role])
    for url in (
        reverse("records:customer_record", args=[stranger.pk]),
        reverse("customers:customer_edit", args=[stranger.pk]),
        reverse("customers:site_edit", args=[stranger.pk, site.pk]),
        reverse("customers:contact_edit", args=[stranger.pk, contact.pk]),
    ):
        assert client.get(url).status_code == 404, url


@pytest.mark.django_db
def test_merging_moves_sites_and_contacts_and_keeps_the_duplicate(users, shanghai):
    # The units a merge moves: equipment/tests/test_customer_merge.py.
    survivor = make_customer(shanghai, "C-0001", "昆山精锻有限公司")
    duplicate = make_customer(shanghai, "C-0002", "昆山精锻有限公司（昆山）")
    make_site(survivor, "S1")
    make_site(duplicate, "S1", "重复的工厂")
    make_contact(duplicate)
    services.merge_customers(by=users[Role.MANAGER], duplicate=duplicate, survivor=survivor)
    duplicate.refresh_from_db()
    assert survivor.sites.count() == 2 and survivor.contacts.count() == 1
    assert duplicate.merged_into == survivor and duplicate.archived_at
    assert CustomerMerge.objects.count() == 1


@pytest.mark.django_db
def test_only_managers_merge_and_only_within_one_office(users, shanghai, beijing):
    first, second = make_customer(shanghai), make_customer(beijing, "C-9001")
    with pytest.raises(PermissionDenied):
        services.merge_customers(by=users[Role.COORDINATOR], duplicate=first, survivor=second)
    with pytest.raises(ValidationError):
        services.merge_customers(by=users[Role.ADMIN], duplicate=first, survivor=second)


@pytest.mark.django_db
def test_archiving_hides_a_customer_from_the_list_but_keeps_it(client, users, shanghai):
    customer = make_customer(shanghai)
    client.force_login(users[Role.COORDINATOR])
    client.post(reverse("customers:customer_archive", args=[customer.pk]))
    listed = client.get(reverse("customers:customer_list")).context["page"].object_list
    assert customer not in listed
    everything = client.get(reverse("customers:customer_list"), {"archived": "on"})
    assert customer in everything.context["page"].object_list


@pytest.mark.django_db
def test_contact_phones_are_normalised(users, shanghai):
    customer = make_customer(shanghai)
    contact = services.save_contact(
        by=users[Role.COORDINATOR],
        customer=customer,
        contact=None,
        changes={
            "full_name": "李强",
            "position": "maintenance_head",
            "mobile": "13812345678",
            "landline": "021-62185500转801",
        },
    )
    assert contact.mobile == "+86 138 1234 5678"
    assert "ext. 801" in contact.landline
