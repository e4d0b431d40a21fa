"""The satisfaction-survey rows of the role × URL table (issue 22), and the records they
open. Kept beside the table like `parts_rows.py`; the table merges them."""

from serviceloop.accounts.models import Role
from serviceloop.surveys import permissions as s


def only(roles, *, allowed: int = 200, others: int = 403, anonymous: int = 302) -> dict:
    codes = {role: (allowed if role in roles else others) for role in Role}
    codes["anonymous"] = anonymous
    return codes


def posts_only() -> dict:
    return {**dict.fromkeys(Role, 405), "anonymous": 405}


def _questionnaire(d):
    return {"pk": d["survey_questionnaire"].pk}


def _version(d):
    return {"pk": d["survey_version"].pk}


def _section(d):
    return {"pk": d["survey_section"].pk}


def _question(d):
    return {"pk": d["survey_question"].pk}


def _response(d):
    return {"pk": d["survey_response"].pk}


def _response_answer(d):
    response = d["survey_response"]
    return {"pk": response.pk, "answer_pk": response.answers.first().pk}


def _campaign(d):
    return {"pk": d["survey_campaign"].pk}


def _paper_version(d):
    return {"version_pk": d["survey_version"].pk}


SURVEY_ROWS = {
    # Questionnaires and their builder.
    "surveys:questionnaire_list": (None, only(s.ANSWER_READERS)),
    "surveys:questionnaire_create": (None, only(s.SURVEY_DESIGNERS)),
    "surveys:questionnaire_detail": (_questionnaire, only(s.ANSWER_READERS)),
    "surveys:questionnaire_edit": (_questionnaire, only(s.SURVEY_DESIGNERS)),
    "surveys:version_new": (_questionnaire, posts_only()),
    "surveys:version_document": (_version, only(s.ANSWER_READERS)),
    "surveys:section_create": (_version, only(s.SURVEY_DESIGNERS)),
    "surveys:section_edit": (_section, only(s.SURVEY_DESIGNERS)),
    "surveys:section_move": (_section, posts_only()),
    "surveys:section_remove": (_section, posts_only()),
    "surveys:question_create": (_section, only(s.SURVEY_DESIGNERS)),
    "surveys:question_edit": (_question, only(s.SURVEY_DESIGNERS)),
    "surveys:question_move": (_question, posts_only()),
    "surveys:question_remove": (_question, posts_only()),
    # Answers: the list, a response, its printed form, and the paper answers typed in.
    # The table's response is of a contact who did not agree to be read abroad: HQ gets 404.
    "surveys:response_list": (None, only(s.ANSWER_READERS)),
    "surveys:response_detail": (_response, {**only(s.ANSWER_READERS), Role.HQ: 404}),
    "surveys:response_document": (_response, {**only(s.ANSWER_READERS), Role.HQ: 404}),
    "surveys:answer_complaint": (_response_answer, posts_only()),
    "surveys:paper_versions": (None, only(s.ANSWER_RECORDERS)),
    "surveys:paper_form": (_paper_version, only(s.ANSWER_RECORDERS)),
    "surveys:paper_template": (_paper_version, only(s.ANSWER_RECORDERS)),
    # Campaigns (the table's is a draft of the office) and the respondent's public page.
    "surveys:campaign_list": (None, only(s.ANSWER_READERS | s.SURVEY_DESIGNERS)),
    "surveys:campaign_create": (None, only(s.SURVEY_DESIGNERS)),
    "surveys:campaign_audience": (None, only(s.SURVEY_DESIGNERS)),
    "surveys:campaign_detail": (_campaign, only(s.ANSWER_READERS | s.SURVEY_DESIGNERS)),
    "surveys:campaign_rate": (_campaign, only(s.ANSWER_READERS | s.SURVEY_DESIGNERS)),
    "surveys:campaign_drivers": (_campaign, only(s.ANSWER_READERS)),
    "surveys:campaign_launch": (_campaign, posts_only()),
    "surveys:campaign_close": (_campaign, posts_only()),
    # The analysis (issue 23): the office's readers; HQ reads it over consenting contacts.
    "surveys:campaign_analysis": (_campaign, only(s.ANSWER_READERS)),
    "surveys:campaign_answers_export": (_campaign, only(s.ANSWER_READERS)),
    "surveys:campaign_results_export": (_campaign, only(s.ANSWER_READERS)),
    "surveys:questionnaire_trend": (_questionnaire, only(s.ANSWER_READERS)),
    # The case feedback of the service loop, with the same statistics (office scope).
    "surveys:feedback_analysis": (None, only(s.ANSWER_READERS)),
    "survey": (
        lambda d: {"token": "not-a-real-token"},
        {**dict.fromkeys(Role, 404), "anonymous": 404},
    ),
}

# Headquarters reads the surveys; it sends nothing.
HQ_SURVEY_POSTS: set[str] = set()


def survey_records(users, office) -> dict:
    """A questionnaire of the office with a version still open to editing: one section, a
    single choice question with its choices."""
    from serviceloop.surveys.services import questionnaires

    manager = users[Role.MANAGER]
    questionnaire = questionnaires.create_questionnaire(
        by=manager, code="table", title_zh="安装后回访", title_en="After installation"
    )
    version = questionnaire.versions.get()
    section = questionnaires.add_section(
        by=manager,
        version=version,
        data={"dimension": "OTHER", "title_zh": "安装", "title_en": "Installation"},
    )
    question = questionnaires.save_question(
        by=manager,
        section=section,
        question=None,
        data={"code": "Q1", "kind": "single", "text_zh": "安装是否按时?", "text_en": "On time?"},
        choices=[
            {"label_zh": "是", "label_en": "Yes"},
            {"label_zh": "否", "label_en": "No"},
        ],
    )
    return {
        "survey_questionnaire": questionnaire,
        "survey_version": version,
        "survey_section": section,
        "survey_question": question,
    }


def answer_records(users, case) -> dict:
    """A paper response of the table case's customer, by a contact who did not agree to be
    read abroad, linked to the case; its A1 is rated low."""
    from serviceloop.customers.testing import make_contact
    from serviceloop.surveys.services.answers import Given, Respondent, record_paper_response
    from serviceloop.surveys.tests.campaign_world import short_questionnaire

    version = short_questionnaire("table-answers")
    respondent = Respondent(
        customer=case.customer,
        contact=make_contact(case.customer, "赵答卷"),
        surveyed_on=case.opened_at.date(),
        method="paper",
        case=case,
    )
    rating = version.questions.get(code="A1")
    response = record_paper_response(
        by=users[Role.COORDINATOR],
        version=version,
        respondent=respondent,
        # Low: its page offers a complaint from it (create_rows.py).
        answers={rating: Given(score=2, importance=5)},
    )
    return {"survey_response": response}


def campaign_records(users) -> dict:
    """A draft campaign of the office, of a short questionnaire of its own."""
    from serviceloop.surveys.services.campaigns import create_campaign
    from serviceloop.surveys.tests.campaign_world import short_questionnaire

    campaign = create_campaign(
        by=users[Role.MANAGER],
        version=short_questionnaire("table-campaign"),
        name="年度调查",
        opens_on=None,
        closes_on=None,
        audience={"grades": ["A"]},
    )
    return {"survey_campaign": campaign}
