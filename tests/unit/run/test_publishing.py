"""publishing: the report folder is replaced whole or not at all, and never a folder that is not a report."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ipdata.run.publishing import MARKER, ReportBusyError, published


def _publish(out: Path, content: str) -> None:
    with published(out) as staging:
        (staging / "index.html").write_text(content, encoding="utf-8")


def test_a_folder_with_report_like_files_but_no_marker_is_refused(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    for name in ("index.html", "summary.json", "plan.xlsx"):
        (site / name).write_text("mine", encoding="utf-8")
    with pytest.raises(ValueError, match="not an ipdata report"):
        _publish(site, "new")
    assert sorted(p.name for p in site.iterdir()) == ["index.html", "plan.xlsx", "summary.json"]


def test_a_failure_between_the_two_renames_puts_the_old_report_back(tmp_path, monkeypatch):
    out = tmp_path / "reports"
    _publish(out, "old")
    real_rename = Path.rename
    calls = []

    def rename(self: Path, target: Path) -> Path:
        calls.append(self)
        if len(calls) == 2:  # the staging folder taking the report's name
            raise SystemExit(143)
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    with pytest.raises(SystemExit):
        _publish(out, "new")
    monkeypatch.setattr(Path, "rename", real_rename)
    assert (out / "index.html").read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir() if "ipdata-old" in p.name or "staging" in p.name] == []


def test_a_run_killed_between_the_renames_is_repaired_by_the_next(tmp_path):
    out = tmp_path / "reports"
    _publish(out, "old")
    out.rename(tmp_path / ".reports.ipdata-old-abc123")  # what a kill -9 between the two renames leaves
    with published(out) as staging:
        pass  # the next run starts: the old report is back before anything else happens
        assert (out / "index.html").read_text(encoding="utf-8") == "old"
        (staging / "index.html").write_text("new", encoding="utf-8")
    assert (out / "index.html").read_text(encoding="utf-8") == "new" and (out / MARKER).is_file()


def test_a_symlinked_out_updates_the_folder_it_points_to(tmp_path):
    real = tmp_path / "real"
    _publish(real, "one")
    link = tmp_path / "link"
    link.symlink_to(real)
    _publish(link, "two")
    assert link.is_symlink() and (real / "index.html").read_text(encoding="utf-8") == "two"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".link")] == []


def test_glob_characters_in_the_name_touch_no_other_folder(tmp_path):
    other = tmp_path / ".r1.ipdata-staging-abc"  # another report's live staging folder
    other.mkdir()
    _publish(tmp_path / "r[12]", "x")
    assert other.is_dir()


def test_the_lock_refuses_a_second_writer(tmp_path):
    out = tmp_path / "reports"
    with published(out), pytest.raises(ReportBusyError, match=r"another ipdata report \(pid \d+\)"):
        _publish(out, "second")
    assert not out.exists() or not (out / "index.html").exists()


def test_root_and_a_file_are_refused(tmp_path):
    with pytest.raises(ValueError, match="root"):
        _publish(Path("/"), "x")
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(NotADirectoryError):
        _publish(blocker, "x")
    shutil.rmtree(tmp_path / "nothing", ignore_errors=True)
