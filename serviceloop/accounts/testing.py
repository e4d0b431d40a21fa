"""Builders for tests: offices and users of each role with known rights."""

from serviceloop.accounts.models import Office, Role, User

PASSWORD = "Test-password-2026"


def make_office(code: str = "shanghai", **fields) -> Office:
    defaults = {"name": code.title(), "time_zone": "Asia/Shanghai"}
    defaults.update(fields)
    office, _ = Office.objects.get_or_create(code=code, defaults=defaults)
    return office


def make_user(
    role: str = Role.COORDINATOR, *, username: str | None = None, office=None, **fields
) -> User:
    if office is None and role != Role.ADMIN:
        office = make_office()
    username = username or f"{role}-{User.objects.count() + 1}"
    user = User(
        username=username,
        full_name=fields.pop("full_name", f"测试 {username}"),
        email=fields.pop("email", f"{username}@example.com"),
        role=role,
        office=office,
        time_zone=fields.pop("time_zone", office.time_zone if office else "Asia/Shanghai"),
        **fields,
    )
    user.set_password(PASSWORD)
    user.save()
    return user
