"""The survey statistics against values worked out by hand (the arithmetic is in the
comments) and, for Cronbach's alpha, against a published worked example."""

import math

import pytest

from serviceloop.surveys import statistics as stats

approx = pytest.approx


# --- describe ---------------------------------------------------------------------------


def test_describe_gives_count_mean_sample_sd_distribution_and_missing():
    summary = stats.describe([4, 5, None, 3, 4])
    # answered 4, 5, 3, 4: n = 4, missing = 1, mean = 16 / 4 = 4
    # deviations 0, 1, −1, 0 → Σ = 2 → sample variance 2 / (4 − 1) = 2/3
    assert summary.n == 4
    assert summary.missing == 1
    assert summary.mean == 4
    assert summary.sd == approx(math.sqrt(2 / 3))  # 0.8165
    assert summary.distribution == {3: 1, 4: 2, 5: 1}
    assert list(summary.distribution) == [3, 4, 5]  # ascending, for the bars


def test_describe_of_one_respondent_has_a_mean_but_no_sd():
    summary = stats.describe([5])
    assert (summary.n, summary.mean, summary.sd, summary.distribution) == (1, 5, None, {5: 1})


def test_describe_of_all_equal_answers_has_sd_zero():
    summary = stats.describe([3, 3, 3])
    assert summary.mean == 3
    assert summary.sd == 0


def test_describe_of_nothing_answered_has_no_mean():
    summary = stats.describe([None, None])
    assert (summary.n, summary.missing, summary.mean, summary.sd) == (0, 2, None, None)
    assert summary.distribution == {}


def test_describe_of_an_empty_item():
    assert stats.describe([]) == stats.Summary(0, None, None, {}, 0)


def test_mean_and_variance_leave_missing_values_out():
    assert stats.mean([2, None, 4]) == 3
    # 2 and 4 around 3: (1 + 1) / (2 − 1) = 2
    assert stats.variance([2, None, 4]) == 2
    assert stats.mean([None]) is None
    assert stats.variance([7]) is None


# --- CSI --------------------------------------------------------------------------------


def test_csi_rescales_each_respondents_mean_then_averages():
    rows = [
        [7, 8, 9],  # mean 8 → (8 − 1) / 9 × 100 = 77.78
        [4, None, 6],  # answered only: mean 5 → (5 − 1) / 9 × 100 = 44.44
        [None, None, None],  # answered nothing: not a respondent of the CSI
    ]
    # (700/9 + 400/9) / 2 = 1100/18 = 61.11
    assert stats.csi(rows) == approx(1100 / 18)


def test_csi_runs_from_0_at_the_lowest_to_100_at_the_highest():
    assert stats.csi([[1, 1, 1]]) == 0
    assert stats.csi([[10, 10, 10]]) == 100
    # another scale: 3 on 1–5 is half-way
    assert stats.csi([[3]], low=1, high=5) == 50


def test_csi_weights_items_over_the_answered_ones():
    rows = [[7, 8, 9], [4, None, 6]]
    # weights 2, 1, 1: (2×7 + 8 + 9) / 4 = 7.75 → 6.75 / 9 × 100 = 75
    # second: (2×4 + 6) / 3 = 14/3 → (11/3) / 9 × 100 = 1100/27 = 40.74
    # (75 + 1100/27) / 2 = 3125/54 = 57.87
    assert stats.csi(rows, weights=[2, 1, 1]) == approx(3125 / 54)


def test_csi_of_nobody_is_none():
    assert stats.csi([]) is None
    assert stats.csi([[None, None]]) is None


# --- NPS --------------------------------------------------------------------------------


def test_nps_boundaries_six_detracts_seven_and_eight_are_passive_nine_promotes():
    result = stats.nps([6, 7, 8, 9])
    # 1 promoter (9), 2 passives (7, 8), 1 detractor (6) of 4
    assert result == stats.Nps(4, 25, 50, 25, 0)


def test_nps_counts_only_answered_scores():
    result = stats.nps([0, 10, 10, None])
    # n = 3: promoters 2/3 = 66.67 %, detractors 1/3 = 33.33 %, score 33.33
    assert result.n == 3
    assert result.promoters == approx(200 / 3)
    assert result.passives == approx(0)
    assert result.detractors == approx(100 / 3)
    assert result.score == approx(100 / 3)


def test_nps_of_one_promoter_and_of_nobody():
    assert stats.nps([9]).score == 100
    assert stats.nps([None]) == stats.Nps(0, None, None, None, None)


# --- Cronbach's alpha -------------------------------------------------------------------

# Statology, "How to Calculate Cronbach's Alpha in Python" (restaurant survey of 10
# customers, 3 questions rated 1–3; pingouin.cronbach_alpha gives 0.7734375):
# https://www.statology.org/cronbachs-alpha-in-python/
STATOLOGY = {
    "Q1": [1, 2, 2, 3, 2, 2, 3, 3, 2, 3],
    "Q2": [1, 1, 1, 2, 3, 3, 2, 3, 3, 3],
    "Q3": [1, 1, 2, 1, 2, 3, 3, 3, 2, 3],
}
STATOLOGY_ROWS = [list(row) for row in zip(*STATOLOGY.values(), strict=True)]


def test_alpha_matches_the_published_worked_example():
    # By hand: Q1 Σ 23, Σx² 57 → SS 57 − 52.9 = 4.1; Q2 Σ 22, Σx² 56 → 7.6;
    # Q3 Σ 21, Σx² 51 → 6.9; item variances (4.1 + 7.6 + 6.9) / 9 = 18.6 / 9.
    # Totals 3 4 5 6 7 8 8 9 7 9: Σ 66, Σx² 474 → SS 38.4 → variance 38.4 / 9.
    # α = 3/2 × (1 − 18.6 / 38.4) = 1.5 × 0.515625 = 0.7734375
    assert stats.cronbach_alpha(STATOLOGY_ROWS) == approx(0.7734375)


def test_alpha_drops_incomplete_rows_listwise():
    with_gaps = [*STATOLOGY_ROWS, [1, None, 3], [None, None, None]]
    assert stats.cronbach_alpha(with_gaps) == approx(0.7734375)


def test_alpha_is_too_few_answers_below_the_minimum_of_complete_rows():
    assert stats.MIN_RESPONDENTS == 10
    nine = [*STATOLOGY_ROWS[:9], [3, None, 3]]  # ten rows, nine complete
    assert stats.cronbach_alpha(nine) is None
    assert stats.cronbach_alpha([[4, 5]]) is None  # one respondent


def test_alpha_on_a_small_table_with_a_lower_minimum():
    rows = [[1, 2], [2, 3], [3, 3], [4, 5]]
    # X 1 2 3 4: mean 2.5, SS 5 → 5/3; Y 2 3 3 5: mean 3.25, SS 4.75 → 4.75/3
    # totals 3 5 6 9: mean 5.75, SS 7.5625 + 0.5625 + 0.0625 + 10.5625 = 18.75 → 18.75/3
    # α = 2/1 × (1 − 9.75 / 18.75) = 2 × 0.48 = 0.96
    assert stats.cronbach_alpha(rows, minimum=4) == approx(0.96)
    assert stats.cronbach_alpha(rows, minimum=5) is None


def test_alpha_is_none_for_one_item_or_no_variance():
    assert stats.cronbach_alpha([[x] for x in range(1, 12)]) is None
    all_equal = [[3, 3, 3]] * 12
    assert stats.cronbach_alpha(all_equal) is None


# --- Importance–performance quadrants ----------------------------------------------------


@pytest.mark.parametrize(
    ("importance", "performance", "expected"),
    [
        (3.0, 4.0, "keep_up"),  # on both cross-hairs: counts as high on both
        (3.0, 3.99, "concentrate"),
        (2.99, 4.0, "overkill"),
        (2.99, 3.99, "low_priority"),
        (4.5, 2.0, "concentrate"),
        (4.5, 4.5, "keep_up"),
    ],
)
def test_quadrant_at_and_around_the_cross_hairs(importance, performance, expected):
    assert stats.quadrant(importance, performance, 3.0, 4.0) == expected
    assert expected in stats.QUADRANTS


# --- Correlation and regression ---------------------------------------------------------


def test_pearson_by_hand():
    # x 1..5 (mean 3), y 2 4 5 4 5 (mean 4): dx −2 −1 0 1 2, dy −2 0 1 0 1
    # Σdxdy = 4 + 0 + 0 + 0 + 2 = 6, Σdx² = 10, Σdy² = 6 → r = 6 / √60 = 0.7746
    assert stats.pearson([1, 2, 3, 4, 5], [2, 4, 5, 4, 5]) == approx(6 / math.sqrt(60))


def test_pearson_leaves_out_pairs_with_a_missing_side_and_needs_three_and_variation():
    assert stats.pearson([1, 2, None, 3, 4, 5, 9], [2, 4, 7, 5, 4, 5, None]) == approx(
        6 / math.sqrt(60)
    )
    assert stats.pearson([1, 2], [3, 4]) is None
    assert stats.pearson([1, 1, 1], [1, 2, 3]) is None


def test_ranks_share_the_mean_rank_on_ties():
    assert stats.ranks([10, 20, 20, 30]) == [1, 2.5, 2.5, 4]


def test_spearman_by_hand_with_ties():
    # ranks of y 2 4 5 4 5 → 1 2.5 4.5 2.5 4.5 (mean 3): d −2 −0.5 1.5 −0.5 1.5
    # with ranks of x 1..5 (d −2 −1 0 1 2): Σ = 4 + 0.5 + 0 − 0.5 + 3 = 7,
    # Σdx² = 10, Σdy² = 4 + 0.25 + 2.25 + 0.25 + 2.25 = 9 → ρ = 7 / √90 = 0.7379
    assert stats.spearman([1, 2, 3, 4, 5], [2, 4, 5, 4, 5]) == approx(7 / math.sqrt(90))


def test_spearman_is_one_for_any_increasing_relation():
    assert stats.spearman([1, 2, 3, 4], [1, 4, 9, 16]) == approx(1)
    assert stats.spearman([1, 2], [1, 2]) is None


def test_ols_recovers_an_exact_line_and_plane():
    fit = stats.ols([1, 3, 5, 7], [[0, 1, 2, 3]])  # y = 1 + 2x
    assert fit.n == 4
    assert fit.coefficients == approx([1, 2])
    assert fit.r_squared == approx(1)
    # y = 2 + x1 − x2 on five rows
    x1, x2 = [0, 1, 0, 1, 2], [0, 0, 1, 1, 3]
    y = [2 + a - b for a, b in zip(x1, x2, strict=True)]
    assert stats.ols(y, [x1, x2]).coefficients == approx([2, 1, -1])


def test_ols_r_squared_by_hand():
    # x 1 2 3, y 1 3 2: slope Σdxdy / Σdx² = (−1×−1 + 0 + 1×0) / 2 = 0.5, intercept 2 − 1 = 1
    # fitted 1.5 2 2.5: residuals −0.5 1 −0.5 → 1.5; total (1 + 1 + 0) = 2 → R² = 0.25
    # (four rows: the fourth repeats the mean point (2, 2), changing neither)
    fit = stats.ols([1, 3, 2, 2], [[1, 2, 3, 2]])
    assert fit.coefficients == approx([1, 0.5])
    assert fit.r_squared == approx(0.25)


def test_ols_refuses_too_few_rows_and_a_constant_column():
    assert stats.ols([1, 2], [[1, 2]]) is None
    assert stats.ols([1, 2, 3, 4], [[5, 5, 5, 5]]) is None
    # rows with a gap are left out before counting
    assert stats.ols([1, 2, None, 4], [[1, 2, 3, None]]) is None
