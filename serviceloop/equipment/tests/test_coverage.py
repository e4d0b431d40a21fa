from datetime import date

from serviceloop.equipment.coverage import Coverage, coverage_on, warranty_end


def test_warranty_runs_the_given_months_from_its_start():
    assert warranty_end(starts_on=date(2024, 3, 15), months=12) == date(2025, 3, 14)
    # When the month ahead is too short for the start date, warranty runs to its end.
    assert warranty_end(starts_on=date(2024, 1, 31), months=1) == date(2024, 2, 29)
    assert warranty_end(starts_on=date(2025, 3, 31), months=1) == date(2025, 4, 30)
    assert warranty_end(starts_on=date(2024, 2, 29), months=12) == date(2025, 2, 28)
    assert warranty_end(starts_on=None, months=12) is None


def test_coverage_follows_warranty_then_contract():
    today = date(2026, 11, 27)
    assert coverage_on(today, warranty_ends=date(2027, 6, 1), contract_ends=None).status == (
        Coverage.IN_WARRANTY
    )
    expiring = coverage_on(today, warranty_ends=date(2027, 1, 20), contract_ends=None)
    assert expiring.status == Coverage.WARRANTY_EXPIRING
    assert expiring.until == date(2027, 1, 20)
    contract = coverage_on(today, warranty_ends=date(2025, 1, 1), contract_ends=date(2027, 3, 1))
    assert contract.status == Coverage.UNDER_CONTRACT
    assert coverage_on(today, warranty_ends=date(2025, 1, 1), contract_ends=None).status == (
        Coverage.OUT_OF_COVERAGE
    )
