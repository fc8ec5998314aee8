"""ipdata.reader_table and the notebook texts: a Chinese page holds Chinese (names, ids, URLs and numbers aside)."""

from __future__ import annotations

import re

import pandas as pd
import pytest

import ipdata
from ipdata.core.words import NOTEBOOK_TEXT, Reason, reason_of, reason_words

TARGET_ID = re.compile(r"^[a-z]{2,4}\d{0,2}-\d{2}$")  # zj13-01, wj-01


def _names_words() -> set[str]:
    """ASCII words inside Chinese names (PCT国际专利申请受理量): part of a name, allowed on a Chinese page."""
    texts = [
        *ipdata.indicators()["name_zh"],
        *ipdata.regions()["name_zh"],
        *ipdata.plans()["title_zh"],
        *ipdata.targets()["indicator_text_zh"],
    ]
    return {w for t in texts for w in re.findall(r"[A-Za-z][A-Za-z0-9]*", str(t))}


def english_words(text: str, allowed: set[str] = frozenset()) -> list[str]:
    """The ASCII words of ``text`` a Chinese reader would have to read as English: not a URL, id, number or name."""
    words = re.findall(r"https?://\S+|[A-Za-z][A-Za-z0-9_\-]*", text)
    return [w for w in words if not w.startswith("http") and not TARGET_ID.match(w) and w not in allowed]


@pytest.fixture(scope="module")
def zhejiang():
    return ipdata.assessment_table(ipdata.assess_targets(plan="zhejiang_13fyp"))


def _all_text(table: pd.DataFrame) -> str:
    parts = [str(c) for c in table.columns] + [str(table.columns.name or "")] + [str(i) for i in table.index]
    return "\n".join(parts + [str(v) for v in table.to_numpy().ravel()])


def test_an_assessment_table_in_chinese_has_no_english_word(zhejiang):
    shown = ipdata.reader_table(zhejiang, "zh")
    assert english_words(_all_text(shown), _names_words()) == []
    # the table itself keeps the English (its CSV is read by programs); the reader's table has the Chinese
    assert "no year-end" in " ".join(zhejiang["reason"])
    assert "没有年末观测值" in set(shown["原因"])
    assert set(shown["比较方式"]) <= {"不低于", "不超过", "左右", "区间"} and "浙江省" in set(shown["地区"])


def test_every_header_has_a_label_in_both_languages(zhejiang):
    for lang in ("zh", "en"):
        headers = list(ipdata.reader_table(zhejiang, lang).columns)
        assert not [h for h in headers if "_" in h], headers  # no column id left
        assert len(set(headers)) == len(headers)
    en = ipdata.reader_table(zhejiang, "en")
    assert {"Target value", "Reason", "Progress category", "Latest value"} <= set(en.columns)
    assert "no year-end observations" in " ".join(en["Reason"])


def test_coded_values_are_words(zhejiang):
    assessed = ipdata.reader_table(zhejiang[zhejiang["assessable"]], "zh")
    assert set(assessed["进展类别"]) == {"进展顺利"} and set(assessed["状态"]) == {"很可能"}
    assert "随机游走" in assessed["预测模型"].iloc[0] and "序列本身" in assessed["波动率来源"].iloc[0]
    en = ipdata.reader_table(zhejiang[zhejiang["assessable"]], "en")
    assert en["Progress category"].iloc[0] == "on track" and en["Review"].iloc[0] == "快于预期 (ahead)"


def test_rows_numbered_for_a_reader_and_a_named_index_in_words(zhejiang):
    unassessed = ipdata.reader_table(zhejiang.loc[~zhejiang["assessable"], ["target_id", "reason"]], "zh")
    assert list(unassessed.index) == list(range(1, len(unassessed) + 1)) and unassessed.columns.name == "序号"
    counts = ipdata.reader_table(zhejiang["status"].value_counts(), "zh")
    assert list(counts.index) == ["很可能"] and counts.columns.name == "状态" and list(counts.columns) == ["数量"]
    assert list(ipdata.reader_table(zhejiang["status"].value_counts(), "en").index) == ["very likely"]


def test_a_reason_object_or_its_english_text_is_shown_in_the_readers_language():
    reason = Reason("target_year_passed", {"year": 2020})
    table = pd.DataFrame({"reason": [reason, str(reason), "an analyst's own note"]})
    shown = ipdata.reader_table(table, "zh")["原因"].tolist()
    assert shown == [reason_words(reason, "zh")] * 2 + ["an analyst's own note"]  # unknown text: as it is
    assert reason_of(str(reason)) == reason and reason_of("no such text") is None


def test_a_record_shows_fields_by_label_and_the_goal_as_the_target_value():
    record = ipdata.reader_table(ipdata.trajectory(target_id="zj13-02").assessment, "zh")
    assert record.columns.name == "项目" and "目标值" in record.index and "数值" not in record.index
    assert record.loc["进展类别", "值"] == "进展顺利" and record.loc["地区", "值"] == "浙江省"


def test_observations_keep_value_as_the_observed_value():
    history = ipdata.reader_table(ipdata.trajectory(target_id="zj13-02").table(), "zh")
    assert list(history.columns) == ["数值", "状态", "来源"] and history.columns.name == "日期"


def test_notebook_texts_in_both_languages():
    for key, (zh, en) in NOTEBOOK_TEXT.items():
        assert english_words(re.sub(r"\{\w+\}", "", zh)) == [], key
        assert re.search("[\u4e00-\u9fff]", en.replace("中期评估", "")) is None, key
    assert ipdata.page_text("dashboard_counts", "zh", targets=36, assessed=1) == "规划共有量化目标36项，其中1项可以评估"
    line = ipdata.page_text(
        "regions_counts", "zh", ranked=30, regions=31, indicator_id="invention_patents_per_10k", year=2020
    )
    assert line == "30个地区按每万人口发明专利拥有量2020年预测值排名（共31个地区）"
    assert "regions ranked on Invention patents" in ipdata.page_text(
        "regions_counts", "en", ranked=30, regions=31, indicator_id="invention_patents_per_10k", year=2020
    )
    assert ipdata.heading("dashboard_assessed", "zh").data == "## 可以评估的目标"
    with pytest.raises(KeyError):
        ipdata.page_text("no_such_heading", "zh")
