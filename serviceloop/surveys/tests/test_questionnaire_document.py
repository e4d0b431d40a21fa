"""The blank questionnaire for paper (客户服务满意度调查问卷) as a print page and a PDF."""

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from serviceloop.accounts.models import Role
from serviceloop.core.testing_documents import fonts_not_embedded, pdf_text
from serviceloop.surveys.standard import install_standard_questionnaire


@pytest.fixture
def standard(db):
    return install_standard_questionnaire().versions.get()


@pytest.mark.django_db
def test_the_print_page_has_the_header_to_fill_and_a_box_for_every_score(client, users, standard):
    client.force_login(users[Role.COORDINATOR])
    page = client.get(reverse("surveys:version_document", args=[standard.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "客户服务满意度调查问卷" in html
    for label in (
        "Customer company",
        "Plant",
        "Survey date",
        "Service events in the last 12 months",
    ):
        assert gettext(label) in html
    assert "服务工程师到场时带齐合适的工具、检测仪器和防护用品。" in html
    # Part A: performance 1–5 and N/A, importance 1–5; B: 1–10; C1: 0–10.
    assert html.count(f"□5 □{gettext('N/A')}") == 26
    assert html.count("□1 □2 □3 □4 □5</td>") == 26
    assert html.count("□9 □10 ") == 4
    assert html.count("□0 □1 ") == 1


@pytest.mark.django_db
def test_the_pdf_reads_in_chinese_with_its_fonts_embedded(client, users, standard):
    client.force_login(users[Role.MANAGER])
    response = client.get(
        reverse("surveys:version_document", args=[standard.pk]), {"format": "pdf"}
    )
    assert response["Content-Type"] == "application/pdf"
    text = "".join(pdf_text(response.content).split())
    assert "客户服务满意度调查问卷" in text
    assert "常用备件可以从国内库存及时获得。" in text
    assert "您认为我们最需要优先改进的一点是什么?" in text
    assert "□" in text
    assert fonts_not_embedded(response.content) == []
