"""ipdata.run.tables: the run-wide tables, and summary.json counted as index.html counts (one definition)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

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


def _observations(tmp_path: Path) -> Path:
    """An analyst's file that contradicts the bundled latest observation of st13-03 (409 in 2018)."""
    path = tmp_path / "analyst" / "mine.csv"
    path.parent.mkdir()
    path.write_text("region,indicator,year,value\nshantou,invention_grants,2024,12345\n", encoding="utf-8")
    return path


def test_tables_only_reads_the_observations_file_as_the_full_run_does(tmp_path, monkeypatch):
    """Issue 23: ``--tables-only --observations FILE`` ignored FILE (st13-03 kept 409) and did not copy it."""
    from ipdata.run import report

    mine = _observations(tmp_path)
    report.write_report(tmp_path / "tables", ["shantou_13fyp"], observations=str(mine))
    tables = tmp_path / "tables"
    row = pd.read_csv(tables / "assessment.csv", encoding="utf-8-sig").set_index("target_id").loc["st13-03"]
    assert (row["last_year"], row["last_value"]) == (2024, 12345)
    latest = pd.read_csv(tables / "targets_latest.csv", encoding="utf-8-sig").set_index("target_id").loc["st13-03"]
    assert latest["latest_value"] == 12345
    assert (tables / "inputs" / "observations" / "mine.csv").read_bytes() == mine.read_bytes()  # as a full run

    monkeypatch.setattr(report, "run_all", lambda *args, **kwargs: iter(()))  # the full run, its kernels left out
    report.run_report(tmp_path / "full", ["shantou_13fyp"], progress=False, observations=str(mine))
    for name in ("assessment.csv", "targets_latest.csv", "summary.json", "inputs/observations/mine.csv"):
        assert (tables / name).read_bytes() == (tmp_path / "full" / name).read_bytes(), name


def test_tables_only_checks_the_observations_file_before_writing(tmp_path):
    from ipdata.run import report

    with pytest.raises(FileNotFoundError):
        report.write_report(tmp_path / "out", ["shantou_13fyp"], observations=str(tmp_path / "missing.csv"))
    assert not (tmp_path / "out").exists()
    inside = tmp_path / "out" / "mine.csv"  # a file inside --out, which the run replaces
    inside.parent.mkdir()
    inside.write_bytes(_observations(tmp_path).read_bytes())
    with pytest.raises(ValueError, match="inside --out"):
        report.write_report(tmp_path / "out", ["shantou_13fyp"], observations=str(inside))
