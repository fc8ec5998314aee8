"""ipdata.core.writing: where the bundled files are found, and atomic writes."""

from __future__ import annotations

import pytest

from ipdata.core.paths import data_dir, notebooks_dir
from ipdata.core.writing import write_atomic


def test_write_atomic_keeps_old_file_on_failure(tmp_path, monkeypatch):
    path = tmp_path / "out.csv"
    write_atomic(path, b"old")

    def boom(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("os.replace", boom)
    with pytest.raises(OSError):
        write_atomic(path, b"new")
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_write_atomic_replaces_and_leaves_no_temporary_file(tmp_path):
    path = tmp_path / "sub" / "out.csv"
    write_atomic(path, b"old")
    write_atomic(path, b"new")
    assert path.read_bytes() == b"new"
    assert [p.name for p in path.parent.iterdir()] == ["out.csv"]


def test_bundled_folders_are_found():
    assert (data_dir() / "datapackage.json").is_file()
    assert (notebooks_dir() / "trajectory.ipynb").is_file()


def test_notebooks_folder_can_be_overridden(tmp_path, monkeypatch):
    (tmp_path / "trajectory.ipynb").write_text("{}", encoding="utf-8")
    monkeypatch.setenv("IPDATA_NOTEBOOKS", str(tmp_path))
    assert notebooks_dir() == tmp_path


def test_published_csv_cells_cannot_run_as_formulas():
    import pandas as pd

    from ipdata.core.writing import csv_text

    table = pd.DataFrame(
        {"source_url": ["=cmd|' /C calc'!A0", "+1", "@SUM(A1)", "-2+3", "http://ok"], "value": [-1.5, 2, 3, 4, 5]}
    )
    lines = csv_text(table, "%.6g").splitlines()
    assert lines[1:] == ["'=cmd|' /C calc'!A0,-1.5", "'+1,2", "'@SUM(A1),3", "'-2+3,4", "http://ok,5"]
