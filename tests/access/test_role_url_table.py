"""Every role × every URL: the expected status code of a GET, in one table.

A URL pattern without a row here fails `test_every_url_has_a_row`, so no page ships
without someone deciding who may open it. Later capabilities add their rows.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from serviceloop.accounts.models import Role
from serviceloop.service.permissions import (
    COMPLAINT_OPENERS,
    COMPLAINT_READERS,
    FEEDBACK_READERS,
)

from .parts_rows import HQ_PARTS_POSTS, PARTS_ROWS
from .survey_rows import HQ_SURVEY_POSTS, SURVEY_ROWS

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


VIEWERS = {Role.ADMIN, Role.MANAGER, Role.COORDINATOR, Role.ENGINEER, Role.ACCOUNT_MANAGER, Role.HQ}
CREATORS = {Role.ADMIN, Role.MANAGER, Role.COORDINATOR, Role.ACCOUNT_MANAGER}
# The account manager of the table's customer is the account manager persona.
EDITORS = CREATORS
UNIT_EDITORS = {Role.ADMIN, Role.MANAGER, Role.COORDINATOR}


def _customer(d):
    return {"pk": d["customer"].pk}


def _unit(d):
    return {"pk": d["unit"].pk}


def _case(d):
    return {"pk": d["case"].pk}


def _report(d):
    return {"pk": d["case"].pk, "report_pk": d["report"].pk}


def _quote(d):
    return {"pk": d["case"].pk, "quote_pk": d["quote"].pk}


# url name -> (kwargs builder, expected status per role)
TABLE = {
    "core:home": (None, row(200, anonymous=SIGN_IN, customer=302)),
    "core:search": (None, row(200, anonymous=SIGN_IN, customer=302)),
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
    "accounts:notifications": (None, row(200, anonymous=SIGN_IN)),
    "accounts:notifications_read": (None, row(405)),
    "accounts:staff_list": (None, only({Role.ADMIN, Role.MANAGER, Role.HQ})),
    "accounts:staff_create": (None, only({Role.ADMIN, Role.MANAGER})),
    "accounts:staff_edit": (lambda d: {"pk": d["engineer"].pk}, only({Role.ADMIN, Role.MANAGER})),
    "accounts:staff_deactivate": (lambda d: {"pk": d["engineer"].pk}, row(405)),
    "accounts:staff_reactivate": (lambda d: {"pk": d["engineer"].pk}, row(405)),
    "accounts:staff_reset_password": (lambda d: {"pk": d["engineer"].pk}, row(405)),
    "portal:home": (None, only({Role.CUSTOMER})),
    "portal:site_detail": (lambda d: {"pk": d["own_site"].pk}, only({Role.CUSTOMER})),
    "portal:unit_detail": (lambda d: {"pk": d["own_unit"].pk}, only({Role.CUSTOMER})),
    "portal:unit_document": (lambda d: {"pk": d["own_unit"].pk}, only({Role.CUSTOMER})),
    "portal:case_list": (None, only({Role.CUSTOMER})),
    "portal:case_detail": (lambda d: {"pk": d["own_case"].pk}, only({Role.CUSTOMER})),
    "portal:case_document": (lambda d: {"pk": d["own_case"].pk}, only({Role.CUSTOMER})),
    "portal:report_document": (
        lambda d: {"pk": d["own_case"].pk, "report_pk": d["own_report"].pk},
        only({Role.CUSTOMER}),
    ),
    "portal:attachment_file": (
        lambda d: {
            "pk": d["own_case"].pk,
            "attachment_pk": d["own_attachment"].pk,
            "variant": "thumbnail",
        },
        only({Role.CUSTOMER}),
    ),
    # The archive (roadmap step 2).
    "customers:customer_list": (None, only(VIEWERS)),
    "customers:customer_create": (None, only(CREATORS)),
    "customers:customer_edit": (_customer, only(EDITORS)),
    "customers:customer_archive": (_customer, row(405)),
    "customers:customer_restore": (_customer, row(405)),
    "customers:customer_merge": (_customer, only({Role.ADMIN, Role.MANAGER})),
    "customers:site_create": (lambda d: {"customer_pk": d["customer"].pk}, only(EDITORS)),
    "customers:site_edit": (
        lambda d: {"customer_pk": d["customer"].pk, "pk": d["site"].pk},
        only(EDITORS),
    ),
    "customers:contact_create": (lambda d: {"customer_pk": d["customer"].pk}, only(EDITORS)),
    "customers:contact_edit": (
        lambda d: {"customer_pk": d["customer"].pk, "pk": d["contact"].pk},
        only(EDITORS),
    ),
    "customers:interaction_create": (
        lambda d: {"customer_pk": d["customer"].pk},
        only(EDITORS),
    ),
    "customers:division_options": (None, only(set(STAFF))),
    "equipment:unit_list": (None, only(VIEWERS)),
    "equipment:unit_create": (None, only(UNIT_EDITORS)),
    "equipment:unit_edit": (_unit, only(UNIT_EDITORS)),
    "equipment:unit_move": (_unit, only(UNIT_EDITORS)),
    "equipment:unit_archive": (_unit, row(405)),
    "equipment:unit_label": (_unit, only(VIEWERS)),
    "equipment:unit_document_upload": (_unit, row(405)),
    "equipment:document_download": (lambda d: {"pk": d["document"].pk}, only(VIEWERS)),
    "equipment:unit_by_serial": (
        lambda d: {"serial": d["unit"].serial_key},
        {**only(VIEWERS, allowed=302), Role.CUSTOMER: 404},
    ),
    "equipment:unit_options": (None, only(UNIT_EDITORS)),
    "equipment:model_list": (None, only(VIEWERS)),
    "equipment:model_create": (None, only({Role.ADMIN, Role.MANAGER})),
    "equipment:model_edit": (
        lambda d: {"pk": d["unit"].model_id},
        only({Role.ADMIN, Role.MANAGER}),
    ),
    "equipment:contract_create": (
        lambda d: {"customer_pk": d["customer"].pk},
        only({Role.ADMIN, Role.MANAGER}),
    ),
    "equipment:contract_edit": (
        lambda d: {"customer_pk": d["customer"].pk, "pk": d["contract"].pk},
        only({Role.ADMIN, Role.MANAGER}),
    ),
    "records:customer_record": (_customer, only(VIEWERS)),
    "records:customer_document": (_customer, only(VIEWERS)),
    # The service loop (roadmap step 3).
    "service:case_list": (None, only(VIEWERS | {Role.WAREHOUSE})),
    "service:case_open": (None, only({Role.ADMIN, Role.MANAGER, Role.COORDINATOR, Role.ENGINEER})),
    "service:case_from_email": (None, row(405)),
    "service:case_draft_discard": (None, row(405)),
    "service:case_detail": (_case, {**only(VIEWERS), Role.WAREHOUSE: 404}),
    "service:case_document": (_case, {**only(VIEWERS), Role.WAREHOUSE: 404}),
    "service:case_similar": (_case, {**only(VIEWERS), Role.WAREHOUSE: 404}),
    "service:case_triage": (_case, row(405)),
    "service:case_move": (lambda d: {"pk": d["case"].pk, "move": "cancel"}, row(405)),
    "service:case_note": (_case, row(405)),
    "service:case_reading": (_case, row(405)),
    "service:case_plan_visit": (_case, row(405)),
    "service:dispatch_board": (None, only({Role.ADMIN, Role.MANAGER, Role.COORDINATOR, Role.HQ})),
    "service:my_day": (None, only({Role.ENGINEER})),
    "service:report_form": (_case, {**only(VIEWERS), Role.WAREHOUSE: 404}),
    "service:report_sign": (_case, row(405)),
    "service:report_addendum": (_report, row(405)),
    "service:report_signature": (_report, {**only(VIEWERS), Role.WAREHOUSE: 404}),
    "service:report_document": (_report, {**only(VIEWERS), Role.WAREHOUSE: 404}),
    "service:case_close": (_case, row(405)),
    "service:case_attach": (_case, row(405)),
    "service:attachment_file": (
        lambda d: {"pk": d["case"].pk, "attachment_pk": d["attachment"].pk, "variant": "thumbnail"},
        {**only(VIEWERS), Role.WAREHOUSE: 404},
    ),
    # Complaints: the dispatchers and HQ, and the account manager of the table's customer.
    "service:complaint_list": (None, only(COMPLAINT_READERS)),
    "service:complaint_create": (None, only(COMPLAINT_OPENERS)),
    "service:complaint_detail": (lambda d: {"pk": d["complaint"].pk}, only(COMPLAINT_READERS)),
    "feedback": (lambda d: {"token": "not-a-real-token"}, row(404)),
    # The customers' feedback answers: service staff and account managers, HQ read-only.
    "service:feedback_list": (None, only(FEEDBACK_READERS)),
    "service:feedback_blank_document": (None, only(FEEDBACK_READERS)),
    "service:feedback_document": (_case, only(FEEDBACK_READERS)),
    "service:calendar_days": (None, only({Role.ADMIN, Role.MANAGER, Role.HQ})),
    "service:calendar_day_remove": (lambda d: {"pk": 1}, row(405)),
    "service:sla_policies": (None, only({Role.ADMIN, Role.MANAGER, Role.HQ})),
    "service:sla_policy_edit": (lambda d: {"pk": d["policy"].pk}, only({Role.ADMIN, Role.MANAGER})),
    "service:engineers": (None, only({Role.ADMIN, Role.MANAGER, Role.HQ})),
    "service:engineer_edit": (lambda d: {"pk": d["engineer"].pk}, only({Role.ADMIN, Role.MANAGER})),
    "service:case_findings": (_case, row(405)),
    "service:info_request_new": (
        _case,
        {**only({Role.ADMIN, Role.MANAGER, Role.COORDINATOR, Role.ENGINEER}), Role.WAREHOUSE: 404},
    ),
    "info_request": (lambda d: {"token": "not-a-real-token"}, row(404)),
    "service:quote_new": (
        _case,
        {**only({Role.ADMIN, Role.MANAGER, Role.COORDINATOR, Role.ENGINEER}), Role.WAREHOUSE: 404},
    ),
    "service:quote_send": (_quote, row(405)),
    "service:quote_sign": (
        _quote,
        {**only({Role.ADMIN, Role.MANAGER, Role.COORDINATOR, Role.ENGINEER}), Role.WAREHOUSE: 404},
    ),
    "service:quote_purchase_order": (_quote, row(405)),
    "service:quote_withdraw": (_quote, row(405)),
    "quote_decision": (lambda d: {"token": "not-a-real-token"}, row(404)),
    "service:charge_rates": (None, only({Role.ADMIN, Role.MANAGER, Role.HQ})),
    "service:visit_check_in": (lambda d: {"pk": d["visit"].pk}, row(405)),
    "service:visit_check_out": (lambda d: {"pk": d["visit"].pk}, row(405)),
    "transfer:import": (lambda d: {"kind": "customers"}, only(UNIT_EDITORS)),
    "transfer:import_apply": (lambda d: {"kind": "units"}, row(405)),
    "transfer:export": (lambda d: {"kind": "contacts"}, only(VIEWERS)),
    "records:unit_record": (_unit, only(VIEWERS)),
    "records:unit_document": (_unit, only(VIEWERS)),
    # The Django admin's own pages (one per model) are covered by its index and a model page.
    "admin:index": (None, only({Role.ADMIN})),
    "admin:accounts_user_changelist": (None, only({Role.ADMIN})),
    # Spare parts (roadmap step 4).
    **PARTS_ROWS,
    # Satisfaction surveys (issue 22).
    **SURVEY_ROWS,
}

# HQ is read-only: the only POSTs it may send are about itself.
HQ_MAY_POST = {
    "accounts:logout",
    "accounts:notifications_read",
    "accounts:set_language",
    "accounts:preferences",
    "accounts:password_change",
    *HQ_PARTS_POSTS,
    *HQ_SURVEY_POSTS,
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
