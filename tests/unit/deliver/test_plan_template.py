"""The plan template as an analyst reads it: headers that say what the sheet means, drop-downs of 名称 (id).

Issue 21 found the observations sheet's value column headed 目标值 (target value) and drop-downs of bare English
ids; these checks hold every sheet's Chinese header to the meaning of its column there, and every drop-down
entry to a name a reader knows that reads back as the id.
"""

from __future__ import annotations

import io
import re

import openpyxl
import pytest

from ipdata.catalog.plan_files import SHEETS, read_plan
from ipdata.catalog.sheets import CHOICE_COLUMNS, choice_id
from ipdata.catalog.tables import indicators, regions, targets
from ipdata.deliver.plan_template import template_workbook, write_template

CJK = re.compile(r"[\u4e00-\u9fff]")

# what a column's Chinese header must say on a sheet: (sheet, column) -> words, one of which it holds
MEANING = {
    ("targets", "value"): ("目标",),
    ("targets", "target_year"): ("目标",),
    ("targets", "baseline_year"): ("基期",),
    ("targets", "baseline_value"): ("基期",),
    ("targets", "quote_zh"): ("原文",),
    ("observations", "value"): ("观测", "数值"),
    ("observations", "date"): ("年",),
    ("observations", "source_url"): ("来源",),
    ("observations", "quote"): ("原文",),
    ("observations", "region"): ("地区",),
    ("observations", "indicator"): ("指标",),
    ("plan", "period_start"): ("起",),
    ("plan", "period_end"): ("结束",),
}


@pytest.fixture(scope="module")
def book() -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(template_workbook("jiaxing_13fyp", 2024)))


def test_every_header_is_chinese_and_says_what_its_column_means_on_its_sheet(book):
    for key, spec in SHEETS.items():
        ws = book[spec.title]
        headers = dict(zip([c.value for c in ws[2]], [c.value for c in ws[1]]))
        for column in spec.columns:
            assert CJK.search(headers[column]), (key, column, headers[column])  # a header, not the id again
            if (key, column) in MEANING:
                assert any(w in headers[column] for w in MEANING[key, column]), (key, column, headers[column])
    observations = dict(
        zip([c.value for c in book[SHEETS["observations"].title][2]], book[SHEETS["observations"].title][1])
    )
    assert "目标" not in observations["value"].value  # the bug: an observation is not a target value


def test_drop_downs_show_names_with_ids_that_read_back(book):
    known = set(regions()["region_id"]) | set(indicators()["indicator_id"])
    lists = book["选项 lists"]
    for column in lists.iter_cols(min_row=2, values_only=True):
        entries = [v for v in column if v]
        if entries and entries[0].endswith(")"):  # the region and indicator lists (units have no ids)
            assert all(CJK.search(e) and choice_id(e) in known for e in entries), entries[:3]
    for key, spec in SHEETS.items():
        ws = book[spec.title]
        for rule in ws.data_validations.dataValidation:
            column = spec.columns[openpyxl.utils.column_index_from_string(str(rule.sqref)[:1]) - 1]
            if rule.formula1.startswith('"'):  # fixed choices, written in the rule
                entries = rule.formula1.strip('"').split(",")
                assert all(CJK.search(e) and choice_id(e) != e for e in entries), (key, column, entries)
            assert column in CHOICE_COLUMNS or column == "unit", (key, column)  # the reader strips the name


def test_a_workbook_filled_from_the_drop_downs_reads_as_ids(tmp_path):
    path = tmp_path / "jx.xlsx"
    write_template(path, plan="jiaxing_13fyp", through_year=2024)
    plan = read_plan(path)
    bundled = targets(plan="jiaxing_13fyp")
    for column in ("region_id", "indicator_id", "kind", "comparator"):  # written as 名称 (id), read as the id
        assert list(plan.tables["targets"][column]) == list(bundled[column]), column
    assert "jiaxing" in set(plan.observations["region_id"])
