"""ipdata.extract.tables: indicator tables in every layout documents give. The tables are INVENTED for the test."""

from __future__ import annotations

from ipdata.extract import Document
from ipdata.extract.targets import extract_text

TITLE = "临江市知识产权发展规划（2021—2025年）\n\n"  # invented


def rows(body: str):
    return extract_text(Document("invented.txt", "txt", TITLE + body)).targets


CELLS = (  # the one-cell-per-line format of ipdata.extract.documents (a Word table)
    "\t指标\n\t2020年情况\n\t2025年（临江市）\n\t备  注\n\n"
    "\t\n\t\n\t\n\t2025年\n（浙江省）\n\n"
    "\t技术市场成交额\n（亿元）\n\t5.93\n\t20\n\t220\n\n"
    "\t有效注册商标量（件）\n\t70928\n\t80000\n\t/\n\n"
)


def test_base_target_and_another_regions_column():
    found = rows(CELLS)
    assert list(found["value"]) == [20, 220, 80000]
    turnover = found.iloc[0]
    assert (turnover["baseline_year"], turnover["baseline_value"], turnover["unit"]) == (2020, 5.93, "亿元")
    assert turnover["indicator_id"] == "technology_market_turnover" and turnover["source"] == "table"
    assert found.iloc[1]["region_id"] == "zhejiang" and "other_region" in found.iloc[1]["checks"]
    assert found.iloc[2]["indicator_id"] == "valid_trademarks"  # "/" is missing, not zero: no third row


def test_cells_that_hold_comparator_and_unit():
    body = (
        "\t指   标\n\t2025年目标\n\n\t有效发明专利量\n\t超过1300件\n\n"
        "\t知识产权联盟\n\t1-2个\n\n\t专利技术实施率\n\t80%以上\n\n"
    )
    found = rows(body)
    assert list(found["comparator"]) == ["at_least", "range", "at_least"]
    assert list(found["qualifier_zh"]) == ["超过", "", "以上"] and list(found["unit"]) == ["件", "个", "%"]


def test_serial_number_unit_and_attribute_columns():
    body = (
        "| 序号 | 指标 | 单位 | 2020年 | 2025年 | 属性 |\n|---|---|---|---|---|---|\n"
        "| 1 | 每万人口高价值发明专利拥有量 | 件 | 4.2 | 8.5 | 预期性 |\n"
        "| 2 | 知识产权使用费年进出口总额 | 亿元 | 38 | 60 | 预期性 |\n"
    )
    found = rows(body)
    assert list(found["value"]) == [8.5, 60] and list(found["baseline_value"]) == [4.2, 38]
    assert list(found["unit"]) == ["件/万人", "亿元"]
    assert found.iloc[0]["indicator_id"] == "high_value_invention_patents_per_10k"


def test_rows_separated_by_tabs_on_one_line():
    body = "指标\t2020年\t2025年\n专利密集型产业增加值占GDP比重（%）\t11.6\t13\n"
    (row,) = rows(body).to_dict("records")
    assert (row["value"], row["baseline_value"], row["unit"], row["kind"]) == (13, 11.6, "%", "share")


def test_a_table_without_a_target_column_is_not_read():
    assert rows("\t指标\n\t2020年\n\n\t有效发明专利量（件）\n\t12000\n\n").empty


def test_a_target_stated_in_text_and_table_is_one_row_with_both_quotes():
    body = "到2025年，技术市场成交额达到20亿元。\n\n" + CELLS
    found = rows(body)
    mine = found[(found["indicator_id"] == "technology_market_turnover") & (found["region_id"] == "")]
    (twice,) = mine.to_dict("records")
    assert twice["source"] == "text" and twice["baseline_value"] == 5.93  # the base comes from the table
    a, b = (int(x) for x in twice["also_quoted"].split("-"))
    text = TITLE + body
    assert text[a:b].startswith("技术市场成交额")
