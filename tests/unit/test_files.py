"""ipdata.files: where the bundled files are found, and atomic writes."""

from __future__ import annotations

import pytest

from ipdata.files import data_dir, notebooks_dir, write_atomic


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
