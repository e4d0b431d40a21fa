"""Every field renders through core/forms/field.html: help and errors carry the ids its
aria-describedby names, a refused field says so, and a refused form opens with a summary
that is announced."""

from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from serviceloop.accounts.models import Role
from serviceloop.core.links import token_hash
from serviceloop.core.testing import with_form_key
from serviceloop.service.models import Case, FeedbackRequest
from serviceloop.service.testing import make_case


class Page(HTMLParser):
    def __init__(self, html: str):
        super().__init__()
        self.ids: set[str] = set()
        self.tags: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if attrs.get("id"):
            self.ids.add(attrs["id"])

    def by_id(self, id_: str) -> dict:
        return next(attrs for _, attrs in self.tags if attrs.get("id") == id_)

    def dangling_references(self) -> list[str]:
        names = ("aria-describedby", "aria-labelledby", "aria-controls")
        return [
            ref
            for _, attrs in self.tags
            for name in names
            for ref in (attrs.get(name) or "").split()
            if ref not in self.ids
        ]

    def labelled(self) -> set[str]:
        return {attrs["for"] for tag, attrs in self.tags if tag == "label" and attrs.get("for")}


@pytest.mark.django_db
def test_a_refused_form_ties_each_field_to_its_help_and_its_error(client, users):
    client.force_login(users[Role.COORDINATOR])
    response = client.post(reverse("customers:customer_create"), with_form_key())
    page = Page(response.content.decode())

    code = page.by_id("id_code")
    assert code["aria-invalid"] == "true"
    assert code["aria-describedby"].split() == ["id_code_helptext", "id_code_error"]
    assert page.dangling_references() == []


@pytest.mark.django_db
def test_a_refused_form_opens_with_an_announced_summary_linking_to_the_fields(client, users):
    client.force_login(users[Role.COORDINATOR])
    html = client.post(reverse("customers:customer_create"), with_form_key()).content.decode()

    summary = html[html.index('class="error-summary"') :]
    assert 'role="alert"' in summary[:120] and 'tabindex="-1"' in summary[:120]
    assert 'href="#id_code"' in summary[: summary.index("</div>")]


@pytest.mark.django_db
def test_every_field_of_the_public_feedback_form_has_a_label(client, users):
    office = users[Role.COORDINATOR].office
    case = make_case(office, state=Case.State.RESOLVED, opened_by=users[Role.COORDINATOR])
    FeedbackRequest.objects.create(
        case=case, token_hash=token_hash("t"), expires_at=timezone.now() + timedelta(days=1)
    )
    page = Page(client.get(reverse("feedback", args=["t"])).content.decode())

    comment = page.by_id("id_comment")
    assert "id_comment" in page.labelled()
    assert comment.get("aria-describedby") is None or page.dangling_references() == []
