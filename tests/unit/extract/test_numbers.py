"""ipdata.extract.numbers: quantities as Chinese plans write them, on a text folded without moving offsets."""

from __future__ import annotations

import pytest

from ipdata.extract.numbers import QUANTITY, number, quantity, searchable


def _one(text: str):
    (match,) = list(QUANTITY.finditer(searchable(text)))
    return quantity(match)


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("1.5万件", 15000, "件"),  # counts are multiplied out
        ("8.5 万件", 85000, "件"),
        ("3000亿元", 3000, "亿元"),  # money stays in the plan's unit
        ("5000万元", 5000, "万元"),
        ("1.2万亿元", 12000, "亿元"),
        ("1,300件", 1300, "件"),
        ("95%", 95, "%"),
        ("９５％", 95, "%"),  # full-width digits and per cent sign
        ("百分之三十", 30, "%"),
        ("1/3", 33.3, "%"),
        ("三分之二", 66.7, "%"),
        ("两家", 2, "家"),
        ("十一个", 11, "个"),
        ("4个月", 4, "个月"),
        ("30000人次", 30000, "人次"),
        ("20萬件", 200000, "件"),  # traditional 萬
    ],
)
def test_values_and_units(text, value, unit):
    q = _one(text)
    assert q is not None and q.value == pytest.approx(value) and q.unit == unit and not q.is_range


@pytest.mark.parametrize(
    ("text", "low", "high", "unit"),
    [
        ("1-2个", 1, 2, "个"),
        ("2—3家", 2, 3, "家"),
        ("2至3家", 2, 3, "家"),
        ("两到三个", 2, 3, "个"),
        ("3～5万件", 30000, 50000, "件"),
    ],
)
def test_ranges(text, low, high, unit):
    q = _one(text)
    assert q is not None and q.is_range and (q.low, q.high, q.unit) == (low, high, unit) and q.value is None


@pytest.mark.parametrize("text", ["3-2家", "5/3"])
def test_what_is_not_a_quantity(text):
    assert _one(text) is None


@pytest.mark.parametrize("text", ["2020年", "2022-2025年", "国发〔2021〕20号", "4·26", "135N", "第二阶段", "一批"])
def test_dates_and_names_hold_no_quantity(text):
    assert not [quantity(m) for m in QUANTITY.finditer(searchable(text)) if quantity(m) is not None]


def test_searchable_keeps_every_offset():
    text = "到２０２５年，全省每萬人口高價值發明專利擁有量達到１２件（預期性）——"
    folded = searchable(text)
    assert len(folded) == len(text)
    assert folded == "到2025年,全省每万人口高价值发明专利拥有量达到12件(预期性)--"


def test_number_reads_arabic_and_chinese_numerals():
    assert number("1,300") == 1300 and number("7.38") == 7.38 and number("两") == 2 and number("一千二百") == 1200
    with pytest.raises(ValueError):
        number("若干")
