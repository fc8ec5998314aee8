"""ipdata.extract.candidates: the plan period, time marks, sections and a target's kind, comparator and unit."""

from __future__ import annotations

import pytest

from ipdata.extract.candidates import (
    comparator_of,
    five_year_plan,
    indicator_unit,
    kind_of,
    line_cells,
    plan_period,
    sections,
    time_marks,
)
from ipdata.extract.numbers import QUANTITY, quantity, searchable


@pytest.mark.parametrize(
    ("text", "years", "months"),
    [
        ("临江市“十四五”知识产权发展规划\n正文", (2021, 2025), (1, 12)),
        ("青溪县知识产权强县建设工作方案（2023—2025年）", (2023, 2025), (1, 12)),
        ("工作方案\n实施期从2021年6月至2023年12月，分三个阶段", (2021, 2023), (6, 12)),
        ("要点\n到2024年，专利达到100件。到2024年，商标达到50件。", (2020, 2024), (1, 12)),
    ],
)
def test_plan_period(text, years, months):
    period = plan_period(searchable(text))
    assert period is not None and (period.start, period.end) == years
    assert (period.start_month, period.end_month) == months and period.how


def test_no_period_is_none():
    assert plan_period("一份没有年份的文件") is None


@pytest.mark.parametrize(("ordinal", "years"), [("十三", (2016, 2020)), ("十四", (2021, 2025)), ("十一", (2006, 2010))])
def test_five_year_plans(ordinal, years):
    assert five_year_plan(ordinal) == years


def test_time_marks_tell_past_from_future():
    text = searchable("2015年达到7.38件；到2020年达到20件；“十二五”期间累计；“十三五”期间累计；比2015年增长")
    period = plan_period(searchable("“十三五”规划"))
    tenses = [(m.tense, m.year) for m in time_marks(text, period)]
    assert ("past", 2015) in tenses and ("future", 2020) in tenses and ("base", 2015) in tenses
    fyp = [m for m in time_marks(text, period) if m.period]
    assert [(m.tense, m.period) for m in fyp] == [("past", (2011, 2015)), ("future", (2016, 2020))]


def test_sections_of_review_and_targets():
    text = "一、发展基础\n过去。\n（一）成绩\n更早。\n二、总体要求\n（三）发展目标\n目标。\n三、重点任务\n任务。"
    spans = sections(text)
    (past,) = spans["past"]
    (targets,) = spans["targets"]
    assert text[past[0] : past[1]].startswith("一、发展基础") and "总体要求" not in text[past[0] : past[1]]
    assert "目标。" in text[targets[0] : targets[1]] and "任务。" not in text[targets[0] : targets[1]]


@pytest.mark.parametrize(
    ("indicator", "context", "unit", "period", "kind"),
    [
        ("PCT国际专利申请量", "年均增长10%", "%", False, "growth_rate"),
        ("试点示范县数量", "数量增长50%以上", "%", False, "increase"),
        ("裁决案件时限", "压减50%", "%", False, "reduction"),
        ("专利行政案件结案率", "结案率达到95%以上", "%", False, "floor"),
        ("发明专利申请量占专利申请总量的比重", "比重达到30%左右", "%", False, "share"),
        ("每万人发明专利拥有量", "达到20件", "件/万人", False, "level"),
        ("贯标企业", "新增贯标企业100家", "家", False, "cumulative"),
        ("打击假冒专利专项行动", "组织100次", "次", True, "cumulative"),
        ("技术市场成交额", "达到20亿元", "亿元", False, "flow"),
        ("知识产权服务机构", "达到200家", "家", False, "count"),
        ("办案周期", "控制在3个月以内", "个月", False, "level"),
    ],
)
def test_kinds(indicator, context, unit, period, kind):
    assert kind_of(indicator, context, unit, period) == kind


@pytest.mark.parametrize(
    ("before", "text", "after", "comparator"),
    [
        ("达到", "95%", "以上", "at_least"),
        ("达到", "30%", "左右", "about"),
        ("控制在", "4个月", "以内", "at_most"),
        ("", "2-3家", "", "range"),
        ("不低于", "90%", "", "at_least"),
    ],
)
def test_comparators(before, text, after, comparator):
    (m,) = list(QUANTITY.finditer(text))
    assert comparator_of(quantity(m), after, before) == comparator


def test_densities_take_their_unit_from_the_name():
    assert indicator_unit("每万人发明专利拥有量", "件") == "件/万人"
    assert indicator_unit("每百家企业有效注册商标量", "件") == "件/百家企业"
    assert indicator_unit("发明专利授权量", "件") == "件"


@pytest.mark.parametrize(
    ("line", "cells"),
    [
        ("| 指标 | 2020年 | 2025年 |", ["指标", "2020年", "2025年"]),
        (
            "每万人口高价值发明专利拥有量（件）\t6.3\t12\t预期性",
            ["每万人口高价值发明专利拥有量（件）", "6.3", "12", "预期性"],
        ),
        ("专利密度    6.3    12", ["专利密度", "6.3", "12"]),
        ("|---|:---:|", []),
    ],
)
def test_table_rows_written_on_one_line(line, cells):
    found = line_cells(line)
    assert found is not None and [line[a:b] for a, b in found] == cells


@pytest.mark.parametrize("line", ["到2025年，全市专利授权量达到3万件。", "\t指标", "", "一、发展基础"])
def test_prose_is_not_a_table_row(line):
    assert line_cells(line) is None
