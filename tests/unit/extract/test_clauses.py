"""ipdata.extract.clauses: targets in prose. Every sentence here is INVENTED for the test (临江 is not a real city)."""

from __future__ import annotations

import pytest

from ipdata.extract import Document
from ipdata.extract.targets import extract_text

TITLE = "临江市“十四五”知识产权发展规划\n"  # invented: gives the plan period 2021-2025


def rows(body: str, title: str = TITLE):
    return extract_text(Document("invented.txt", "txt", title + body)).targets


def test_the_year_carries_through_the_paragraph():
    found = rows("到2024年，全市专利授权量达到2万件，商标注册量达到3万件；地理标志商标25件。")
    assert list(found["value"]) == [20000, 30000, 25] and set(found["target_year"]) == {2024}
    assert "year_from_plan" not in ";".join(found["checks"])


def test_without_a_year_the_plan_end_is_taken_and_said():
    found = rows("全市知识产权服务机构达到200家。")
    assert list(found["target_year"]) == [2025] and "year_from_plan" in found["checks"].iloc[0]
    assert "2025" in found["check_zh"].iloc[0]


@pytest.mark.parametrize(
    "past",
    [
        "2020年，全市每万人口发明专利拥有量达到9.6件，是2015年的2.1倍。",
        "“十三五”期间，全市累计授权发明专利8600件。",
        "五年来，全市新增国家知识产权示范企业12家。",
        "目前全市已有知识产权服务机构120家。",
        "一、发展基础\n全市有效发明专利达到1.2万件，年均增长15%。",
    ],
)
def test_statements_of_the_past_are_not_targets(past):
    assert rows(past).empty


def test_a_future_mark_after_a_past_one_reopens_the_paragraph():
    found = rows("2020年全市专利授权量为1.8万件；到2025年，全市专利授权量达到3万件。")
    assert list(found["value"]) == [30000] and list(found["target_year"]) == [2025]


@pytest.mark.parametrize(
    ("sentence", "comparator", "qualifier"),
    [
        ("到2025年，行政案件结案率达到95%以上。", "at_least", "达到…以上"),
        ("到2025年，发明专利申请量占比达到30%左右。", "about", "达到…左右"),
        ("到2025年，专利侵权纠纷办案周期控制在4个月以内。", "at_most", "控制在…以内"),
        ("到2025年，专利技术实施率不低于60%。", "at_least", "不低于"),
        ("到2025年，每万人口发明专利拥有量力争达到15件。", "at_least", "力争达到"),
    ],
)
def test_comparators_and_the_qualifier_kept(sentence, comparator, qualifier):
    (row,) = rows(sentence).to_dict("records")
    assert row["comparator"] == comparator and row["qualifier_zh"] == qualifier


@pytest.mark.parametrize(
    ("sentence", "low", "high"),
    [
        ("到2025年，建设知识产权运营中心1-2个。", 1, 2),
        ("到2025年，培育知识产权联盟2至3家。", 2, 3),
        ("到2025年，新建两到三个专利导航服务基地。", 2, 3),
    ],
)
def test_ranges(sentence, low, high):
    (row,) = rows(sentence).to_dict("records")
    assert row["comparator"] == "range" and (row["value_low"], row["value_high"]) == (low, high)


def test_cumulative_over_the_plan_period():
    (row,) = rows("“十四五”期间，累计新增贯标企业500家。").to_dict("records")
    assert row["kind"] == "cumulative" and (row["period_start"], row["period_end"]) == ("2021-01", "2025-12")


def test_growth_rates():
    (row,) = rows("到2025年，PCT国际专利申请量年均增长10%以上。").to_dict("records")
    assert row["kind"] == "growth_rate" and row["unit"] == "%" and row["value"] == 10


def test_from_base_to_target():
    (row,) = rows("到2025年，知识产权质押融资金额由2020年的120亿元提高到200亿元。").to_dict("records")
    assert (row["value"], row["baseline_value"], row["baseline_year"], row["unit"]) == (200, 120, 2020, "亿元")
    assert row["indicator_text_zh"] == "知识产权质押融资金额"


def test_names_paired_with_quantities_by_fenbie():
    found = rows("到2025年，发明专利申请量、授权量分别达到3万件、1万件。")
    assert list(zip(found["indicator_text_zh"], found["value"])) == [("发明专利申请量", 30000), ("授权量", 10000)]


@pytest.mark.parametrize(
    "sentence",
    [
        "从三个方面推进规划落地，实施五大工程。",
        "依据《临江市知识产权保护条例》（临政发〔2021〕15号）第三条。",
        "2021年6月召开全市知识产权工作会议。",
    ],
)
def test_structure_dates_and_document_numbers_are_not_targets(sentence):
    assert rows(sentence).empty


def test_a_quantity_that_qualifies_a_noun_is_part_of_the_name():
    (row,) = rows("到2025年，年营业收入超千万元的知识产权服务机构达到20家。").to_dict("records")
    assert row["value"] == 20 and "千万元" in row["indicator_text_zh"]


def test_a_verb_first_clause_takes_the_name_after_the_number():
    (row,) = rows("“十四五”期间，组织100次以上打击假冒专利专项行动。").to_dict("records")
    assert row["indicator_text_zh"] == "打击假冒专利专项行动" and row["value"] == 100


def test_full_coverage_is_a_share_of_100():
    (row,) = rows("到2025年，实现县级知识产权保护中心全覆盖。").to_dict("records")
    assert (row["kind"], row["value"], row["unit"]) == ("share", 100, "%") and "full_coverage" in row["checks"]


def test_traditional_characters_keep_the_original_quote():
    doc = "臨江市“十四五”知識產權發展規劃\n到2025年，全市發明專利授權量達到1.5萬件以上。"
    (row,) = extract_text(Document("t.txt", "txt", doc)).targets.to_dict("records")
    assert row["value"] == 15000 and row["quote"] == "全市發明專利授權量達到1.5萬件以上"
    assert row["indicator_id"] == "invention_grants"


def test_a_document_dated_later_reports_its_earlier_years_as_results():
    """A mid-term review dated 2023 of a 2021-2025 plan: 2022's figures are results, 到2025年 a target (invented)."""
    body = (
        "来源：临江日报　2023年4月12日\n"
        "2022年，全市有效发明专利拥有量达到1.34万件，完成目标的68%。\n"
        "截至2022年底，专利代理机构达到24家，离规划目标还差6个。\n"
        "规划提出，到2025年，全市有效发明专利拥有量达到2万件。今年将新设立风险补偿资金5000万元。\n"
    )
    found = rows(body)
    assert list(zip(found["value"], found["target_year"])) == [(20000, 2025), (5000, 2023)]


def test_the_year_a_document_is_dated():
    from ipdata.extract.candidates import document_year

    assert document_year("标题\n发布日期:2022-11-09 15:04\n正文") == 2022
    assert document_year("标题\n正文……\n临江市人民政府\n2021年5月20日\n") == 2021
    assert document_year("没有日期的正文") is None
