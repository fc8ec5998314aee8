"""ipdata.run.tables: the run-wide tables, and summary.json counted as index.html counts (one definition)."""

from __future__ import annotations

import json

import pandas as pd

from ipdata.assess.summaries import plan_summary
from ipdata.run.tables import write_tables


def test_summary_json_counts_a_plan_as_its_summary_does(tmp_path):
    paths, assessed, results = write_tables(tmp_path, ["shantou_13fyp", "wujiang_demo_2021"])
    assert [p.name for p in paths] == ["targets_latest.csv", "assessment.csv", "summary.json"]
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    for pid, counts in summary.items():
        expected = plan_summary(assessed[assessed["plan_id"] == pid])
        assert counts["targets"] == expected.targets == len(results[pid])
        assert counts["targets_assessed"] == expected.assessed
        assert counts["status_counts"] == expected.status_counts
        mine = assessed[assessed["plan_id"] == pid]  # independently: assessable and with a probability
        assert counts["targets_assessed"] == int((mine["assessable"] & mine["probability"].notna()).sum())
        assert sum(counts["status_counts"].values()) == int(mine["status"].notna().sum())
        latest = pd.read_csv(tmp_path / "targets_latest.csv", encoding="utf-8-sig")
        mine_latest = latest[latest["plan_id"] == pid]
        assert counts["targets_with_observations"] == int(mine_latest["latest_value"].notna().sum())
    assert (
        summary["shantou_13fyp"]["targets_with_observations"]
        > 0
        == summary["wujiang_demo_2021"]["targets_with_observations"]
    )
    back = pd.read_csv(tmp_path / "assessment.csv", encoding="utf-8-sig")
    assert list(back["target_id"]) == sorted(back["target_id"])
    assert (tmp_path / "assessment.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # Excel on Chinese Windows
