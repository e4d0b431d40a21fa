"""The standard questionnaire of domain-reference §6.2 ships with every installation."""

import pytest

from serviceloop.surveys.models import Question, Questionnaire, Section
from serviceloop.surveys.standard import install_standard_questionnaire

PART_A = [f"A{n}" for n in range(1, 27)]
DIMENSIONS = ["TAN", "REL", "RES", "ASS", "EMP", "SPP", "VAL", "COM", "TRN", "OVR", "LOY", "OPEN"]


def _asked(question: Question) -> tuple:
    return (
        question.kind,
        question.scale_min,
        question.scale_max,
        question.asks_importance,
        question.allows_not_applicable,
    )


@pytest.mark.django_db
def test_the_migrations_install_the_standard_questionnaire():
    questionnaire = Questionnaire.objects.get(code="standard")
    assert questionnaire.title_zh == "客户服务满意度调查问卷"
    assert questionnaire.office is None
    assert questionnaire.versions.get().number == 1


@pytest.mark.django_db
def test_it_asks_26_attributes_3_overall_and_3_loyalty_questions_by_code_and_kind():
    version = install_standard_questionnaire().versions.get()
    questions = {q.code: q for q in version.questions.select_related("section")}

    assert list(questions) == [*PART_A, "B1", "B2", "B3", "C1", "C2", "C3"]
    assert {_asked(questions[code]) for code in PART_A} == {("rating", 1, 5, True, True)}
    assert {_asked(questions[code]) for code in ("B1", "B2", "B3")} == {
        ("rating", 1, 10, False, False)
    }
    assert _asked(questions["C1"]) == ("recommend", 0, 10, False, False)
    assert _asked(questions["C2"]) == ("rating", 1, 5, False, False)
    assert questions["C3"].kind == "text"
    assert [s.dimension for s in Section.objects.filter(version=version)] == DIMENSIONS
    assert {questions[c].section.dimension for c in ("A18", "A19", "A20")} == {"SPP"}
    assert {questions[c].section.dimension for c in ("C1", "C2")} == {"LOY"}
    assert questions["C3"].section.dimension == "OPEN"


@pytest.mark.django_db
def test_its_texts_are_the_reference_s_in_chinese_and_english():
    version = install_standard_questionnaire().versions.get()
    a1 = version.questions.get(code="A1")
    assert a1.text_zh == "服务工程师到场时带齐合适的工具、检测仪器和防护用品。"
    assert a1.text_en == (
        "Service engineers arrive with the right tools, test instruments and protective equipment."
    )
    c1 = version.questions.get(code="C1")
    assert c1.text_zh == "您向其他公司的同行推荐我们的可能性有多大?(0–10分)"
    assert all(q.text_zh and q.text_en for q in version.questions.all())
    assert all(s.title_zh and s.title_en and s.title_es for s in version.sections.all())


@pytest.mark.django_db
def test_installing_it_again_changes_nothing():
    first = install_standard_questionnaire()
    again = install_standard_questionnaire()
    assert again.pk == first.pk
    assert Questionnaire.objects.filter(code="standard").count() == 1
    assert Question.objects.filter(version__questionnaire=first).count() == 32
