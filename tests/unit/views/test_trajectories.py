"""ipdata.trajectory: history, fan, required path and memo sentence agree with the assessment they come from."""

from __future__ import annotations

import pytest

import ipdata
from ipdata.core.dates import last_whole_year
from ipdata.core.words import Reason, reason_words
from ipdata.views.trajectories import DEFAULT_HORIZON


@pytest.fixture(scope="module")
def shantou():
    return ipdata.trajectory(target_id="st13-03", n_paths=200)  # Shantou invention grants, 400 in 2020


def test_fan_is_the_assessments_own_fit(shantou):
    a, fan = shantou.assessment, shantou.forecast
    assert fan.index[-1] == 2020 == shantou.target["target_year"]
    assert fan.loc[2020, "median"] == pytest.approx(a["projected_value"])
    assert fan.loc[2020, "lower_80"] == pytest.approx(a["projected_lower_80"])
    assert fan.loc[2020, "upper_80"] == pytest.approx(a["projected_upper_80"])
    assert (fan["lower_95"] <= fan["lower_80"]).all() and (fan["upper_80"] <= fan["upper_95"]).all()


def test_required_path_runs_from_the_latest_value_to_the_target(shantou):
    path = shantou.required_path
    last = int(shantou.history.index[-1])
    assert path.index[0] == last and path.iloc[0] == shantou.history.iloc[-1]
    assert path.index[-1] == 2020 and path.iloc[-1] == pytest.approx(400)


def test_sentence_in_both_languages(shantou):
    p = shantou.assessment["probability"]
    assert f"实现概率约{p:.0%}" in shantou.sentence("zh")
    assert shantou.sentence("en").startswith("Shantou: 2020 target at least 400.")
    assert f"a probability of attainment of about {p:.0%}" in shantou.sentence("en")
    with pytest.raises(ValueError, match="language"):
        shantou.sentence("fr")


def test_table_lists_each_point_with_its_source(shantou):
    table = shantou.table()
    assert list(table.index) == [str(y) for y in shantou.history.index]
    assert (table["source"] != "").all() and sorted(set(table["source"])) == shantou.sources


def test_unassessable_target_says_why_in_both_languages():
    traj = ipdata.trajectory(target_id="jx13-01", n_paths=200)  # Jiaxing per-10k patents: 2015 only
    assert traj.forecast is None
    one = Reason("one_observation")
    assert "无法评估" in traj.sentence("zh") and reason_words(one, "zh") in traj.sentence("zh")
    assert "Cannot be assessed" in traj.sentence("en") and str(one) in traj.sentence("en")


def test_without_a_target_the_fan_runs_the_default_horizon():
    traj = ipdata.trajectory(region="zhejiang", indicator="invention_patents_per_10k", n_paths=200)
    last = last_whole_year(traj.history)
    assert list(traj.forecast.index) == list(range(last + 1, last + DEFAULT_HORIZON + 1))
    assert traj.target is None and traj.required_path is None


def test_as_of_cuts_the_history():
    traj = ipdata.trajectory(target_id="st13-03", as_of=2017, n_paths=200)
    assert int(traj.history.index.max()) <= 2017 and traj.forecast.index[0] == 2018


def test_a_trajectory_reads_its_series_and_fits_its_models_once(call_counts):
    traj = ipdata.trajectory(target_id="st13-03", n_paths=200)
    assert traj.forecast is not None and bool(traj.assessment["assessable"])
    assert call_counts == {"series": 1, "fit_models": 1, "assess_target": 1}  # not the plan's other targets


def test_a_trajectory_of_an_assessed_target_reads_and_fits_nothing_more(call_counts):
    (judged,) = ipdata.assess_targets(plan="shantou_13fyp", indicator="invention_grants", n_paths=200)[:1]
    before = dict(call_counts)
    traj = ipdata.trajectory(assessed=judged)
    assert call_counts == before and traj.forecast is not None


def test_a_zero_count_gives_a_trajectory_that_says_why_there_is_no_fan(write_csv):
    path = write_csv("region,indicator,year,value\njiaxing,invention_grants,2016,0\njiaxing,invention_grants,2017,5\n")
    traj = ipdata.trajectory(target_id="jx13-18", observations=path, n_paths=200)
    assert traj.forecast is None and traj.note.code == "off_scale"
    assert "2016" in traj.sentence("zh") and "对数模型" in reason_words(traj.note, "zh")


def test_reader_tables_show_no_pandas_dumps():
    """Notebook pages' tables: no NaN, no dtype line, labels and statuses in the reader's language."""
    import ipdata

    traj = ipdata.trajectory(target_id="zj13-02")
    record = ipdata.reader_table(traj.assessment, "zh")
    text = record.to_string()
    assert "NaN" not in text and "dtype" not in text and "目标年份" in text and "—" in text
    history = ipdata.reader_table(traj.table(), "zh")
    assert set(history["状态"]) <= {"正式数", "推算数", "初步数", "非官方"}
    assert not history["来源"].str.endswith(".txt").any()  # seed files shown by their document's title
