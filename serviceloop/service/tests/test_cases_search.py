"""Finding a case by what people type (decision 0018): a symptom word in Chinese or English,
a word of the remote findings or the repair report, a number or serial first, and a portal
user only ever among its own customer's cases. Runs on SQLite (FTS5) and PostgreSQL (GIN)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from serviceloop.accounts.models import Role
from serviceloop.accounts.testing import make_user
from serviceloop.customers.models import PortalAccess
from serviceloop.customers.testing import make_customer
from serviceloop.equipment.testing import make_unit
from serviceloop.service.models import Case
from serviceloop.service.selectors.cases_search import search_cases
from serviceloop.service.services import diagnosis
from serviceloop.service.testing import make_case

from .reports_builders import on_site_case, write_report


def _numbers(cases) -> list[str]:
    return [case.number for case in cases]


@pytest.fixture
def cases(shanghai, users):
    opened_by = users[Role.COORDINATOR]
    now = timezone.now()

    def case(symptom, days_ago, **fields):
        return make_case(
            shanghai,
            opened_by=opened_by,
            symptom=symptom,
            opened_at=now - timedelta(days=days_ago),
            **fields,
        )

    return {
        "trip": case("设备运行中频繁跳闸，无法加热", 1),
        "trip_old": case("主断路器跳闸", 30),
        "leak": case("感应器接头漏水", 2),
        "english": case("Quench pump overheating, line stopped", 3),
        "other": case("水流量报警，功率上不去", 4),
    }


def _search(text: str) -> list[str]:
    return _numbers(search_cases(Case.objects.order_by("-opened_at"), text))


@pytest.mark.django_db
def test_a_two_character_chinese_word_finds_the_cases_that_say_it(cases):
    assert _search("跳闸") == [cases["trip"].number, cases["trip_old"].number]
    assert _search("漏水") == [cases["leak"].number]
    # A longer word must appear as typed: 频繁跳闸 yes, 跳闸频繁 no.
    assert _search("频繁跳闸") == [cases["trip"].number]
    assert _search("跳闸频繁") == []


@pytest.mark.django_db
def test_an_english_word_finds_its_cases_by_its_beginning_whatever_the_case(cases):
    assert _search("overheating") == [cases["english"].number]
    assert _search("OVERH") == [cases["english"].number]
    assert _search("quench overheat") == [cases["english"].number]
    assert _search("quench leak") == []


@pytest.mark.django_db
def test_a_case_number_or_serial_typed_in_full_comes_first(cases, shanghai, users):
    customer = make_customer(shanghai, "C-0900")
    unit = make_unit(customer, "IH-2019-0042")
    # An older case of that machine, and a newer one whose symptom names the serial.
    older = make_case(
        shanghai,
        customer=customer,
        unit=unit,
        opened_by=users[Role.COORDINATOR],
        opened_at=timezone.now() - timedelta(days=300),
    )
    mention = make_case(
        shanghai,
        opened_by=users[Role.COORDINATOR],
        symptom="与 IH-2019-0042 同样的故障",
    )
    assert _search("ih-2019-0042") == [older.number, mention.number]
    number = cases["trip_old"].number
    assert _search(number)[0] == number
    assert _search(number.lower())[0] == number


@pytest.mark.django_db
def test_remote_findings_and_the_repair_report_are_searched_too(shanghai, users):
    case = on_site_case(shanghai, users)
    assert _search("过滤器堵塞") == []
    write_report(case, users[Role.ENGINEER])
    assert _search("过滤器堵塞") == [case.number]
    case.refresh_from_db()
    diagnosis.save_findings(
        by=users[Role.COORDINATOR],
        case=case,
        version=case.version,
        diagnosis="远程查看曲线：中频电压波动",
    )
    assert _search("电压波动") == [case.number]


@pytest.mark.django_db
def test_the_case_list_says_where_the_words_were_found(client, users, cases):
    client.force_login(users[Role.COORDINATOR])
    page = client.get(reverse("service:case_list"), {"state": "all", "q": "跳闸"})
    html = page.content.decode()
    assert html.count('data-testid="case-link"') == 2
    assert "频繁<mark>跳闸</mark>，无法加热" in html
    assert cases["leak"].number not in html


@pytest.mark.django_db
def test_a_customer_is_found_by_name_pinyin_or_initials_as_before(client, users, shanghai):
    customer = make_customer(shanghai, "C-0700", "上汽中博汽车零部件有限公司")
    case = make_case(shanghai, customer=customer, opened_by=users[Role.COORDINATOR])
    client.force_login(users[Role.COORDINATOR])
    for query in ("sqzb", "shangqi", "中博"):
        html = client.get(reverse("service:case_list"), {"q": query}).content.decode()
        assert case.number in html, query


@pytest.mark.django_db
def test_a_portal_users_search_finds_only_its_own_customers_cases(client, users, shanghai):
    own, other = make_customer(shanghai, "C-0001"), make_customer(shanghai, "C-0002")
    portal_user = make_user(Role.CUSTOMER, username="portal-x", office=shanghai)
    PortalAccess.objects.create(user=portal_user, customer=own)
    opened_by = users[Role.COORDINATOR]
    mine = make_case(shanghai, customer=own, opened_by=opened_by, symptom="感应器跳闸")
    theirs = make_case(shanghai, customer=other, opened_by=opened_by, symptom="感应器跳闸")
    client.force_login(portal_user)
    html = client.get(reverse("portal:case_list"), {"q": "跳闸"}).content.decode()
    theirs_link = reverse("portal:case_detail", args=[theirs.pk])
    assert reverse("portal:case_detail", args=[mine.pk]) in html
    assert "<mark>跳闸</mark>" in html
    assert theirs_link not in html
    # Their number typed in full finds nothing either.
    html = client.get(reverse("portal:case_list"), {"q": theirs.number}).content.decode()
    assert theirs_link not in html


@pytest.mark.django_db
def test_the_index_comes_back_after_a_migration_dropped_it(shanghai, users):
    from django.db import connection

    from serviceloop.service.models.cases_search import drop_case_search, ensure_case_search

    drop_case_search(connection)  # what rebuilding the table in a SQLite migration does
    ensure_case_search(connection)
    case = make_case(shanghai, opened_by=users[Role.COORDINATOR], symptom="中频电源过热")
    assert _search("过热") == [case.number]


@pytest.mark.django_db
def test_rebuild_case_search_reads_texts_changed_behind_the_services(cases):
    from django.core.management import call_command

    Case.objects.filter(pk=cases["other"].pk).update(symptom="淬火液泵异响")
    assert _search("异响") == []
    call_command("rebuild_case_search", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert _search("异响") == [cases["other"].number]


@pytest.mark.django_db
def test_the_top_search_finds_cases_by_a_word_and_never_another_offices(
    client, users, cases, beijing
):
    elsewhere = make_case(
        beijing, opened_by=make_user(Role.COORDINATOR, office=beijing), symptom="感应器跳闸"
    )
    client.force_login(users[Role.COORDINATOR])
    html = client.get(reverse("core:search"), {"q": "跳闸"}).content.decode()
    assert 'data-testid="search-cases"' in html
    assert cases["trip"].number in html and cases["trip_old"].number in html
    assert "<mark>跳闸</mark>" in html
    assert elsewhere.number not in html
    html = client.get(reverse("core:search"), {"q": cases["leak"].number}).content.decode()
    assert cases["leak"].number in html
