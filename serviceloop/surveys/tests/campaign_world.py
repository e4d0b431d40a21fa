"""Builders for the campaign and answering tests: a short questionnaire, an office with
customers and contacts of every kind an audience must sort, and a launched campaign."""

import re
from datetime import timedelta

from django.core import mail
from django.test import TestCase
from django.utils import timezone

from serviceloop.accounts.models import Role
from serviceloop.accounts.testing import make_user
from serviceloop.customers.models import Customer, Division
from serviceloop.customers.testing import make_contact, make_customer
from serviceloop.surveys.models import Campaign, Choice, Question, Questionnaire, Section, Version
from serviceloop.surveys.services import campaigns

Kind = Question.Kind
LINK = re.compile(r"https?://\S+/survey/([A-Za-z0-9_-]+)/")


def short_questionnaire(code: str = "short") -> Version:
    """Two sections: a rating asking importance (N/A allowed, required) and a 0–10
    recommendation; then a single choice, a multiple choice and a free text."""
    questionnaire = Questionnaire.objects.create(
        code=code, title_zh="简短满意度调查", title_en="Short satisfaction survey"
    )
    version = Version.objects.create(questionnaire=questionnaire, number=1)
    first = Section.objects.create(
        version=version, position=1, dimension="RES", title_zh="响应性", title_en="Responsiveness"
    )
    second = Section.objects.create(
        version=version, position=2, dimension="OPEN", title_zh="其他", title_en="Other"
    )
    Question.objects.create(
        version=version,
        section=first,
        code="A1",
        position=1,
        text_zh="工程师能迅速到达现场。",
        text_en="An engineer reaches our site quickly.",
        asks_importance=True,
        allows_not_applicable=True,
        required=True,
    )
    Question.objects.create(
        version=version,
        section=first,
        code="C1",
        position=2,
        kind=Kind.RECOMMEND,
        scale_min=0,
        scale_max=10,
        text_zh="您向同行推荐我们的可能性有多大?",
        text_en="How likely are you to recommend us?",
    )
    single = Question.objects.create(
        version=version,
        section=second,
        code="D1",
        position=1,
        kind=Kind.SINGLE,
        text_zh="您的岗位",
        text_en="Your role",
    )
    for position, (zh, en) in enumerate([("维修", "Maintenance"), ("生产", "Production")]):
        Choice.objects.create(
            question=single, code=f"R{position}", position=position, label_zh=zh, label_en=en
        )
    several = Question.objects.create(
        version=version,
        section=second,
        code="D2",
        position=2,
        kind=Kind.MULTIPLE,
        text_zh="您用过哪些服务?",
        text_en="Which services did you use?",
    )
    for position, (zh, en) in enumerate([("热线", "Hotline"), ("上门", "Site visit")]):
        Choice.objects.create(
            question=several, code=f"S{position}", position=position, label_zh=zh, label_en=en
        )
    Question.objects.create(
        version=version,
        section=second,
        code="C3",
        position=3,
        kind=Kind.TEXT,
        text_zh="我们最需要优先改进的一点是什么?",
        text_en="What should we improve first?",
    )
    return version


def manager_of(office, username: str = "manager-campaigns"):
    return make_user(Role.MANAGER, username=username, office=office)


def asked_contact(customer: Customer, name: str, **fields):
    fields.setdefault("consents_to_surveys", True)
    fields.setdefault("email", f"{abs(hash(name)) % 10**8}@example.cn")
    return make_contact(customer, full_name=name, **fields)


def draft(manager, version: Version, audience: dict | None = None, **fields) -> Campaign:
    return campaigns.create_campaign(
        by=manager,
        version=version,
        name=fields.pop("name", "2026 年度满意度调查"),
        opens_on=fields.pop("opens_on", None),
        closes_on=fields.pop("closes_on", None),
        audience=audience or {},
    )


def launched(manager, version: Version, audience: dict | None = None, **fields) -> Campaign:
    """A running campaign; its mails are in the outbox (the launch's commit has run)."""
    campaign = draft(manager, version, audience, **fields)
    with TestCase.captureOnCommitCallbacks(execute=True):
        campaigns.launch(campaign, manager)
    campaign.refresh_from_db()
    return campaign


def token_sent_to(address: str) -> str:
    """The token of the last survey link mailed to `address`."""
    for message in reversed(mail.outbox):
        if address in message.to:
            found = LINK.search(message.body)
            if found:
                return found.group(1)
    raise AssertionError(f"no survey link was mailed to {address}")


def office_with_customers(office):
    """Customers of three grades and industries, in Shanghai and Jiangsu, with a contact
    each who agrees to surveys (one writes Spanish, one English)."""
    # A test run outside a transaction finds the divisions flushed by an earlier one.
    for code, name in (("310000", "上海市"), ("320000", "江苏省")):
        Division.objects.get_or_create(
            code=code, defaults={"name": name, "level": Division.Level.PROVINCE}
        )
    a = make_customer(office, "C-A", "甲公司", grade=Customer.Grade.A, province_id="310000")
    b = make_customer(
        office,
        "C-B",
        "乙公司",
        grade=Customer.Grade.B,
        industry=Customer.Industry.BEARINGS,
        province_id="320000",
    )
    c = make_customer(office, "C-C", "丙公司", grade=Customer.Grade.C, province_id="320000")
    return {
        "a": a,
        "b": b,
        "c": c,
        "wang": asked_contact(a, "王建华", email="wang@a.cn"),
        "maria": asked_contact(b, "María López", email="maria@b.cn", language="es"),
        "john": asked_contact(c, "John Smith", email="john@c.cn", language="en"),
    }


def days_ago(days: int):
    return timezone.now() - timedelta(days=days)
