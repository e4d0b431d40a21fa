import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from serviceloop.accounts.models import User
from serviceloop.accounts.testing import make_office
from serviceloop.customers import services as customer_services
from serviceloop.customers.models import Contact, Customer, Interaction, PortalAccess, Site
from serviceloop.customers.validators import (
    normalize_phone,
    validate_unified_social_credit_code,
)
from serviceloop.equipment import services as equipment_services
from serviceloop.equipment.coverage import warranty_end
from serviceloop.equipment.models import Contract, EquipmentModel, Unit

pytestmark = pytest.mark.django_db

DEMO_MODELS = [Customer, Site, Contact, Interaction, PortalAccess, EquipmentModel, Unit, Contract]


def rows() -> dict[str, int]:
    counted = {model.__name__: model.objects.count() for model in DEMO_MODELS}
    return counted | {"covered units": Contract.units.through.objects.count()}


def history_rows() -> dict[str, int]:
    return {model.__name__: model.history.count() for model in DEMO_MODELS}


def seed(capsys, **options) -> None:
    started = time.perf_counter()
    call_command("seed_demo", **options)
    elapsed = time.perf_counter() - started
    with capsys.disabled():
        print(f"\nseed_demo{' --reset' if options.get('reset') else ''} took {elapsed:.2f} s")


# Each test loads the whole demo (about 3 s), so the read-only checks share two tests.


def test_demo_loads_sixty_customers_with_valid_codes_phones_and_portal_users(capsys):
    seed(capsys)
    assert 55 <= Customer.objects.count() <= 65
    assert set(Customer.objects.values_list("office__code", flat=True)) == {"shanghai"}
    for code in Customer.objects.values_list("credit_code", flat=True):
        validate_unified_social_credit_code(code)
    mobiles = list(Contact.objects.values_list("mobile", flat=True))
    assert mobiles and all(normalize_phone(mobile) == mobile for mobile in mobiles)

    access = {a.user.username: a for a in PortalAccess.objects.select_related("user", "customer")}
    assert access["portal-a"].customer != access["portal-b"].customer
    assert access["portal-a"].customer.grade == Customer.Grade.A
    assert access["portal-a"].customer.units.count() >= 3
    assert access["portal-a"].rights == PortalAccess.Rights.APPROVE
    assert Customer.objects.filter(account_manager__username="account1").count() == 12

    assert Customer.objects.filter(members__isnull=False).distinct().count() >= 2
    twins = Customer.objects.values("credit_code").annotate(n=Count("pk")).filter(n__gt=1)
    assert twins.count() == 1  # the duplicate to demonstrate merging


def test_demo_installs_four_hundred_units_in_delivery_order_with_lines_and_contracts(capsys):
    seed(capsys)
    today = timezone.localdate()
    assert EquipmentModel.objects.count() >= 20
    assert 380 <= Unit.objects.count() <= 420
    assert not Unit.objects.filter(customer__status=Customer.Status.PROSPECT).exists()
    for unit in Unit.objects.all():
        assert unit.build_date < unit.pre_acceptance_date < unit.final_acceptance_date, unit
        assert unit.final_acceptance_date <= unit.commissioning_date <= today, unit
        assert unit.warranty_end == warranty_end(
            starts_on=unit.final_acceptance_date, months=unit.warranty_months
        )

    expiring = Unit.objects.filter(warranty_end__range=(today, today + timedelta(days=60)))
    assert expiring.count() >= 3
    assert Unit.objects.filter(warranty_end__lt=today).count() > Unit.objects.count() / 2
    assert Unit.objects.filter(warranty_end__gt=today + timedelta(days=60)).exists()

    children = Unit.objects.filter(parent__isnull=False).select_related("parent", "model")
    assert children.count() >= 30
    for child in children:
        assert (child.parent.customer_id, child.parent.site_id) == (
            child.customer_id,
            child.site_id,
        )
        assert child.model.family == EquipmentModel.Family.POWER_SUPPLY

    assert Contract.objects.count() >= 20
    assert Contract.objects.filter(ends_on__lt=today).exists()
    assert Contract.objects.filter(ends_on__gte=today).exists()


def test_loading_twice_creates_nothing_new(capsys):
    seed(capsys)
    before, history_before = rows(), history_rows()
    seed(capsys)
    assert rows() == before
    assert history_rows() == history_before  # nothing saved again either


def test_after_a_merge_loading_adds_nothing_and_reset_rebuilds_the_archive(capsys):
    seed(capsys)
    fresh = rows()
    twin = Customer.objects.values("credit_code").annotate(n=Count("pk")).get(n=2)
    original, duplicate = Customer.objects.filter(credit_code=twin["credit_code"]).order_by("code")
    manager = User.objects.get(username="manager")
    customer_services.merge_customers(by=manager, duplicate=duplicate, survivor=original)
    seed(capsys)
    assert rows() == fresh
    seed(capsys, reset=True)
    assert rows() == fresh
    assert not Customer.objects.filter(merged_into__isnull=False).exists()


def a_real_customer_with_a_unit() -> Unit:
    # In an office of its own: accounts.reset() deletes the demo offices once their demo
    # users are gone, so a real customer of the Shanghai office would block the reset.
    office = make_office("beijing", name="China — Beijing", time_zone="Asia/Shanghai")
    manager = User.objects.get(username="admin")
    customer = customer_services.create_customer(
        by=manager, office=office, changes={"code": "REAL-1", "name_zh": "真实客户有限公司"}
    )
    model = EquipmentModel.objects.get(code="IPS-MF300")
    return equipment_services.save_unit(
        by=manager,
        unit=None,
        changes={"serial": "REAL-0001", "model": model, "customer": customer},
    )


def test_reset_rebuilds_the_same_archive_and_leaves_other_customers_alone(capsys):
    seed(capsys)
    demo = rows()
    serials = set(Unit.objects.values_list("serial", flat=True))
    real_unit = a_real_customer_with_a_unit()
    Unit.objects.filter(parent=None, children=None, cases=None).first().delete()  # a unit lost
    seed(capsys, reset=True)
    assert Unit.objects.filter(pk=real_unit.pk, customer__code="REAL-1").exists()
    assert rows() == demo | {"Customer": demo["Customer"] + 1, "Unit": demo["Unit"] + 1}
    assert set(Unit.objects.exclude(pk=real_unit.pk).values_list("serial", flat=True)) == serials
