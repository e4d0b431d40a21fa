"""Campaigns: who is asked, one mail a contact in the contact's language, reminders once a
period and at most twice, closing, and the response rate."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone, translation

from serviceloop.accounts.models import Role
from serviceloop.core.links import token_hash
from serviceloop.customers.testing import make_customer
from serviceloop.service.testing import make_case
from serviceloop.surveys.models import Campaign, Invitation
from serviceloop.surveys.selectors.campaigns import audience, rate_of
from serviceloop.surveys.services import answers, campaigns
from serviceloop.surveys.tasks import send_survey_reminders

from .campaign_world import (
    asked_contact,
    draft,
    launched,
    manager_of,
    office_with_customers,
    short_questionnaire,
    token_sent_to,
)


@pytest.fixture
def world(shanghai, beijing):
    people = office_with_customers(shanghai)
    elsewhere = make_customer(beijing, "C-BJ", "北京公司", grade="A")
    people["beijing_contact"] = asked_contact(elsewhere, "北京联系人", email="bj@x.cn")
    people["manager"] = manager_of(shanghai)
    people["version"] = short_questionnaire()
    return people


def names(contacts) -> set[str]:
    return {contact.full_name for contact in contacts}


@pytest.mark.django_db
def test_the_audience_is_the_offices_consenting_contacts_with_an_email(world, shanghai):
    a = world["a"]
    asked_contact(a, "不同意", consents_to_surveys=False)
    asked_contact(a, "没有邮箱", email="")
    asked_contact(a, "已归档", archived_at=timezone.now())
    archived = make_customer(shanghai, "C-X", "已归档公司", archived_at=timezone.now())
    asked_contact(archived, "归档客户的联系人")

    assert names(audience({}, shanghai)) == {"王建华", "María López", "John Smith"}


@pytest.mark.django_db
def test_the_audience_filters_by_grade_industry_and_province(world, shanghai):
    assert names(audience({"grades": ["A", "B"]}, shanghai)) == {"王建华", "María López"}
    assert names(audience({"industries": ["bearings"]}, shanghai)) == {"María López"}
    assert names(audience({"provinces": ["320000"]}, shanghai)) == {"María López", "John Smith"}
    both = {"grades": ["C"], "provinces": ["320000"]}
    assert names(audience(both, shanghai)) == {"John Smith"}


@pytest.mark.django_db
def test_the_audience_keeps_customers_with_a_case_opened_in_the_period(world, shanghai):
    opener = world["manager"]
    make_case(shanghai, customer=world["a"], opened_by=opener, opened_at=timezone.now())
    old = timezone.now() - timedelta(days=400)
    make_case(shanghai, customer=world["b"], opened_by=opener, opened_at=old)
    today = timezone.localdate()
    period = {"case_from": (today - timedelta(days=30)).isoformat(), "case_to": today.isoformat()}

    assert names(audience(period, shanghai)) == {"王建华"}
    since_long_ago = {"case_from": (today - timedelta(days=500)).isoformat()}
    assert names(audience(since_long_ago, shanghai)) == {"王建华", "María López"}


@pytest.mark.django_db
def test_launch_mails_one_link_per_contact_in_the_contacts_language(world):
    campaign = launched(world["manager"], world["version"])

    assert campaign.state == Campaign.State.RUNNING
    assert sorted(address for message in mail.outbox for address in message.to) == [
        "john@c.cn",
        "maria@b.cn",
        "wang@a.cn",
    ]
    by_address = {message.to[0]: message for message in mail.outbox}
    for address, language in (("wang@a.cn", "zh-hans"), ("maria@b.cn", "es"), ("john@c.cn", "en")):
        with translation.override(language):
            expected = translation.gettext("Thank you for your time.")
        assert expected in by_address[address].body
    assert "Short satisfaction survey" in by_address["john@c.cn"].subject
    assert "简短满意度调查" in by_address["wang@a.cn"].subject
    # Each mail carries its own link; only the token's hash is stored.
    tokens = {token_sent_to(address) for address in by_address}
    assert len(tokens) == 3
    stored = set(Invitation.objects.values_list("token_hash", flat=True))
    assert stored == {token_hash(token) for token in tokens}
    assert Invitation.objects.filter(sent_at__isnull=False).count() == 3


@pytest.mark.django_db
def test_launch_asks_only_the_filtered_audience_and_only_once(world):
    campaign = draft(world["manager"], world["version"], {"grades": ["A"]})
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert campaigns.launch(campaign, world["manager"]) == 1
    assert [message.to for message in mail.outbox] == [["wang@a.cn"]]

    with pytest.raises(ValidationError):
        campaigns.launch(campaign, world["manager"])
    assert Invitation.objects.count() == 1


@pytest.mark.django_db
def test_links_expire_at_the_end_of_the_closing_day_or_after_thirty_days(world):
    closing = timezone.localdate() + timedelta(days=10)
    dated = launched(world["manager"], world["version"], closes_on=closing)
    expiry = timezone.localtime(dated.invitations.first().expires_at)
    assert (expiry.date(), expiry.hour) == (closing + timedelta(days=1), 0)

    open_ended = launched(world["manager"], world["version"], name="无截止日期")
    invitation = open_ended.invitations.first()
    assert invitation.expires_at - open_ended.launched_at == timedelta(days=30)


@pytest.mark.django_db
def test_a_campaign_without_anyone_to_ask_is_not_launched(world):
    campaign = draft(world["manager"], world["version"], {"industries": ["aerospace"]})
    with pytest.raises(ValidationError):
        campaigns.launch(campaign, world["manager"])
    campaign.refresh_from_db()
    assert campaign.state == Campaign.State.DRAFT


@pytest.mark.django_db
def test_reminders_go_to_non_responders_once_a_week_at_most_twice(world):
    campaign = launched(world["manager"], world["version"])
    wang = campaign.invitations.get(contact=world["wang"])
    response = answers.start_response(wang, "zh-hans")
    answers.save_section(response, wang.campaign.version.sections.first(), _rated())
    answers.submit(response)
    mail.outbox.clear()
    launch = campaign.launched_at

    assert campaigns.send_reminders(launch + timedelta(days=3)) == 0
    assert campaigns.send_reminders(launch + timedelta(days=8)) == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["john@c.cn", "maria@b.cn"]
    # Run again the same day, or within the week: nothing more.
    assert campaigns.send_reminders(launch + timedelta(days=8)) == 0
    assert campaigns.send_reminders(launch + timedelta(days=14)) == 0
    assert campaigns.send_reminders(launch + timedelta(days=16)) == 2
    # Two reminders each is the most.
    assert campaigns.send_reminders(launch + timedelta(days=25)) == 0
    assert len(mail.outbox) == 4
    assert set(campaign.invitations.values_list("reminders", flat=True)) == {0, 2}


@pytest.mark.django_db
def test_a_reminder_carries_the_link_of_the_first_mail(world):
    campaign = launched(world["manager"], world["version"], {"grades": ["C"]})
    first = token_sent_to("john@c.cn")
    mail.outbox.clear()
    campaigns.send_reminders(campaign.launched_at + timedelta(days=8))
    assert token_sent_to("john@c.cn") == first


@pytest.mark.django_db
def test_the_reminder_task_reminds_only_running_campaigns(world):
    campaign = launched(world["manager"], world["version"])
    Invitation.objects.update(sent_at=timezone.now() - timedelta(days=8))
    campaigns.close(campaign, world["manager"])
    mail.outbox.clear()
    assert send_survey_reminders.call() == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_the_response_rate_is_answered_invitations_over_invitations(world):
    campaign = launched(world["manager"], world["version"])
    assert rate_of(campaign).percent == 0
    john = campaign.invitations.get(contact=world["john"])
    response = answers.start_response(john, "en")
    answers.save_section(response, campaign.version.sections.first(), _rated())
    # A response started but not sent does not count.
    assert rate_of(campaign).answered == 0
    answers.submit(response)
    rate = rate_of(campaign)
    assert (rate.invited, rate.answered, rate.percent) == (3, 1, 33.3)


# --- The pages --------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_new_campaign_page_counts_the_audience_and_saves_a_draft(client, world):
    client.force_login(world["manager"])
    url = reverse("surveys:campaign_audience")
    counted = client.get(url, {"grades": ["A", "B"]})
    assert counted.status_code == 200
    with translation.override("zh-hans"):
        assert (
            translation.ngettext(
                "%(counter)s contact will be asked (agrees to surveys and has an e-mail address).",
                "%(counter)s contacts will be asked "
                "(they agree to surveys and have an e-mail address).",
                2,
            )
            % {"counter": 2}
            in counted.content.decode()
        )

    form = client.get(reverse("surveys:campaign_create")).content.decode()
    key = form.split('name="form_key" value="')[1].split('"')[0]
    saved = client.post(
        reverse("surveys:campaign_create"),
        {
            "form_key": key,
            "version": world["version"].pk,
            "name": "A 类客户调查",
            "grades": ["A"],
            "closes_on": (date.today() + timedelta(days=20)).isoformat(),
        },
    )
    campaign = Campaign.objects.get()
    assert saved.status_code == 302 and saved["Location"] == reverse(
        "surveys:campaign_detail", args=[campaign.pk]
    )
    assert (campaign.state, campaign.audience) == (Campaign.State.DRAFT, {"grades": ["A"]})


@pytest.mark.django_db
def test_launch_and_close_from_the_campaign_page(client, world):
    campaign = draft(world["manager"], world["version"])
    client.force_login(world["manager"])
    page = client.get(reverse("surveys:campaign_detail", args=[campaign.pk]))
    assert page.context["audience_count"] == 3

    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(reverse("surveys:campaign_launch", args=[campaign.pk]))
    assert len(mail.outbox) == 3
    rate = client.get(reverse("surveys:campaign_rate", args=[campaign.pk]))
    assert rate.context["rate"].invited == 3
    assert 'hx-trigger="every' in rate.content.decode()

    client.post(reverse("surveys:campaign_close", args=[campaign.pk]))
    campaign.refresh_from_db()
    assert campaign.state == Campaign.State.CLOSED
    closed = client.get(reverse("surveys:campaign_rate", args=[campaign.pk]))
    assert "hx-trigger" not in closed.content.decode()


@pytest.mark.django_db
def test_another_offices_campaign_is_not_found(client, world, beijing):
    campaign = draft(world["manager"], world["version"])
    client.force_login(manager_of(beijing, "beijing-manager"))
    assert client.get(reverse("surveys:campaign_detail", args=[campaign.pk])).status_code == 404
    launch = client.post(reverse("surveys:campaign_launch", args=[campaign.pk]))
    assert launch.status_code == 404
    assert Invitation.objects.count() == 0


@pytest.mark.django_db
def test_headquarters_sees_who_answered_only_for_contacts_read_abroad(client, world, users):
    campaign = launched(world["manager"], world["version"])
    for contact, abroad in ((world["john"], True), (world["wang"], False)):
        contact.consents_to_transfer_abroad = abroad
        contact.save()
        invitation = campaign.invitations.get(contact=contact)
        response = answers.start_response(invitation, "en")
        answers.save_section(response, campaign.version.sections.first(), _rated())
        answers.submit(response)
    client.force_login(users[Role.HQ])
    rows = client.get(reverse("surveys:campaign_detail", args=[campaign.pk])).context["respondents"]
    assert sorted(row["name"] for row in rows) == ["", "John Smith"]
    client.force_login(world["manager"])
    rows = client.get(reverse("surveys:campaign_rate", args=[campaign.pk])).context["respondents"]
    assert sorted(row["name"] for row in rows) == ["John Smith", "王建华"]


def _rated():
    from serviceloop.surveys.services.answers import Given

    return {"A1": Given(score=4, importance=5), "C1": Given(score=9)}
