"""Every create form, sent twice with the key its page gave it, makes one record; the second
answer goes where the first one did (core/form_keys.py, docs/decisions/0011).

The forms are listed in `create_rows.py`; a view decorated with `@submitted_once` but
missing there fails `test_every_create_view_has_a_row`.
"""

from urllib.parse import urlsplit

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation
from django.utils.translation import gettext

from serviceloop.accounts.models import Role
from serviceloop.core.form_keys import FIELD
from serviceloop.core.testing import form_keys_in, with_form_key
from serviceloop.customers.models import Customer
from serviceloop.parts.models import StockMovement
from serviceloop.service.models import Case

from .create_rows import CREATES, Create, no_kwargs, today
from .html_forms import forms_on


@pytest.fixture
def records(data, users, shanghai):
    """The role × URL table's records, with what some forms need besides."""
    from serviceloop.parts.services import orders
    from serviceloop.parts.services.policy import set_policy
    from serviceloop.service.testing import make_case

    diagnosing = make_case(
        shanghai,
        state=Case.State.REMOTE_DIAGNOSIS,
        assignee=users[Role.ENGINEER],
        opened_by=users[Role.COORDINATOR],
        customer=data["customer"],
    )
    order = data["order"]
    order = orders.confirm_order(
        by=users[Role.HQ], order=order, version=order.version, promised_on=today()
    )
    set_policy(
        by=users[Role.WAREHOUSE],
        part=data["part"],
        warehouse=data["store"],
        min_quantity=10,
        reorder_point=20,
        max_quantity=30,
        target_fill_rate="0.95",
    )
    return {**data, "diagnosing": diagnosing, "order": order}


def _browser_data(page, page_url: str, action: str) -> dict:
    """What the page's form posting to `action` sends untouched: hidden fields, checked
    boxes, the chosen (or first) option of each list."""
    posting = [
        f
        for f in forms_on(page_url, page.content.decode())
        if f.method == "post" and urlsplit(f.action).path == urlsplit(action).path
    ]
    assert posting, f"{page_url} shows no form posting to {action}"
    form = posting[-1]
    sent: dict[str, list[str]] = {}
    for name, value in form.fixed:
        sent.setdefault(name, []).append(value)
    for name, values in form.selects.items():
        picked = [v for v in form.chosen.get(name, []) if v] or values[:1]
        if picked:
            sent[name] = picked
    for name, values in form.radios.items():
        sent.setdefault(name, values[:1])
    assert sent.get(FIELD), f"the form posting to {action} carries no one-time key"
    return sent


def _posted(client, name: str, spec: Create, records: dict) -> tuple[str, dict]:
    kwargs = spec.kwargs(records) if spec.kwargs else None
    url = reverse(name, kwargs=kwargs) + spec.query.format(customer=records["customer"].pk)
    page_kwargs = (spec.page_kwargs or spec.kwargs or no_kwargs)(records) if spec.page else kwargs
    page_url = reverse(spec.page, kwargs=page_kwargs) if spec.page else url
    page = client.get(page_url)
    assert page.status_code == 200, f"{name}: its page answers {page.status_code}"
    return url, _browser_data(page, page_url, url)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(CREATES))
def test_the_same_create_form_sent_twice_makes_one_record(client, users, records, name):
    spec = CREATES[name]
    client.force_login(users[spec.role])
    url, sent = _posted(client, name, spec, records)
    before = spec.made.objects.count()

    first = client.post(url, {**sent, **spec.fill(records)})
    if first.status_code != 302:
        context = first.context or {}
        errors = getattr(context.get("form"), "errors", "")
        told = [str(m) for m in context.get("messages", [])]
        pytest.fail(f"{name}: {first.status_code}, {errors} {told}")
    again = client.post(url, {**sent, **spec.fill(records)})

    assert spec.made.objects.count() == before + 1
    assert again.status_code == 302 and again.url == first.url
    followed = client.get(again.url)
    with translation.override(users[spec.role].language):
        told = gettext("This form had already been sent: it was not saved twice.")
    assert told in [str(m) for m in followed.context["messages"]]


def _new_customer(**typed) -> dict:
    data = {
        "code": "C-0901",
        "name_zh": "宁波恒达齿轮有限公司",
        "industry": Customer.Industry.AUTO_PARTS_TIER1,
        "grade": Customer.Grade.A,
        "status": Customer.Status.ACTIVE,
    }
    return {**data, **typed}


@pytest.mark.django_db
def test_a_refused_form_keeps_its_key_usable(client, users):
    client.force_login(users[Role.COORDINATOR])
    url = reverse("customers:customer_create")
    sent = with_form_key(_new_customer(name_zh=""))
    refused = client.post(url, sent)
    assert refused.status_code == 200 and not Customer.objects.exists()

    accepted = client.post(url, {**sent, "name_zh": "宁波恒达齿轮有限公司"})
    assert accepted.status_code == 302 and Customer.objects.count() == 1


@pytest.mark.django_db
def test_a_form_without_its_key_saves_nothing_and_offers_what_was_typed(client, users):
    client.force_login(users[Role.COORDINATOR])
    url = reverse("customers:customer_create")
    response = client.post(url, _new_customer())
    html = response.content.decode()
    assert response.status_code == 400 and not Customer.objects.exists()
    assert 'value="宁波恒达齿轮有限公司"' in html and f'name="{FIELD}"' in html


@pytest.mark.django_db
def test_another_users_key_is_not_followed(client, users):
    sent = with_form_key(_new_customer())
    client.force_login(users[Role.COORDINATOR])
    first = client.post(reverse("customers:customer_create"), sent)
    client.force_login(users[Role.MANAGER])
    replayed = client.post(reverse("customers:customer_create"), {**sent, "code": "C-0902"})
    assert first.status_code == 302 and replayed.status_code == 400
    assert Customer.objects.count() == 1


@pytest.mark.django_db
def test_every_page_shows_a_new_key(client, users):
    client.force_login(users[Role.COORDINATOR])
    url = reverse("customers:customer_create")
    keys = [*form_keys_in(client.get(url)), *form_keys_in(client.get(url))]
    assert len(keys) == 2 and keys[0] != keys[1]


@pytest.mark.django_db
def test_the_ledger_keeps_the_key_of_the_form_that_moved_stock(client, users, records):
    spec = CREATES["parts:movement_new"]
    client.force_login(users[spec.role])
    url, sent = _posted(client, "parts:movement_new", spec, records)
    client.post(url, {**sent, **spec.fill(records)})
    assert StockMovement.objects.filter(request_key=sent[FIELD][0]).exists()


def _views(patterns=None, namespace=""):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _views(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern.callback


def test_every_create_view_has_a_row():
    """Every view that checks form keys is proven above, and every row's view checks them."""
    checked = {name for name, view in _views() if getattr(view, "checks_form_key", False)}
    # Views that add and edit check only their adding URL (`creating=adding`).
    checked -= {
        name for name in checked if name.endswith("_edit") and name != "service:engineer_edit"
    }
    assert checked <= CREATES.keys(), f"not proven: {sorted(checked - CREATES.keys())}"
    assert CREATES.keys() <= checked, f"not checking keys: {sorted(CREATES.keys() - checked)}"
