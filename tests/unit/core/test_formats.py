"""One number, one form: the rules every output writes numbers by (ipdata.core.formats)."""

from __future__ import annotations

import math

import pytest

from ipdata.core.formats import (
    excel_format,
    number_text,
    rate_text,
    rounded,
    share_text,
    unit_decimals,
    value_text,
)


@pytest.mark.parametrize(
    ("unit", "decimals"),
    [("件", 0), ("家", 0), ("人次", 0), ("件/万人", 2), ("%", 1), ("亿元", 2), ("万元", 0), ("万件", 2), (None, 2)],
)
def test_each_unit_has_its_decimals(unit, decimals):
    assert unit_decimals(unit) == decimals


def test_counts_are_whole_and_densities_keep_two_decimals():
    assert value_text(9621.108338, "件") == "9,621"  # a forecast count once printed 9,621.11
    assert value_text(20, "件/万人") == "20.00" and value_text(7.384, "件/万人") == "7.38"
    assert value_text(95, "%") == "95.0"
    assert value_text(float("nan"), "件") == "—" and value_text(None, "件") == "—"


def test_shares_are_whole_per_cent_and_rates_keep_a_tenth():
    assert share_text(0.057) == "6%"  # a progress share; probabilities: test_a_probability_reads_no_higher…
    assert rate_text(0.0571) == "5.7%"
    assert share_text(None) == "—" and rate_text(math.nan) == "—"


def test_a_stored_number_is_the_one_shown():
    assert rounded(9621.6, 0) == 9622 and isinstance(rounded(9621.6, 0), int)
    assert rounded(-0.001, 2) == 0.0 and str(rounded(-0.001, 2)) == "0.0"  # never "-0.00"
    assert number_text(-0.001, 2) == "0.00"
    assert rounded(None, 2) is None


def test_the_excel_formats_print_what_the_text_forms_write():
    assert excel_format(0) == "#,##0" and excel_format(2) == "#,##0.00" and excel_format(1) == "#,##0.0"


def test_a_probability_reads_no_higher_than_its_status_word():
    """Rounded down: 0.8951 is 89% 可能 (很可能 starts at 90%); short of certain is never 100%; above 0 never 0%."""
    from ipdata.assess.status import probability_status
    from ipdata.core.formats import probability_format, probability_text, probability_value

    assert probability_text(0.8951) == "89%" and probability_text(0.99991) == "99%"
    assert probability_text(0.004) == "<1%" and probability_format(0.004) == '"<1%"'
    assert probability_text(1.0) == "100%" and probability_text(0.0) == "0%" and probability_text(0.29) == "29%"
    for k in range(0, 10001):
        p = k / 10000
        shown = probability_value(p)
        assert probability_status(shown) == probability_status(p) or 0 < p < 0.01, p  # the same word for both
        assert probability_text(shown) == probability_text(p), p  # the stored cell prints as the value does


def test_shares_and_rates_read_the_same_after_rounding():
    """The page rounds once, the workbook stores the rounded number: both must print the same text."""
    for k in range(0, 20001):
        x = k / 20000 - 0.5
        assert share_text(x) == share_text(rounded(x, 2)) and rate_text(x) == rate_text(rounded(x, 3)), x


def test_infinite_values_are_missing_not_a_crash():
    assert number_text(float("inf"), 0) == "—" and share_text(float("-inf")) == "—"
