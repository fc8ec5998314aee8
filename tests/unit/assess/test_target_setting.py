"""required_growth and attainable come from the assessment's own distribution, so they agree with it."""

from __future__ import annotations

import pytest

import ipdata
from ipdata.assess.target_setting import attainable, required_growth


def test_the_growth_for_the_current_probability_is_the_forecasts_own():
    now = required_growth("zj13-02", probability=0.5)
    here = required_growth("zj13-02", probability=now["current_probability"])
    assert here["growth_for_probability"] == pytest.approx(here["median_growth"], abs=1e-6)


def test_more_certainty_needs_more_growth():
    growths = [required_growth("zj13-02", probability=p)["growth_for_probability"] for p in (0.5, 0.8, 0.95)]
    assert growths == sorted(growths) and growths[0] < growths[-1]
    row = required_growth("zj13-02")
    assert row["reach_growth"] == pytest.approx(
        (row["goal"] / row["last_value"]) ** (1 / (2020 - row["last_year"])) - 1
    )


def test_the_target_setting_questions_refuse_what_they_cannot_answer():
    with pytest.raises(ValueError, match="between 0 and 1"):
        required_growth("zj13-02", probability=1.2)
    with pytest.raises(ValueError, match="not in the targets table"):
        required_growth("no-such")
    cumulative = ipdata.targets(plan="jiaxing_13fyp").set_index("target_id").loc["jx13-02"]
    assert cumulative["kind"] == "cumulative"
    with pytest.raises(ValueError, match="cumulative target"):
        required_growth("jx13-02")


def test_attainable_values_fall_as_the_probability_rises():
    s = ipdata.series("浙江", "每万人发明专利拥有量")
    values = attainable(s, 2030)
    assert list(values.index) == [0.5, 0.8, 0.95]
    assert values.is_monotonic_decreasing
    assert values.attrs["indicator"] == "invention_patents_per_10k" and values.attrs["year"] == 2030
    with pytest.raises(ValueError, match="after the series' last whole year"):
        attainable(s, 2010)


def test_what_if_never_breaks_on_any_bundled_target():
    """Every target of every plan: a table (numbers where the data allow), never an exception."""
    for r in ipdata.assess_targets():
        table = ipdata.trajectory(assessed=r).what_if()
        assert list(table.columns) == ["growth_needed", "attainable"] and len(table) == 3
        assert table.attrs["year"] is not None or table.isna().all().all()
