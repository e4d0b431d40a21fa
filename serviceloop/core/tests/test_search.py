"""The top search: a box in every staff page's top bar whose results page knows no app;
each app answers through the `site_search` point (decision 0014's way)."""

import pytest
from django.urls import reverse

from serviceloop.core.extensions import site_search

pytestmark = pytest.mark.django_db


def test_the_top_search_asks_every_app_and_says_so_when_none_found_anything(client, users):
    asked = []

    def nothing_here(*, request, query):
        asked.append((request.user.pk, query))

    client.force_login(users["manager"])
    with site_search.plugged(nothing_here):
        page = client.get(reverse("core:search"), {"q": "  SP-2001 "}).content.decode()
    assert asked == [(users["manager"].pk, "SP-2001")]
    assert 'data-testid="search-nothing"' in page


def test_an_empty_search_asks_no_app(client, users):
    asked = []
    client.force_login(users["engineer"])
    with site_search.plugged(lambda *, request, query: asked.append(query)):
        response = client.get(reverse("core:search"), {"q": "   "})
    assert response.status_code == 200 and asked == []


def test_staff_pages_carry_the_search_box_and_customers_search_in_their_portal(client, users):
    client.force_login(users["coordinator"])
    assert 'data-testid="top-search"' in client.get(reverse("core:home")).content.decode()
    client.force_login(users["customer"])
    response = client.get(reverse("core:search"), {"q": "x"})
    assert response.status_code == 302 and response["Location"] == reverse("portal:home")
    portal = client.get(reverse("portal:home")).content.decode()
    assert 'data-testid="top-search"' not in portal
