"""Every role × every URL: the expected status code of a GET, in one table.

A URL pattern without a row here fails `test_every_url_has_a_row`, so no page ships
without someone deciding who may open it. Later capabilities add their rows.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from serviceloop.accounts.models import Role

ANON = "anonymous"
ROLES = [ANON, *Role]
STAFF = [r for r in Role if r != Role.CUSTOMER]
SIGN_IN = 302  # anonymous visitors are sent to the sign-in page


def row(default: int, anonymous: int | None = None, **by_role: int) -> dict:
    codes = {role: by_role.get(str(role), default) for role in Role}
    codes[ANON] = default if anonymous is None else anonymous
    return codes


def only(roles, *, allowed: int = 200, others: int = 403, anonymous: int = SIGN_IN) -> dict:
    codes = {role: (allowed if role in roles else others) for role in Role}
    codes[ANON] = anonymous
    return codes


# url name -> (kwargs builder, expected status per role)
TABLE = {
    "core:home": (None, row(200, anonymous=SIGN_IN, customer=302)),
    "core:health": (None, row(200)),
    "accounts:login": (None, row(302, anonymous=200)),
    "accounts:logout": (None, row(405)),
    "accounts:password_change": (None, row(200, anonymous=SIGN_IN)),
    "accounts:password_change_done": (None, row(200, anonymous=SIGN_IN)),
    "accounts:password_reset": (None, row(200)),
    "accounts:password_reset_done": (None, row(200)),
    "accounts:password_reset_confirm": (lambda d: {"uidb64": "MQ", "token": "bad-token"}, row(200)),
    "accounts:password_reset_complete": (None, row(200)),
    "accounts:set_language": (None, row(405)),
    "accounts:preferences": (None, row(200, anonymous=SIGN_IN)),
    "accounts:staff_list": (None, only({Role.ADMIN, Role.MANAGER, Role.HQ})),
    "accounts:staff_create": (None, only({Role.ADMIN, Role.MANAGER})),
    "accounts:staff_edit": (lambda d: {"pk": d["engineer"].pk}, only({Role.ADMIN, Role.MANAGER})),
    "accounts:staff_deactivate": (lambda d: {"pk": d["engineer"].pk}, row(405)),
    "accounts:staff_reactivate": (lambda d: {"pk": d["engineer"].pk}, row(405)),
    "accounts:staff_reset_password": (lambda d: {"pk": d["engineer"].pk}, row(405)),
    "portal:home": (None, only({Role.CUSTOMER})),
    # The Django admin's own pages (one per model) are covered by its index and a model page.
    "admin:index": (None, only({Role.ADMIN})),
    "admin:accounts_user_changelist": (None, only({Role.ADMIN})),
}

# HQ is read-only: the only POSTs it may send are about itself.
HQ_MAY_POST = {
    "accounts:logout",
    "accounts:set_language",
    "accounts:preferences",
    "accounts:password_change",
}


def _all_url_names(patterns=None, namespace="") -> set[str]:
    names = set()
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _all_url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_url_has_a_row():
    names = {n for n in _all_url_names() if not n.startswith("admin:")}
    missing = names - TABLE.keys()
    assert not missing, f"URLs without a row in the role × URL table: {sorted(missing)}"
    stale = {n for n in TABLE if not n.startswith("admin:")} - names
    assert not stale, f"rows for URLs that no longer exist: {sorted(stale)}"


@pytest.fixture
def data(users):
    return {"engineer": users[Role.ENGINEER]}


def _url(name, data):
    kwargs_for, _ = TABLE[name]
    return reverse(name, kwargs=kwargs_for(data) if kwargs_for else None)


@pytest.mark.django_db
def test_every_role_gets_the_expected_status_on_every_url(client, users, data):
    results, wrong = 0, []
    for role in ROLES:
        client.logout()
        if role != ANON:
            client.force_login(users[role])
        for name, (_, expected) in TABLE.items():
            status = client.get(_url(name, data)).status_code
            results += 1
            if status != expected[role]:
                wrong.append(f"{role} GET {name}: {status}, expected {expected[role]}")
    print(f"role × URL table: {results} requests checked")
    assert not wrong, "\n".join(wrong)


@pytest.mark.django_db
def test_hq_posts_are_refused_except_its_own_preferences(client, users, data):
    hq = users[Role.HQ]
    client.force_login(hq)
    accepted = set()
    for name in TABLE:
        status = client.post(_url(name, data), {}).status_code
        if status != 403:
            accepted.add(name)
        client.force_login(hq)  # a logout POST ended the session
    print(f"HQ POSTs tried: {len(TABLE)}, accepted: {sorted(accepted)}")
    assert accepted == HQ_MAY_POST
    data["engineer"].refresh_from_db()
    assert data["engineer"].is_active and data["engineer"].has_usable_password()
