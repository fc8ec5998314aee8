"""ipdata.core.words: every reason the library gives renders in both languages; numbers, units and phrases."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pandas as pd
import pytest

from ipdata.core.words import (
    CN_REVIEW_LABELS,
    LANGUAGES,
    Reason,
    check_language,
    goal_phrase,
    is_missing,
    reason_words,
    status_words,
    unit_label,
    unit_suffix,
    words,
)

PACKAGE = Path(__file__).resolve().parents[3] / "ipdata"

# every reason code the library emits (ipdata/assessment.py, trajectories.py, figures.py), with the
# parameters it passes, and a fragment each language must show
REASONS = [
    ("relative_base", {}, "原有基础", "unstated base"),
    (
        "ambiguous_scope",
        {
            "region_zh": "全国",
            "region_en": "China",
            "indicator_zh": "发明专利授权量",
            "indicator_en": "Invention patent grants",
            "scopes": ["domestic", "total"],
        },
        "全国的发明专利授权量有2种统计口径",
        "Invention patent grants for China is published at scopes ['domestic', 'total']: pass scope='total'",
    ),
    ("no_year_end", {"as_of": None}, "没有年末观测值", "no year-end observations"),
    ("no_year_end", {"as_of": 2017}, "没有年末观测值（截至2017年）", "no year-end observations up to 2017"),
    ("growth_base_missing", {"year": 2015}, "需要2015年基数", "needs the 2015 base value"),
    ("one_observation", {}, "只有一个观测值", "one observation"),
    ("target_year_passed", {"year": 2020}, "目标年2020年已过", "target year 2020 has passed"),
    ("cumulative_on_stock", {}, "存量指标", "stock indicator"),
    (
        "cumulative_years_missing",
        {"start": 2016, "end": 2020, "missing": [2017, 2018]},
        "2016-2020年累计，但2017、2018年没有观测值",
        "cumulative over 2016-2020 but years [2017, 2018] are not observed",
    ),
    ("kind_not_assessed", {"kind": "qualitative"}, "不评估qualitative类目标", "kind 'qualitative' is not assessed"),
    ("no_data", {}, "没有数据", "no data"),
    ("no_observations", {}, "没有数据", "no observations"),
    ("off_scale", {"scale": "log", "dates": ["2019"]}, "2019的数值为0或负数", "zero or negative values at 2019"),
    ("off_scale", {"scale": "logit", "dates": ["2016", "2017"]}, "2016、2017的比例为0或100%", "shares of 0 or 100 %"),
    (
        "forecast_failed",
        {"error": "series has duplicate dates"},
        "无法预测",
        "cannot be forecast: series has duplicate",
    ),
    (
        "against_direction",
        {
            "name_zh": "发明专利授权量",
            "name_en": "Invention patent grants",
            "comparator": "at_most",
            "direction": "increase",
        },
        "目标是上限（不超过），但发明专利授权量的期望方向是提高",
        "the target is an upper limit ('at most') but Invention patent grants is desired to increase",
    ),
    ("target_met_later", {"year": 2020, "later": 2022}, "到2022年已实现", "achieved by 2022"),
    ("data_too_old", {"last": 2011, "base": 2015}, "比基期2015年早4年", "4 years before the base year 2015"),
    ("too_few_points", {"first": 2012, "last": 2013, "year": 2020}, "外推7年", "extrapolated 7 years"),
]
# the Chinese of these names the scope= values the caller types, or the models' own (English) error, in Latin letters
LATIN_IN_ZH = {"ambiguous_scope", "off_scale", "forecast_failed"}


def _emitted_codes() -> set[str]:
    """Codes of every ``Reason("code", ...)`` written in the package source."""
    codes = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "Reason"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                codes.add(node.args[0].value)
    return codes


def test_every_emitted_reason_is_checked_here():
    assert _emitted_codes() == {code for code, *_ in REASONS}


@pytest.mark.parametrize(("code", "params", "zh", "en"), REASONS, ids=[f"{r[0]}-{i}" for i, r in enumerate(REASONS)])
def test_reason_renders_in_both_languages(code, params, zh, en):
    reason = Reason(code, params)
    in_zh, in_en = reason_words(reason, "zh"), reason_words(reason, "en")
    assert zh in in_zh and en in in_en
    assert in_zh != in_en
    assert re.search(r"[\u4e00-\u9fff]", in_zh), in_zh
    assert str(reason) == in_en
    if code not in LATIN_IN_ZH:  # ids passed in as parameters may be Latin; the sentence itself is not
        rest = in_zh
        for value in params.values():
            rest = rest.replace(str(value), "")
        assert not re.search("[A-Za-z]", rest), in_zh


def test_unknown_reason_code_is_an_error():
    with pytest.raises(KeyError):
        reason_words(Reason("no_such_code"), "zh")


def test_words_fill_in_values():
    assert words("and_more", "en", n=3) == "and 3 more"
    assert words("and_more", "zh", n=3) == "等3项"
    assert words("no_such_key", "zh") == "no_such_key"
    assert status_words("likely", "zh") == "可能" and status_words("likely", "en") == "likely"


def test_is_missing():
    assert is_missing(None) and is_missing(float("nan")) and is_missing(pd.NA)
    assert not is_missing(0.0) and not is_missing("")


@pytest.mark.parametrize(
    ("unit", "lang", "suffix"),
    [
        ("件/万人", "en", " per 10,000 people"),
        ("件/万人", "zh", "件/万人"),
        ("%", "en", "%"),
        ("%", "zh", "%"),
        ("件", "en", ""),
        ("件", "zh", "件"),
    ],
)
def test_unit_suffix(unit, lang, suffix):
    assert unit_suffix(unit, lang) == suffix


def test_unit_label_keeps_an_unknown_unit():
    assert unit_label("件/万人", "en") == "per 10,000 people"
    assert unit_label("吨", "en") == "吨"


def test_check_language():
    assert [check_language(lang) for lang in LANGUAGES] == ["zh", "en"]
    with pytest.raises(ValueError, match="language"):
        check_language("fr")


def test_goal_phrase_in_both_languages():
    assert (
        goal_phrase(2020, "年发明专利授权量", "level", "at_least", "400", "件", "zh")
        == "2020年年发明专利授权量目标达到400件"
    )
    assert goal_phrase(2020, "年发明专利授权量", "level", "at_least", "400", "件", "en") == "2020 target at least 400"
    per10k = goal_phrase(2020, "每万人发明专利拥有量", "level", "at_least", "20.00", "件/万人", "en")
    assert per10k == "2020 target at least 20.00 per 10,000 people"
    assert "左右" in goal_phrase(2020, "x", "level", "about", "5.0", "%", "zh")
    assert goal_phrase(2020, "x", "cumulative", "at_least", "18,000", "件", "en").endswith(
        "(cumulative over the period)"
    )


def test_review_labels_are_chinese():
    assert set(CN_REVIEW_LABELS) == {"achieved", "ahead", "on_schedule", "behind"}
    assert all(re.fullmatch(r"[\u4e00-\u9fff]+", label) for label in CN_REVIEW_LABELS.values())


def test_reasons_can_be_counted_in_sets():
    a = Reason("cumulative_years_missing", {"start": 2016, "end": 2020, "missing": [2017]})
    b = Reason("cumulative_years_missing", {"start": 2016, "end": 2020, "missing": [2017]})
    assert len({a, b, Reason("one_observation")}) == 2


def test_the_expected_count_of_a_plan_with_nothing_assessed_is_a_dash():
    from ipdata.core.words import expected_count

    assert expected_count(0.0, 0, 0, 0) == "—"
    assert expected_count(1.6, 1, 2, 3) == "1.6（1–2）"
