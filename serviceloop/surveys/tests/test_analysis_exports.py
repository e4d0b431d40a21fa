"""The .xlsx of a campaign: its raw answers (the answers import's columns, one row a
respondent) and its results (items, dimensions, overall index, CSI, NPS)."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from serviceloop.accounts.models import Role
from serviceloop.surveys.services.import_columns import COLUMNS

from .rated_world import rated_campaign


def _sheet(client, user, name, campaign):
    client.force_login(user)
    response = client.get(reverse(f"surveys:{name}", args=[campaign.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    workbook = load_workbook(BytesIO(response.content), read_only=True)
    header, *rows = [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
    # A read-only sheet stops a row at its last filled cell.
    return [header, *(row + [None] * (len(header) - len(row)) for row in rows)]


@pytest.mark.django_db
def test_the_raw_answers_have_a_row_a_respondent_and_a_column_a_question(client, users, shanghai):
    campaign = rated_campaign(
        users[Role.MANAGER], users[Role.COORDINATOR], shanghai, 4, abroad=lambda n: n == 1
    )
    header, *rows = _sheet(client, users[Role.MANAGER], "campaign_answers_export", campaign)
    codes = [f"A{n}" for n in range(1, 27)]
    assert header[: len(COLUMNS)] == [column.code for column in COLUMNS]
    expected = [c for code in codes for c in (code, f"{code}_importance")]
    expected += ["B1", "B2", "B3", "C1", "C2", "C3"]
    assert header[len(COLUMNS) :] == expected
    assert len(rows) == 4
    first = dict(zip(header, rows[0], strict=True))
    assert first["questionnaire"] == f"standard/{campaign.version.number}"
    assert first["campaign"] == "年度调查"
    assert first["contact"] == "答卷人0"
    assert (first["A18"], first["A18_importance"]) == ("1", "5")
    assert first["C1"] == "5"
    assert first["C2"] is None  # not answered
    assert first["C3"].startswith("备件交货太慢")
    # Headquarters: the one contact who agreed to be read abroad.
    _header, *rows = _sheet(client, users[Role.HQ], "campaign_answers_export", campaign)
    assert [row[header.index("contact")] for row in rows] == ["答卷人1"]


@pytest.mark.django_db
def test_the_results_hold_items_dimensions_index_csi_and_nps(client, users, shanghai):
    campaign = rated_campaign(users[Role.MANAGER], users[Role.COORDINATOR], shanghai, 6)
    header, *rows = _sheet(client, users[Role.MANAGER], "campaign_results_export", campaign)
    assert header == [
        "level",
        "code",
        "label",
        "dimension",
        "n",
        "mean",
        "sd",
        "importance",
        "quadrant",
        "alpha",
        "distribution",
    ]
    by_level: dict[str, list] = {}
    for row in rows:
        by_level.setdefault(row[0], []).append(dict(zip(header, row, strict=True)))
    assert len(by_level["item"]) == 26 + 3 + 2  # A, B, C1 and C2 (scaled items)
    assert len(by_level["dimension"]) == 9
    a18 = next(row for row in by_level["item"] if row["code"] == "A18")
    # Scores 1, 2, 1, 2, 1, 2: mean 1.5, sample sd √(1.5 / 5) = 0.548.
    assert (a18["n"], a18["mean"], a18["sd"], a18["importance"]) == ("6", "1.5", "0.548", "5")
    assert a18["distribution"] == "1: 3; 2: 3"
    assert a18["quadrant"]  # translated name
    # C1: 5, 6, 7, 8, 9, 10 → promoters 2/6, passives 2/6, detractors 2/6: NPS 0.
    (nps,) = by_level["nps"]
    assert (nps["n"], nps["mean"], nps["distribution"]) == ("6", "0", "33.3; 33.3; 33.3")
    assert [row[0] for row in rows[-3:]] == ["overall", "csi", "nps"]
