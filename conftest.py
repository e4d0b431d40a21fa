"""Shared fixtures: personas with known rights, in two offices."""

import pytest

from serviceloop.accounts.models import Role
from serviceloop.accounts.testing import make_office, make_user


@pytest.fixture(autouse=True)
def _private_media_per_test(settings, tmp_path):
    # Uploaded files land in a folder of the test's own, never in the checkout.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    # Argon2 is deliberately slow; tests create many users. (Mail goes to Django's
    # in-memory outbox: the test runner swaps every MAILERS entry for locmem.)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def shanghai(db):
    return make_office("shanghai", name="China — Shanghai", time_zone="Asia/Shanghai")


@pytest.fixture
def spain_hq(db):
    return make_office(
        "spain-hq", name="Headquarters — Spain", time_zone="Europe/Madrid", is_headquarters=True
    )


@pytest.fixture
def beijing(db):
    return make_office("beijing", name="China — Beijing", time_zone="Asia/Shanghai")


@pytest.fixture
def users(shanghai, spain_hq):
    """One user per role, as in the demo: all in Shanghai but HQ."""
    people = {role: make_user(role, username=role.value, office=shanghai) for role in Role}
    people[Role.ADMIN].office = shanghai
    hq = people[Role.HQ]
    hq.office, hq.time_zone, hq.language = spain_hq, "Europe/Madrid", "es"
    hq.save()
    return people


@pytest.fixture
def manager(users):
    return users[Role.MANAGER]
