"""ipdata.catalog: regions, indicators and plans found by id, Chinese or English name, or alias; targets filtered."""

from __future__ import annotations

import pytest

import ipdata


@pytest.mark.parametrize("name", ["jiaxing", "嘉兴市", "嘉兴", "Jiaxing", "JIAXING"])
def test_region_names(name):
    assert ipdata.resolve_region(name) == "jiaxing"


@pytest.mark.parametrize(
    "name",
    [
        "invention_patents_per_10k",
        "每万人口发明专利拥有量",
        "每万人发明专利拥有量",
        "万人发明专利拥有量（专利密度）",
        "Invention patents in force per 10,000 people",
    ],
)
def test_indicator_names(name):
    assert ipdata.resolve_indicator(name) == "invention_patents_per_10k"


def test_plan_names():
    assert ipdata.resolve_plan("吴江区人民政府关于江苏知识产权强省建设区域示范创建工作计划") == "wujiang_demo_2021"


@pytest.mark.parametrize(
    ("func", "typo", "suggestion"),
    [
        (ipdata.resolve_region, "jiaxng", "jiaxing"),
        (ipdata.resolve_region, "Shantuo", "shantou"),
        (ipdata.resolve_indicator, "invention_grant", "invention_grants"),
        (ipdata.resolve_plan, "jiaxing_13", "jiaxing_13fyp"),
    ],
)
def test_unknown_names_suggest_the_closest(func, typo, suggestion):
    with pytest.raises(ipdata.UnknownIdError) as info:
        func(typo)
    assert suggestion in info.value.suggestions
    assert typo in str(info.value) and "Did you mean" in str(info.value)


def test_unknown_filter_in_verbs():
    with pytest.raises(ipdata.UnknownIdError, match="Unknown plan"):
        ipdata.targets(plan="nonexistent plan")
    with pytest.raises(ipdata.UnknownIdError, match="Unknown indicator"):
        ipdata.series("jiaxing", "")


def test_filters_take_names_in_both_languages():
    by_id = ipdata.targets(plan="shantou_13fyp", indicator="invention_grants")
    by_name = ipdata.targets(plan="汕头市知识产权事业发展“十三五”规划", indicator="发明专利年授权量")
    assert by_id.equals(by_name)
    assert set(by_id["kind"]) == {"flow", "growth_rate"}
    assert len(ipdata.targets(region="Wujiang")) == 16
