import pytest
from django.utils import translation

from .builders import world  # noqa: F401  (the fixture)


@pytest.fixture(autouse=True)
def _services_speak_english():
    # These tests call the services directly and read their refusals in English; outside a
    # request the active language is the site's default (Chinese). Views still answer in
    # each user's own language: the locale middleware activates it per request.
    with translation.override("en"):
        yield
