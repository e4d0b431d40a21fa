"""A manager keeps its own office's team, and nothing above or beside it."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from serviceloop.accounts import services
from serviceloop.accounts.models import Role, User
from serviceloop.accounts.testing import make_user
from serviceloop.core.testing import with_form_key


def _form_data(account, **changes):
    data = {
        "username": account.username,
        "full_name": account.full_name,
        "email": account.email,
        "phone": account.phone,
        "role": account.role,
        "office": account.office_id or "",
        "language": account.language,
        "time_zone": account.time_zone,
    }
    data.update(changes)
    return with_form_key(data)


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.ADMIN, Role.HQ, Role.CUSTOMER, Role.MANAGER])
def test_manager_cannot_reach_an_account_it_does_not_keep_in_its_own_office(
    client, users, shanghai, role
):
    manager = users[Role.MANAGER]
    target = users[role] if role != Role.MANAGER else make_user(Role.MANAGER, office=shanghai)
    target.office = shanghai
    target.save()
    before = User.objects.values().get(pk=target.pk)
    client.force_login(manager)
    edit = reverse("accounts:staff_edit", args=[target.pk])
    assert client.get(edit).status_code == 404
    takeover = _form_data(target, role=Role.ENGINEER, email="attacker@evil.example")
    assert client.post(edit, takeover).status_code == 404
    for action in ("staff_deactivate", "staff_reactivate", "staff_reset_password"):
        assert client.post(reverse(f"accounts:{action}", args=[target.pk])).status_code == 404
    assert User.objects.values().get(pk=target.pk) == before
    assert mail.outbox == []
    with pytest.raises(PermissionDenied):
        services.reset_password(by=manager, user=target)


@pytest.mark.django_db
def test_manager_cannot_promote_an_engineer_or_move_it_to_another_office(
    client, manager, users, beijing
):
    engineer = users[Role.ENGINEER]
    client.force_login(manager)
    edit = reverse("accounts:staff_edit", args=[engineer.pk])
    for crafted in (_form_data(engineer, role=Role.ADMIN), _form_data(engineer, office=beijing.pk)):
        response = client.post(edit, crafted)
        assert response.status_code == 200  # the form says why, nothing is saved
        assert response.context["form"].errors
    engineer.refresh_from_db()
    assert (engineer.role, engineer.office_id) == (Role.ENGINEER, manager.office_id)
    with pytest.raises(PermissionDenied):
        services.update_staff_account(
            by=manager, user=engineer, **{**_service_fields(engineer), "role": Role.ADMIN}
        )


def _service_fields(account):
    return {
        "full_name": account.full_name,
        "email": account.email,
        "phone": account.phone,
        "role": account.role,
        "office": account.office,
        "language": account.language,
        "time_zone": account.time_zone,
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role",
    [Role.COORDINATOR, Role.ENGINEER, Role.WAREHOUSE, Role.ACCOUNT_MANAGER, Role.CUSTOMER, Role.HQ],
)
def test_roles_without_staff_rights_change_nothing_by_post(client, users, role):
    engineer = users[Role.ENGINEER]
    client.force_login(users[role])
    before = User.objects.values().get(pk=engineer.pk)
    for name in ("staff_deactivate", "staff_reactivate", "staff_reset_password", "staff_edit"):
        response = client.post(reverse(f"accounts:{name}", args=[engineer.pk]), {"full_name": "x"})
        assert response.status_code == 403, name
    response = client.post(reverse("accounts:staff_create"), _form_data(engineer, username="new"))
    assert response.status_code == 403
    assert User.objects.values().get(pk=engineer.pk) == before
    assert not User.objects.filter(username="new").exists()


@pytest.mark.django_db(transaction=True)
def test_changing_an_e_mail_address_tells_the_old_address(client, manager, users):
    engineer = users[Role.ENGINEER]
    old = engineer.email
    client.force_login(manager)
    client.post(
        reverse("accounts:staff_edit", args=[engineer.pk]),
        _form_data(engineer, email="new.address@example.com"),
    )
    engineer.refresh_from_db()
    assert engineer.email == "new.address@example.com"
    (notice,) = mail.outbox
    assert notice.to == [old]
    assert "new.address@example.com" in notice.body


@pytest.mark.django_db
def test_new_account_takes_the_time_zone_of_its_office(users, spain_hq):
    admin = users[Role.ADMIN]
    user = services.create_staff_account(
        by=admin,
        username="madrid1",
        full_name="Lucía Fernández",
        email="lucia@example.es",
        role=Role.COORDINATOR,
        office=spain_hq,
        language="es",
        time_zone="",
    )
    assert user.time_zone == "Europe/Madrid"


@pytest.mark.django_db
def test_usernames_are_unique_ignoring_case(client, manager, users):
    client.force_login(manager)
    engineer = users[Role.ENGINEER]
    response = client.post(
        reverse("accounts:staff_create"),
        _form_data(engineer, username=engineer.username.upper(), email="other@example.com"),
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert User.objects.filter(username__iexact=engineer.username).count() == 1


@pytest.mark.django_db
def test_staff_list_answers_a_fragment_to_htmx_and_the_whole_page_otherwise(client, manager):
    client.force_login(manager)
    url = reverse("accounts:staff_list")
    full = client.get(url)
    fragment = client.get(url, headers={"HX-Request": "true"})
    restore = client.get(url, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert "<html" in full.content.decode()
    assert "<html" not in fragment.content.decode() and "<table" in fragment.content.decode()
    assert "<html" in restore.content.decode()
    assert "HX-Request" in full["Vary"]
