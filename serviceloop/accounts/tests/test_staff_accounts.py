import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.urls import reverse

from serviceloop.accounts import services
from serviceloop.accounts.models import Role, User
from serviceloop.accounts.testing import make_user
from serviceloop.core.testing import with_form_key

SITE = "https://serviceloop.example/"


def _new_engineer(by, office, **overrides):
    fields = {
        "username": "engineer9",
        "full_name": "马小军",
        "email": "engineer9@example.com",
        "role": Role.ENGINEER,
        "office": office,
        "language": "zh-hans",
    }
    fields.update(overrides)
    return services.create_staff_account(by=by, **fields)


@pytest.mark.django_db(transaction=True)
@override_settings(SITE_URL=SITE)
def test_manager_creates_an_engineer_who_gets_a_link_to_set_a_password(manager, shanghai):
    user = _new_engineer(manager, shanghai)
    assert user.office == shanghai
    assert not user.has_usable_password()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["engineer9@example.com"]
    assert "engineer9" in message.body
    assert "https://serviceloop.example/accounts/password/reset/" in message.body
    # Written in the new colleague's language.
    assert "您好" in message.body or "马小军" in message.body


@pytest.mark.django_db
def test_manager_may_not_create_an_administrator_or_hq_account(manager, shanghai):
    for role in (Role.ADMIN, Role.HQ, Role.CUSTOMER):
        with pytest.raises(PermissionDenied):
            _new_engineer(manager, shanghai, role=role, username=f"x-{role}")


@pytest.mark.django_db
def test_manager_may_not_staff_another_office(manager, beijing):
    with pytest.raises(PermissionDenied):
        _new_engineer(manager, beijing)


@pytest.mark.django_db
def test_administrator_creates_accounts_in_any_office(users, beijing):
    user = _new_engineer(users[Role.ADMIN], beijing, role=Role.HQ)
    assert user.role == Role.HQ


@pytest.mark.django_db
def test_deactivated_user_is_signed_out_at_the_next_request(client, manager, users):
    engineer = users[Role.ENGINEER]
    client.force_login(engineer)
    services.deactivate_account(by=manager, user=engineer)
    assert client.get(reverse("core:home")).status_code == 302


@pytest.mark.django_db
def test_nobody_deactivates_their_own_account(users):
    admin = users[Role.ADMIN]
    with pytest.raises(ValidationError):
        services.deactivate_account(by=admin, user=admin)


@pytest.mark.django_db(transaction=True)
def test_password_reset_by_manager_voids_the_old_password_and_mails_a_link(client, manager, users):
    engineer = users[Role.ENGINEER]
    services.reset_password(by=manager, user=engineer)
    engineer.refresh_from_db()
    assert not engineer.has_usable_password()
    assert "/accounts/password/reset/" in mail.outbox[-1].body


@pytest.mark.django_db
def test_staff_form_keeps_what_was_typed_on_error(client, manager):
    client.force_login(manager)
    response = client.post(
        reverse("accounts:staff_create"),
        with_form_key(
            {
                "username": "new one!",
                "full_name": "欧阳娜娜",
                "email": "not-an-email",
                "role": Role.ENGINEER,
            }
        ),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="欧阳娜娜"' in html
    assert 'value="not-an-email"' in html
    assert not User.objects.filter(full_name="欧阳娜娜").exists()


@pytest.mark.django_db
def test_staff_of_another_office_answers_404_to_a_manager(client, manager, beijing):
    stranger = make_user(Role.ENGINEER, username="bj-eng", office=beijing)
    client.force_login(manager)
    assert client.get(reverse("accounts:staff_edit", args=[stranger.pk])).status_code == 404
    response = client.post(reverse("accounts:staff_deactivate", args=[stranger.pk]))
    assert response.status_code == 404
    stranger.refresh_from_db()
    assert stranger.is_active


@pytest.mark.django_db
def test_edit_page_shows_who_changed_what(client, manager, users):
    engineer = users[Role.ENGINEER]
    client.force_login(manager)
    client.post(
        reverse("accounts:staff_edit", args=[engineer.pk]),
        {
            "username": engineer.username,
            "full_name": "王伟（高级）",
            "email": engineer.email,
            "phone": "+86 139 0000 0000",
            "role": Role.ENGINEER,
            "office": engineer.office_id,
            "language": "zh-hans",
            "time_zone": "Asia/Shanghai",
        },
    )
    html = client.get(reverse("accounts:staff_edit", args=[engineer.pk])).content.decode()
    assert "王伟（高级）" in html
    assert manager.full_name in html
    assert "+86 139 0000 0000" in html


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [10, 200])
def test_staff_list_runs_the_same_queries_for_10_and_200_accounts(
    client, manager, shanghai, rows, django_assert_num_queries
):
    for n in range(rows):
        make_user(Role.ENGINEER, username=f"eng{n}", office=shanghai)
    client.force_login(manager)
    # session, user with office and unread notifications, offices for the filter, count, a page
    with django_assert_num_queries(5):
        response = client.get(reverse("accounts:staff_list"))
    assert response.status_code == 200
