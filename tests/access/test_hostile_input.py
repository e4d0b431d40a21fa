"""Hostile input into every form and filter of the role × URL table: never a server error,
never a NUL byte stored.

Each page is opened by the most privileged persona that may open it (it sees the most
forms); every POST form on it is sent as a browser would, its typed fields holding a NUL
byte, then 10,000 characters, then its choices holding ids that do not fit a 64-bit
integer. Filters get out-of-range, negative and non-numeric ids, and so do the ids in URL
paths. Failures are collected and reported together.
"""

import re

import pytest
from django.apps import apps
from django.db import connection, models
from django.db.models import Value
from django.db.models.functions import StrIndex
from django.urls import reverse

from serviceloop.accounts.models import Role
from serviceloop.core.form_keys import FIELD, new_form_key

from .html_forms import forms_on, query_parameters_on
from .test_role_url_table import ANON, TABLE, _url

# Who opens a page: the first of these the table lets in.
PRIVILEGE = [
    Role.ADMIN,
    Role.MANAGER,
    Role.COORDINATOR,
    Role.ACCOUNT_MANAGER,
    Role.ENGINEER,
    Role.WAREHOUSE,
    Role.HQ,
    Role.CUSTOMER,
    ANON,
]
NUL_TEXT = "NUL\x00byte \x01\x1f"
LONG_TEXT = "1234567890" * 1000
HUGE_ID = "99999999999999999999"
BAD_IDS = [HUGE_ID, "-1", "abc"]
# Ids some views read straight from request.GET, whatever the page's forms declare: each
# is also sent to every path that takes parameters.
ID_PARAMETERS = {"customer", "to_customer", "warehouse", "part", "office", "before", "page"}
# Signing out ends the session the rest of the sweep needs; it has no text to type anyway.
SKIPPED_ACTIONS = {reverse("accounts:logout")}


@pytest.fixture
def client(client):
    # A server error is a finding to collect, not an exception that stops the sweep.
    client.raise_request_exception = False
    return client


def _open_as(client, users, role) -> None:
    if role == ANON:
        client.logout()
    else:
        client.force_login(users[role])


@pytest.fixture
def public_links(users, data) -> dict[str, str]:
    """Live links for the public forms, which the table opens with a dead token."""
    from datetime import date, timedelta

    from django.utils import timezone

    from serviceloop.core.links import new_token
    from serviceloop.service.models import FeedbackRequest, InfoRequest, Quote

    later = timezone.now() + timedelta(days=7)
    feedback, answer, decision = new_token(), new_token(), new_token()
    FeedbackRequest.objects.create(case=data["own_case"], token_hash=feedback[1], expires_at=later)
    InfoRequest.objects.create(
        case=data["case"],
        tags=["P_out"],
        wants_photos=True,
        message="请提供读数",
        requested_by=users[Role.ENGINEER],
        token_hash=answer[1],
        expires_at=later,
    )
    Quote.objects.create(
        case=data["case"],
        number=f"{data['case'].number}-Q2",
        currency="CNY",
        vat_percent=13,
        valid_until=date(2030, 1, 1),
        created_by=users[Role.COORDINATOR],
        state=Quote.State.SENT,
        token_hash=decision[1],
    )
    from serviceloop.surveys.models import Campaign, Invitation

    survey = new_token()
    campaign = data["survey_campaign"]
    Campaign.objects.filter(pk=campaign.pk).update(state=Campaign.State.RUNNING)
    Invitation.objects.create(
        campaign=campaign,
        contact=data["contact"],
        customer=data["customer"],
        language="zh-hans",
        token_hash=survey[1],
        expires_at=later,
    )
    return {
        "survey": reverse("survey", args=[survey[0]]),
        "feedback": reverse("feedback", args=[feedback[0]]),
        "info_request": reverse("info_request", args=[answer[0]]),
        "quote_decision": reverse("quote_decision", args=[decision[0]]),
    }


@pytest.fixture
def pages(data, public_links) -> list[tuple[str, str, str]]:
    """(url name, persona, url) of every page some persona may open: the first in PRIVILEGE."""
    found = []
    for name, (_, expected) in TABLE.items():
        persona = next((r for r in PRIVILEGE if expected[r] == 200), None)
        if persona is not None:
            found.append((name, persona, _url(name, data)))
    return found + [(name, ANON, url) for name, url in public_links.items()]


def _opened(client, users, pages):
    """(url name, persona, url, html) for every page that opens as an HTML page."""
    for name, persona, url in pages:
        _open_as(client, users, persona)
        response = client.get(url)
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            yield name, persona, url, response.content.decode()


def _post_forms(client, users, pages):
    """Every distinct POST form on the pages, with who saw it."""
    seen, found = set(), []
    for name, persona, url, html in _opened(client, users, pages):
        for form in forms_on(url, html):
            if form.method != "post" or form.action.split("?")[0] in SKIPPED_ACTIONS:
                continue
            if form.key() not in seen:
                seen.add(form.key())
                found.append((name, persona, form))
    return found


def _text_columns():
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField):
                yield model, field


def _columns_with_nul() -> list[str]:
    # Not `__contains`: SQLite's LIKE stops reading its pattern at a NUL and matches all.
    found = []
    for model, field in _text_columns():
        rows = model._default_manager.annotate(nul_at=StrIndex(field.attname, Value("\x00")))
        if rows.filter(nul_at__gt=0).exists():
            found.append(f"{model._meta.label}.{field.name}")
    return found


@pytest.mark.django_db
def test_no_form_answers_a_server_error_to_nul_bytes_long_text_or_huge_ids(client, users, pages):
    failures, posts, fields = [], 0, 0
    forms = _post_forms(client, users, pages)
    for name, persona, form in forms:
        fields += len(form.typed)
        attempts = []
        if form.typed:
            attempts += [("NUL bytes", form.data(NUL_TEXT)), ("long text", form.data(LONG_TEXT))]
        if form.selects or form.radios or form.checkboxes:
            attempts += [(f"id {bad}", form.data("text", ids=bad)) for bad in (HUGE_ID, "-1")]
        for what, sent in attempts:
            if FIELD in sent:  # a fresh one-time key, or the repeat is taken for a double click
                sent[FIELD] = [new_form_key()]
            _open_as(client, users, persona)
            status = client.post(form.action, sent).status_code
            posts += 1
            if status >= 500:
                failures.append(
                    f"{persona} POST {form.action} (form on {name}) with {what}: {status}; "
                    f"typed fields {form.typed}, choices {sorted(form.selects)}"
                )
    print(f"hostile POSTs: {posts} to {len(forms)} forms with {fields} typed fields")
    assert not failures, "\n".join(failures)
    if connection.vendor != "postgresql":  # PostgreSQL refuses NUL in text outright
        assert not _columns_with_nul(), "NUL bytes stored"


@pytest.mark.django_db
def test_filters_answer_bad_ids_without_a_server_error(client, users, pages):
    declared: dict[str, tuple] = {}  # path -> (persona, parameters)
    for _, persona, url, html in list(_opened(client, users, pages)):
        for path, names in query_parameters_on(url, html).items():
            declared.setdefault(path, (persona, set()))[1].update(names)
    failures, gets = [], 0
    for path, (persona, names) in sorted(declared.items()):
        _open_as(client, users, persona)
        tries = [(n, bad) for n in sorted(names) for bad in BAD_IDS]
        tries += [(n, HUGE_ID) for n in sorted(ID_PARAMETERS - names)]
        for parameter, bad in tries:
            status = client.get(path, {parameter: bad}).status_code
            gets += 1
            if status >= 500:
                failures.append(f"{persona} GET {path}?{parameter}={bad}: {status}")
    print(f"hostile filter GETs: {gets} to {len(declared)} paths")
    assert not failures, "\n".join(failures)


INT_IN_PATH = re.compile(r"/(\d+)(?=/)")


@pytest.mark.django_db
def test_ids_in_url_paths_that_do_not_fit_never_answer_a_server_error(client, users, data):
    failures, gets = [], 0
    for name, (_, expected) in TABLE.items():
        persona = next((r for r in PRIVILEGE if expected[r] in (200, 302, 405)), ANON)
        url = _url(name, data)
        for match in INT_IN_PATH.finditer(url):
            hostile = f"{url[: match.start(1)]}{HUGE_ID}{url[match.end(1) :]}"
            _open_as(client, users, persona)
            for method in (client.get, client.post):
                status = method(hostile).status_code
                gets += 1
                if status >= 500:
                    failures.append(f"{persona} {method.__name__} {hostile}: {status}")
    print(f"hostile path ids: {gets} requests")
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
def test_unit_list_filtered_by_a_customer_id_beyond_64_bits_shows_the_page(client, users, data):
    client.force_login(users[Role.COORDINATOR])
    response = client.get(reverse("equipment:unit_list"), {"customer": HUGE_ID})
    assert response.status_code == 200


@pytest.mark.django_db
def test_a_nul_byte_typed_into_a_report_addendum_is_not_stored(client, users, data):
    from serviceloop.service.models import Addendum

    client.force_login(users[Role.ENGINEER])
    url = reverse("service:report_addendum", kwargs=TABLE["service:report_addendum"][0](data))
    client.post(url, {"text": "Replaced\x00 the fuse", FIELD: new_form_key()})
    assert Addendum.objects.get().text == "Replaced the fuse"


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["accounts:login", "admin:login"])
def test_a_username_longer_than_its_column_is_a_sign_in_error_on_every_sign_in_page(
    client, users, url_name
):
    from axes.models import AccessAttempt

    response = client.post(reverse(url_name), {"username": "x" * 300, "password": "y"})
    assert response.status_code == 200
    assert response.context["form"].errors["username"]
    assert not AccessAttempt.objects.exists()  # its username column holds 255 characters


@pytest.mark.django_db
def test_travel_minutes_beyond_a_day_refuse_the_check_in(client, users, data):
    from serviceloop.service.models import Visit

    client.force_login(users[Role.ENGINEER])
    url = reverse("service:visit_check_in", args=[data["visit"].pk])
    client.post(url, {"travel_minutes": LONG_TEXT})
    data["visit"].refresh_from_db()
    assert data["visit"].state == Visit.State.PLANNED
