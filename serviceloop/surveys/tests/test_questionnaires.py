"""Building a questionnaire: its working version is edited freely until someone answers
it; then it never changes, and a new version copies it for editing."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext

from serviceloop.customers.testing import make_customer
from serviceloop.surveys.models import Campaign, Choice, Question, Response, Section, Version
from serviceloop.surveys.services import questionnaires as services

RATING = {"kind": "rating", "text_zh": "工程师准时到场。", "text_en": "The engineer came on time."}


@pytest.fixture
def built(manager):
    """A questionnaire of two sections: two ratings (one asking importance), a single
    choice with three choices, and the recommendation."""
    questionnaire = services.create_questionnaire(
        by=manager, code="after-visit", title_zh="上门服务回访", title_en="After a visit"
    )
    version = questionnaire.versions.get()
    first = services.add_section(
        by=manager,
        version=version,
        data={"dimension": "RES", "title_zh": "响应性", "title_en": "Responsiveness"},
    )
    second = services.add_section(
        by=manager,
        version=version,
        data={"dimension": "LOY", "title_zh": "忠诚度", "title_en": "Loyalty"},
    )
    ask = lambda section, **data: services.save_question(  # noqa: E731
        by=manager, section=section, question=None, data=data, choices=data.pop("choices", [])
    )
    ask(first, code="R1", asks_importance=True, allows_not_applicable=True, **RATING)
    ask(first, code="R2", **{**RATING, "text_zh": "问题一次解决。", "text_en": "Fixed at once."})
    ask(
        second,
        code="S1",
        kind="single",
        text_zh="您从哪里了解到我们?",
        text_en="How did you hear of us?",
        choices=[
            {"code": "fair", "label_zh": "展会", "label_en": "Trade fair"},
            {"code": "", "label_zh": "同行推荐", "label_en": "A colleague"},
            {"code": "", "label_zh": "网络", "label_en": "The web", "label_es": "Internet"},
        ],
    )
    ask(
        second,
        code="NPS",
        kind="recommend",
        scale_min=0,
        scale_max=10,
        text_zh="推荐可能性",
        text_en="Recommend",
    )
    return version


def _answer(version: Version, office) -> Response:
    return Response.objects.create(
        version=version,
        customer=make_customer(office),
        method=Response.Method.PAPER,
        surveyed_on=timezone.localdate(),
    )


def _shape(version: Version) -> list:
    """What a version asks, without its ids: compared between a version and its copy."""
    return [
        (
            s.position,
            s.dimension,
            s.title_zh,
            s.title_en,
            [
                (
                    q.code,
                    q.position,
                    q.kind,
                    q.text_zh,
                    q.text_en,
                    q.scale_min,
                    q.scale_max,
                    q.asks_importance,
                    q.allows_not_applicable,
                    [
                        (c.code, c.position, c.label_zh, c.label_en, c.label_es)
                        for c in q.choices.all()
                    ],
                )
                for q in s.questions.order_by("position")
            ],
        )
        for s in version.sections.order_by("position")
    ]


@pytest.mark.django_db
def test_a_new_questionnaire_starts_with_an_empty_first_version_of_the_office(manager):
    questionnaire = services.create_questionnaire(
        by=manager, code="install", title_zh="安装回访", title_en="After installation"
    )
    [version] = questionnaire.versions.all()
    assert (version.number, version.sections.count()) == (1, 0)
    assert questionnaire.office == manager.office and questionnaire.created_by == manager


@pytest.mark.django_db
def test_the_builder_keeps_the_order_and_numbers_choices_without_a_code(built):
    assert [q.code for q in Question.objects.filter(version=built)] == ["R1", "R2", "S1", "NPS"]
    codes = list(Choice.objects.filter(question__code="S1").values_list("code", flat=True))
    assert codes == ["fair", "1", "2"]


@pytest.mark.django_db
def test_sections_questions_and_choices_move_change_and_go(built, manager):
    first, second = built.sections.order_by("position")
    services.move_section(by=manager, section=second, step=-1)
    assert list(built.sections.order_by("position")) == [second, first]

    r1, r2 = first.questions.order_by("position")
    services.move_question(by=manager, question=r2, step=-1)
    assert list(first.questions.order_by("position")) == [r2, r1]

    s1 = second.questions.get(code="S1")
    kept = [
        {"code": c.code, "label_zh": c.label_zh, "label_en": c.label_en} for c in s1.choices.all()
    ]
    services.save_question(
        by=manager,
        section=second,
        question=s1,
        data={"text_en": "Where did you hear of us?"},
        choices=[kept[2], {**kept[0], "label_en": "Fair"}],
    )
    s1.refresh_from_db()
    assert s1.text_en == "Where did you hear of us?"
    assert [(c.code, c.label_en) for c in s1.choices.all()] == [("2", "The web"), ("fair", "Fair")]

    services.remove_question(by=manager, question=r1)
    services.remove_section(by=manager, section=second)
    assert [q.code for q in built.questions.all()] == ["R2"]


@pytest.mark.django_db
def test_a_version_with_an_answer_refuses_every_change_and_says_to_make_a_new_one(
    built, manager, shanghai
):
    _answer(built, shanghai)
    before = _shape(built)
    section = built.sections.order_by("position").first()
    question = section.questions.first()
    changes = [
        lambda: services.add_section(
            by=manager, version=built, data={"title_zh": "新", "title_en": "New"}
        ),
        lambda: services.change_section(by=manager, section=section, data={"title_en": "X"}),
        lambda: services.move_section(by=manager, section=section, step=1),
        lambda: services.remove_section(by=manager, section=section),
        lambda: services.save_question(
            by=manager, section=section, question=None, data={"code": "R9", **RATING}, choices=[]
        ),
        lambda: services.save_question(
            by=manager, section=section, question=question, data={"text_en": "X"}, choices=[]
        ),
        lambda: services.move_question(by=manager, question=question, step=1),
        lambda: services.remove_question(by=manager, question=question),
    ]
    with translation.override("zh-hans"):
        told = gettext(
            "Version %(number)s has answers or was sent to customers: it can no longer "
            "change. Make a new version to edit it."
        ) % {"number": 1}
        for change in changes:
            with pytest.raises(ValidationError) as refused:
                change()
            assert refused.value.messages == [told]
    assert _shape(built) == before


@pytest.mark.django_db
def test_a_version_sent_by_a_campaign_no_longer_changes_but_a_draft_campaign_does_not_lock_it(
    built, manager, shanghai
):
    campaign = Campaign.objects.create(
        office=shanghai, version=built, name="2025 年度满意度调查", created_by=manager
    )
    section = built.sections.first()
    services.change_section(by=manager, section=section, data={"title_en": "Speed"})
    campaign.state = Campaign.State.RUNNING
    campaign.save()
    with pytest.raises(ValidationError):
        services.change_section(by=manager, section=section, data={"title_en": "Haste"})


@pytest.mark.django_db
def test_a_new_version_copies_everything_and_is_edited_while_the_answered_one_stays(
    built, manager, shanghai
):
    _answer(built, shanghai)
    copy = services.new_version(questionnaire=built.questionnaire, by=manager, note="加一题")

    assert (copy.number, copy.note) == (2, "加一题")
    assert _shape(copy) == _shape(built)
    assert not set(copy.sections.values_list("pk", flat=True)) & set(
        built.sections.values_list("pk", flat=True)
    )
    assert Choice.objects.filter(question__version=copy).count() == 3
    section = copy.sections.order_by("position").first()
    services.save_question(
        by=manager, section=section, question=None, data={"code": "R3", **RATING}, choices=[]
    )
    assert copy.questions.count() == 5 and built.questions.count() == 4


@pytest.mark.django_db
def test_new_version_numbers_follow_the_newest(built, manager):
    services.new_version(questionnaire=built.questionnaire, by=manager)
    third = services.new_version(questionnaire=built.questionnaire, by=manager)
    assert third.number == 3 and len(_shape(third)) == 2


def _refused(section, manager, **data) -> dict:
    choices = data.pop("choices", [])
    with pytest.raises(ValidationError) as refused:
        services.save_question(
            by=manager, section=section, question=None, data=data, choices=choices
        )
    return refused.value.message_dict


@pytest.mark.django_db
def test_the_builder_refuses_what_cannot_be_asked(built, manager):
    section = built.sections.first()
    total = Question.objects.count()
    with translation.override("en"):
        taken = _refused(section, manager, code="r1", **RATING)
        assert taken["code"] == ["Another question of this version has the code r1."]
        upside_down = _refused(section, manager, code="X1", scale_min=5, scale_max=1, **RATING)
        assert upside_down["scale_max"] == ["The highest score must be above the lowest."]
        recommend = _refused(section, manager, code="X2", **{**RATING, "kind": "recommend"})
        assert recommend["__all__"] == ["Likelihood to recommend is asked from 0 to 10."]
        importance = _refused(
            section, manager, code="X3", asks_importance=True, **{**RATING, "kind": "text"}
        )
        assert importance["__all__"] == ["Only a rating question can ask importance too."]
        one_choice = _refused(
            section,
            manager,
            code="X4",
            choices=[{"label_zh": "是", "label_en": "Yes"}],
            **{**RATING, "kind": "multiple"},
        )
        assert one_choice["__all__"] == [
            "A single or multiple choice question needs two choices at least."
        ]
        twice = [{"code": "a", "label_zh": "是", "label_en": "Yes"}] * 2
        same_code = _refused(
            section, manager, code="X5", choices=twice, **{**RATING, "kind": "single"}
        )
        assert same_code["__all__"] == ["Two choices have the same code."]
    assert Question.objects.count() == total


@pytest.mark.django_db
def test_a_code_is_unique_in_its_version_only(built, manager):
    other = services.create_questionnaire(by=manager, code="other", title_zh="另", title_en="Other")
    section = services.add_section(
        by=manager, version=other.versions.get(), data={"title_zh": "甲", "title_en": "A"}
    )
    services.save_question(
        by=manager, section=section, question=None, data={"code": "R1", **RATING}, choices=[]
    )
    assert Section.objects.filter(version=other.versions.get()).count() == 1
