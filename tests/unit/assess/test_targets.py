"""ipdata.assess.targets: progress measures, probabilities and the per-target assessment table."""

from __future__ import annotations

import math

import pandas as pd
import pytest

import ipdata
from ipdata.assess.status import probability_status
from ipdata.assess.targets import assess, cn_progress_label, progress_ratio


@pytest.mark.parametrize(
    ("current", "category"),
    [
        (20.0, "target_achieved"),
        (14.0, "on_track"),
        (11.0, "progress_needs_acceleration"),
        (8.0, "limited_progress"),
        (7.0, "deterioration"),
    ],
)
def test_progress_categories_increase(current, category):
    ratio, cat = progress_ratio(2015, 7.38, 2018, current, 2020, 20, "increase")
    assert cat == category
    if category != "target_achieved":
        observed = (current / 7.38) ** (1 / 3) - 1
        required = (20 / 7.38) ** (1 / 5) - 1
        assert ratio == pytest.approx(observed / required)


@pytest.mark.parametrize(
    ("current", "category"),
    [
        (50.0, "target_achieved"),
        (64.0, "on_track"),
        (88.0, "limited_progress"),
        (110.0, "deterioration"),
    ],
)
def test_progress_categories_decrease(current, category):
    assert progress_ratio(2020, 100, 2022, current, 2025, 50, "decrease")[1] == category


def test_progress_ratio_rejects_bad_input():
    with pytest.raises(ValueError, match="direction"):
        progress_ratio(2015, 1, 2016, 2, 2020, 3, "up")
    with pytest.raises(ValueError, match="positive"):
        progress_ratio(2015, 0, 2016, 2, 2020, 3)
    with pytest.raises(ValueError, match="after"):
        progress_ratio(2015, 1, 2015, 2, 2020, 3)


def test_cn_labels():
    assert cn_progress_label(2015, 10, 2018, 20, 2020, 20) == "提前实现"
    assert cn_progress_label(2015, 10, 2017, 16, 2020, 20) == "快于预期"  # 60% of task at 40% of time
    assert cn_progress_label(2015, 10, 2017, 14, 2020, 20) == "基本符合预期"
    assert cn_progress_label(2015, 10, 2017, 11, 2020, 20) == "滞后"


def test_probability_words():
    assert [probability_status(p) for p in (0.95, 0.7, 0.5, 0.2, 0.01)] == [
        "very_likely",
        "likely",
        "about_as_likely_as_not",
        "unlikely",
        "very_unlikely",
    ]
    assert probability_status(float("nan")) == ""


@pytest.fixture(scope="module")
def table():
    return assess(n_paths=1000)


def test_every_target_listed_with_reason_when_not_assessable(table):
    assert len(table) == len(ipdata.targets())
    missing = table[~table["assessable"]]
    assert (missing["reason"] != "").all()
    assert table["assessable"].sum() >= 3  # few bundled series reach the plans' base years: most targets say why not
    assessed = table[table["assessable"]]
    assert assessed["probability"].between(0, 1).all()


def test_one_observation_gives_required_growth_only(table):
    row = table.set_index("target_id").loc["jx13-18"]  # Jiaxing invention grants: 1184 in 2015 only
    assert not row["assessable"] and "one observation" in row["reason"]
    assert row["required_growth"] == pytest.approx((2500 / 1184) ** (1 / 5) - 1)


def test_short_series_probability_uses_borrowed_volatility(table):
    row = table.set_index("target_id").loc["st13-03"]  # Shantou grants: 3 unofficial points
    assert row["assessable"] and row["uncertainty"].startswith("borrowed")
    assert 0 < row["probability"] < 1


def test_user_data_changes_the_assessment(write_csv):
    before = assess(plan="jiaxing_13fyp", indicator="invention_grants", n_paths=500)
    path = write_csv(
        "region,indicator,year,value\n"
        + "".join(
            f"jiaxing,invention_grants,{y},{v}\n"
            for y, v in [(2016, 1500), (2017, 1800), (2018, 2300), (2019, 2700), (2020, 3000)]
        )
    )
    after = assess(plan="jiaxing_13fyp", indicator="invention_grants", observations=path, n_paths=500)
    row = after.set_index("target_id").loc["jx13-18"]
    assert row["method"] == "observed" and row["probability"] == 1.0 and row["status"] == "target_achieved"
    assert not before.set_index("target_id").loc["jx13-18", "assessable"]


def test_as_of_hides_later_data(write_csv):
    path = write_csv(
        "region,indicator,year,value\n"
        + "".join(
            f"jiaxing,invention_grants,{y},{v}\n"
            for y, v in [(2012, 900), (2013, 1000), (2014, 1100), (2016, 1500), (2020, 3000)]
        )
    )
    row = (
        assess(plan="jiaxing_13fyp", indicator="invention_grants", observations=path, as_of=2015, n_paths=500)
        .set_index("target_id")
        .loc["jx13-18"]
    )
    assert row["method"] != "observed" and row["last_year"] == 2015
    assert 0 < row["probability"] < 1 and not math.isnan(row["projected_value"])


def test_relative_targets_explain_missing_base(table):
    row = table.set_index("target_id").loc["jx25-05"]
    assert not row["assessable"] and "base" in row["reason"]


# Files that validate but used to stop the whole assessment ("values must be positive for the log scale",
# "series has duplicate dates"); now each target says why, or is assessed.
NEVER_BREAKS = [
    ("shantou,invention_grants,2019,0", "st13-03", "zero or negative values at 2019"),  # a zero count is real data
    (
        "zhejiang,national_ip_demo_city_share,2016,100\nzhejiang,national_ip_demo_city_share,2017,100",
        "zj13-13",
        "shares of 0 or 100 % at 2016, 2017",
    ),
    ("jiaxing,invention_patents_per_10k,2015-12,7.4\njiaxing,invention_patents_per_10k,2016,9", "jx13-01", ""),
    ("jiaxing,invention_grants,２０１９,1500\njiaxing,invention_grants,2018,1400", "jx13-18", ""),
]


@pytest.mark.parametrize(("rows", "target_id", "reason"), NEVER_BREAKS)
def test_validated_input_never_breaks_an_assessment(write_csv, rows, target_id, reason):
    path = write_csv("region,indicator,date,value\n" + rows + "\n")
    ipdata.read_observations(path)  # it validates
    row = ipdata.assess(observations=path, n_paths=200).set_index("target_id").loc[target_id]
    if reason:
        assert not row["assessable"] and reason in row["reason"]
    else:
        assert row["reason"] == "" or row["assessable"], row["reason"]
        years = row["data_years"].split()
        assert len(years) == len(set(years))


def test_a_year_end_in_the_analysts_file_replaces_the_bundled_year(write_csv):
    path = write_csv("region,indicator,date,value\njiaxing,invention_patents_per_10k,2015-12,7.4\n")
    s = ipdata.series("jiaxing", "invention_patents_per_10k", observations=path)
    assert s.to_dict() == {pd.Period("2015-12", "M"): 7.4}  # not also the plan's 7.38 for "2015"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"as_of": "2015"}, "as_of must be None or a year"),
        ({"n_paths": 0}, "n_paths must be"),
        ({"seed": 1.5}, "seed must be"),
    ],
)
def test_run_parameters_are_checked_first(kwargs, message):
    with pytest.raises(ValueError, match=message):
        assess(plan="shantou_13fyp", **kwargs)


def test_progress_ratio_edges():
    with pytest.raises(ValueError, match="current_value must be a real, finite number, got nan"):
        progress_ratio(2015, 10, 2018, float("nan"), 2020, 20)  # was (nan, 'deterioration')
    assert progress_ratio(2020, 100, 2022, 0, 2025, 0, "decrease") == (
        pytest.approx(float("nan"), nan_ok=True),
        "target_achieved",
    )


def test_progress_ratio_takes_numpy_numbers():
    import numpy as np

    ratio, category = progress_ratio(np.int64(2015), np.float64(10), np.int64(2018), 14.0, np.int64(2020), 20)
    assert category == "on_track" or category == "progress_needs_acceleration"
    assert ratio == pytest.approx(progress_ratio(2015, 10.0, 2018, 14.0, 2020, 20)[0])


# issue 23: arguments checked through ipdata.core.checks; an assessment never contradicts itself


def _row(target_id: str, **changes) -> pd.Series:
    row = ipdata.targets().set_index("target_id").loc[target_id].copy()
    row["target_id"] = target_id
    for column, value in changes.items():
        row[column] = value
    return row


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"as_of": "2015"}, r"as_of must be None or a year"),  # was numpy's UFuncTypeError
        ({"as_of": 2015.0}, r"as_of must be None or a year"),
        ({"n_paths": 0}, r"n_paths must be a whole number of paths from 1 to"),
        ({"n_paths": 10**9}, r"n_paths must be a whole number of paths from 1 to 1000000"),
        ({"seed": -1}, r"seed must be a whole number \(a random seed\) >= 0"),
    ],
)
def test_one_target_checks_its_run_parameters_as_the_plan_does(kwargs, message):
    from ipdata.assess.targets import assess_target

    with pytest.raises(ValueError, match=message):
        assess_target(_row("jx13-02"), **kwargs)  # a cumulative target: paths are drawn


@pytest.mark.parametrize("value", [complex(1, 2), "20", float("nan"), float("inf"), True])
def test_a_goal_that_is_not_a_real_finite_number_is_refused_by_name(value):
    from ipdata.assess.targets import assess_target

    with pytest.raises(ValueError, match=r"^target zj13-02: value must be a real, finite number, got "):
        assess_target(_row("zj13-02", value=value))
    with pytest.raises(ValueError, match=r"^target jx13-02: value_low must be a real, finite number"):
        assess_target(_row("jx13-02", comparator="range", value_low=value, value_high=10.0))


def test_an_empty_observations_table_is_refused_not_read_as_none():
    """It once gave the bundled assessment back, as if the analyst's table had been used."""
    with pytest.raises(ipdata.DataValidationError, match=r"^observations: the table has no rows"):
        assess(plan="shantou_13fyp", observations=pd.DataFrame())
    with pytest.raises(ipdata.DataValidationError, match=r"^observations: the table has no rows"):
        ipdata.assess_targets(plan="shantou_13fyp", observations=pd.DataFrame(columns=["region", "value"]))


def test_progress_measures_take_real_finite_numbers_only():
    for call in (progress_ratio, cn_progress_label):
        with pytest.raises(ValueError, match=r"current_value must be a real, finite number, got \(1\+2j\)"):
            call(2015, 10, 2018, complex(1, 2), 2020, 20)
        with pytest.raises(ValueError, match=r"target must be a real, finite number, got '20'"):
            call(2015, 10, 2018, 14, 2020, "20")
    with pytest.raises(ValueError, match="direction must be 'increase' or 'decrease'"):
        cn_progress_label(2015, 10, 2018, 14, 2020, 20, "up")  # was read as decrease


@pytest.mark.parametrize(("comparator", "value"), [("at_most", 5.0), ("at_most", 1000.0)])
def test_a_target_against_its_indicators_direction_is_not_judged_and_says_why(comparator, value):
    """at_most 5 on an indicator that should grow: once 提前实现 (progress read in the indicator's direction)
    beside a probability of 2e-24 (read from the comparator); at_most 1000: 滞后 beside a probability of 1."""
    from ipdata.assess.targets import assess_target
    from ipdata.core.words import reason_words

    judged = assess_target(_row("zj13-02", comparator=comparator, value=value), n_paths=200)
    assert judged.reason is not None and judged.reason.code == "against_direction"
    row = judged.row
    assert not row["assessable"] and "upper limit ('at most')" in row["reason"] and "increase" in row["reason"]
    assert "上限（不超过）" in reason_words(judged.reason, "zh") and "提高" in reason_words(judged.reason, "zh")
    for column in ("probability", "status", "cn_label", "progress_category"):
        assert row.get(column) is None, column  # nothing left to disagree with anything
    assert row["last_value"] > 0  # the data it was given are still shown
    assert judged.forecast is None


def test_a_lower_limit_on_an_indicator_that_should_fall_is_not_judged_either(write_csv):
    from ipdata.assess.targets import assess_target

    path = write_csv(
        "region,indicator,year,value\n"
        + "".join(f"jiaxing,design_dispute_ruling_time,{y},{v}\n" for y, v in [(2019, 60), (2020, 55), (2021, 50)])
    )
    t = _row(
        "jx13-01",
        indicator_id="design_dispute_ruling_time",
        comparator="at_least",
        value=20.0,
        unit="%",
        target_year=2025,
        baseline_year=pd.NA,
        baseline_value=float("nan"),
    )
    judged = assess_target(t, observations=path)
    assert judged.reason is not None and judged.reason.code == "against_direction"
    assert "lower limit ('at least')" in judged.row["reason"] and "desired to decrease" in judged.row["reason"]
    assert judged.row.get("probability") is None and judged.row.get("cn_label") is None
    flipped = t.copy()
    flipped["comparator"] = "at_most"  # a cap on a time that should fall: the same way, judged
    judged = assess_target(flipped, observations=path, n_paths=200)
    assert judged.reason is None and judged.row["assessable"]
    row = judged.row  # 50 %, a cap of 20: read the same way by progress and probability
    assert row["cn_label"] != "提前实现" and row["progress_category"] != "target_achieved" and row["probability"] < 1


def test_status_probability_and_progress_words_agree_on_every_bundled_target(table):
    """The rule once: achieved early (提前实现, target_achieved) never sits beside a probability near 0."""
    judged = table[table["assessable"]]
    early = judged[(judged["cn_label"] == "提前实现") | (judged["progress_category"] == "target_achieved")]
    assert len(early) and (early["status"] != "very_unlikely").all(), early[["target_id", "probability", "cn_label"]]
    missed = judged[judged["status"] == "target_missed"]
    assert (missed["probability"] == 0).all() and (
        judged[judged["status"] == "target_achieved"]["probability"] == 1
    ).all()
    assert (table["reason"].str.contains("desired to")).sum() == 0  # no bundled target runs against its indicator


def test_a_passed_target_year_is_judged_on_its_own_year_only():
    """zj13-03 (PCT applications ≥ 1600 in 2020): no 2020 value; 2022's meets it. Never 提前实现 beside 无法评估."""
    row = ipdata.assess(plan="zhejiang_13fyp").set_index("target_id").loc["zj13-03"]
    assert not row["assessable"] and "2022" in row["reason"] and "2020" in row["reason"]
    assert pd.isna(row["cn_label"]) and pd.isna(row["progress_category"]) and pd.isna(row["status"])


def test_two_old_points_stretched_far_are_not_judged():
    """zj13-01: two values (2012, 2013) for a 2020 target gave a red 预警 (6 %); now the years say why not."""
    row = ipdata.assess(plan="zhejiang_13fyp").set_index("target_id").loc["zj13-01"]
    assert not row["assessable"] and pd.isna(row["probability"]) and pd.isna(row["status"])
    assert "2012" in row["reason"] and "2013" in row["reason"] and "7 years" in row["reason"]
    assert pd.isna(row["cn_label"])  # a base before the plan (2012 < 2015) measures no progress of it


def test_data_ending_long_before_the_base_year_are_too_old():
    from ipdata.assess.targets import _forecast_blocker

    t = ipdata.targets(plan="shantou_13fyp").set_index("target_id").loc["st13-03"].copy()
    t["target_id"] = "st13-03"
    old = pd.Series([100.0, 120.0, 150.0], index=pd.Index([2009, 2010, 2011], name="year"))
    reason = _forecast_blocker(t, old, old)
    assert reason is not None and reason.code == "data_too_old" and reason.params == {"last": 2011, "base": 2015}
    recent = pd.Series([100.0, 120.0, 150.0], index=pd.Index([2014, 2015, 2016], name="year"))
    assert _forecast_blocker(t, recent, recent) is None
