"""The questionnaire pages: a manager builds a questionnaire through the forms, sees it as a
respondent would, and is told why an answered version refuses changes."""

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from serviceloop.accounts.models import Role
from serviceloop.accounts.testing import make_user
from serviceloop.core.testing import with_form_key
from serviceloop.customers.testing import make_customer
from serviceloop.surveys.models import Choice, Question, Questionnaire, Response, Section
from serviceloop.surveys.services import questionnaires as services


def _choices(*rows, extra: int = 0) -> dict:
    """The choices formset as the question page posts it."""
    data = {
        "choices-TOTAL_FORMS": str(len(rows) + extra),
        "choices-INITIAL_FORMS": "0",
        "choices-MIN_NUM_FORMS": "0",
        "choices-MAX_NUM_FORMS": "50",
    }
    for n, (zh, en) in enumerate(rows):
        data |= {
            f"choices-{n}-label_zh": zh,
            f"choices-{n}-label_en": en,
            f"choices-{n}-ORDER": str(n + 1),
        }
    return data


def _question(**fields) -> dict:
    return {"scale_min": "1", "scale_max": "5", **fields}


@pytest.fixture
def draft(manager):
    questionnaire = services.create_questionnaire(
        by=manager, code="install", title_zh="安装回访", title_en="After installation"
    )
    version = questionnaire.versions.get()
    section = services.add_section(
        by=manager, version=version, data={"title_zh": "安装质量", "title_en": "Installation"}
    )
    return section


@pytest.mark.django_db
def test_a_manager_builds_a_questionnaire_through_the_forms(client, manager):
    client.force_login(manager)
    made = client.post(
        reverse("surveys:questionnaire_create"),
        with_form_key(code="install", title_zh="安装回访", title_en="After installation"),
    )
    questionnaire = Questionnaire.objects.get(code="install")
    assert made.url == reverse("surveys:questionnaire_detail", args=[questionnaire.pk])
    version = questionnaire.versions.get()

    client.post(
        reverse("surveys:section_create", args=[version.pk]),
        with_form_key(dimension="COM", title_zh="沟通", title_en="Communication"),
    )
    section = Section.objects.get(version=version)
    asked = client.post(
        reverse("surveys:question_create", args=[section.pk]),
        with_form_key(
            _question(
                code="Q1", kind="single", text_zh="培训是否充分?", text_en="Enough training?"
            ),
            **_choices(("充分", "Enough"), ("不够", "Not enough"), extra=2),
        ),
    )
    question = Question.objects.get(version=version)
    assert asked.status_code == 302
    assert [c.label_zh for c in Choice.objects.filter(question=question)] == ["充分", "不够"]

    page = client.get(reverse("surveys:questionnaire_detail", args=[questionnaire.pk]))
    html = page.content.decode()
    assert "培训是否充分?" in html and "不够" in html and "Enough training?" not in html


@pytest.mark.django_db
def test_the_page_shows_the_questions_in_the_readers_language(client, users, draft):
    services.save_question(
        by=users[Role.MANAGER],
        section=draft,
        question=None,
        data={"code": "R1", "kind": "rating", "text_zh": "按时到场", "text_en": "On time"},
        choices=[],
    )
    reader = users[Role.ACCOUNT_MANAGER]
    reader.language = "en"
    reader.save()
    client.force_login(reader)
    page = client.get(
        reverse("surveys:questionnaire_detail", args=[draft.version.questionnaire_id])
    )
    html = page.content.decode()
    assert "On time" in html and "Installation" in html
    # Readers read; the builder's buttons are the designers'.
    assert reverse("surveys:section_edit", args=[draft.pk]) not in html


@pytest.mark.django_db
def test_a_refused_question_comes_back_as_typed_with_the_reason(client, manager, draft):
    client.force_login(manager)
    refused = client.post(
        reverse("surveys:question_create", args=[draft.pk]),
        with_form_key(
            _question(code="Q1", kind="multiple", text_zh="哪些方面需要改进?", text_en="Improve?"),
            **_choices(("响应", "Response")),
        ),
    )
    html = refused.content.decode()
    assert refused.status_code == 200 and not draft.questions.exists()
    assert "哪些方面需要改进?" in html and 'value="响应"' in html
    assert gettext("A single or multiple choice question needs two choices at least.") in html


@pytest.mark.django_db
def test_an_answered_version_refuses_the_builder_and_offers_a_new_version(
    client, manager, shanghai, draft
):
    version = draft.version
    Response.objects.create(
        version=version,
        customer=make_customer(shanghai),
        method=Response.Method.PHONE,
        surveyed_on=timezone.localdate(),
    )
    client.force_login(manager)
    told = gettext(
        "Version %(number)s has answers or was sent to customers: it can no longer "
        "change. Make a new version to edit it."
    ) % {"number": 1}

    opened = client.get(reverse("surveys:section_create", args=[version.pk]), follow=True)
    assert told in [str(m) for m in opened.context["messages"]]
    posted = client.post(
        reverse("surveys:section_edit", args=[draft.pk]),
        {"dimension": "OTHER", "title_zh": "改名", "title_en": "Renamed"},
    )
    assert posted.status_code == 200 and told in posted.content.decode()
    draft.refresh_from_db()
    assert draft.title_zh == "安装质量"

    made = client.post(
        reverse("surveys:version_new", args=[version.questionnaire_id]),
        with_form_key(note="改名"),
    )
    second = version.questionnaire.versions.get(number=2)
    assert made.url.endswith("?version=2")
    assert second.sections.get().title_zh == "安装质量"
    page = client.get(made.url)
    assert reverse("surveys:section_create", args=[second.pk]) in page.content.decode()


@pytest.mark.django_db
def test_another_offices_questionnaire_is_not_found(client, manager, beijing):
    elsewhere = make_user(Role.MANAGER, username="beijing-manager", office=beijing)
    questionnaire = services.create_questionnaire(
        by=elsewhere, code="beijing", title_zh="北京", title_en="Beijing"
    )
    client.force_login(manager)
    version = questionnaire.versions.get()
    assert (
        client.get(reverse("surveys:questionnaire_detail", args=[questionnaire.pk])).status_code
        == 404
    )
    assert client.get(reverse("surveys:version_document", args=[version.pk])).status_code == 404
    assert client.get(reverse("surveys:section_create", args=[version.pk])).status_code == 404
    listed = client.get(reverse("surveys:questionnaire_list")).content.decode()
    assert "北京" not in listed and "客户服务满意度调查问卷" in listed


@pytest.mark.django_db
def test_the_surveys_menu_leads_the_manager_to_the_questionnaires(client, manager):
    client.force_login(manager)
    home = client.get(reverse("core:home"), follow=True).content.decode()
    with translation.override(manager.language):
        assert gettext("Surveys") in home
    assert reverse("surveys:questionnaire_list") in home
