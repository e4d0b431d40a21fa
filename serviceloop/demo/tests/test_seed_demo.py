import pytest
from django.core.management import call_command

from serviceloop.accounts.models import Office, Role, User
from serviceloop.demo.accounts import DEMO_PASSWORD

DEMO_LOGINS = {
    "admin": Role.ADMIN,
    "manager": Role.MANAGER,
    "coordinator": Role.COORDINATOR,
    "engineer1": Role.ENGINEER,
    "engineer2": Role.ENGINEER,
    "warehouse": Role.WAREHOUSE,
    "account1": Role.ACCOUNT_MANAGER,
    "hq": Role.HQ,
    "portal-a": Role.CUSTOMER,
    "portal-b": Role.CUSTOMER,
}


@pytest.mark.django_db
def test_demo_creates_every_login_with_its_role_and_office(capsys):
    call_command("seed_demo")
    users = {u.username: u for u in User.objects.select_related("office")}
    assert {name: users[name].role for name in DEMO_LOGINS} == DEMO_LOGINS
    assert users["hq"].office.is_headquarters
    assert users["hq"].time_zone == "Europe/Madrid"
    assert all(users[name].office.code == "shanghai" for name in DEMO_LOGINS if name != "hq")
    assert users["engineer1"].check_password(DEMO_PASSWORD)
    printed = capsys.readouterr().out
    assert DEMO_PASSWORD in printed and "portal-b" in printed


@pytest.mark.django_db
def test_demo_is_idempotent_and_keeps_changed_passwords():
    call_command("seed_demo")
    engineer = User.objects.get(username="engineer1")
    engineer.set_password("Changed-by-the-user-1")
    engineer.save()
    call_command("seed_demo")
    assert User.objects.count() == len(DEMO_LOGINS)
    assert Office.objects.count() == 2
    engineer.refresh_from_db()
    assert engineer.check_password("Changed-by-the-user-1")


@pytest.mark.django_db
def test_demo_reset_rebuilds_from_scratch():
    call_command("seed_demo")
    # A demo user with no records (the warehouse clerk has the demo's stock movements).
    User.objects.filter(username="admin").delete()
    call_command("seed_demo", reset=True)
    assert User.objects.filter(username="admin").exists()
    assert User.objects.count() == len(DEMO_LOGINS)


@pytest.mark.django_db
def test_demo_refuses_a_production_setup(settings):
    from django.core.management.base import CommandError

    settings.HTTPS = True
    with pytest.raises(CommandError):
        call_command("seed_demo")
    assert not User.objects.exists()


@pytest.mark.django_db
def test_demo_reset_leaves_other_accounts_alone():
    from serviceloop.accounts.testing import make_user

    call_command("seed_demo")
    real = make_user(Role.ENGINEER, username="real-engineer", office=Office.objects.first())
    call_command("seed_demo", reset=True)
    assert User.objects.filter(pk=real.pk).exists()
