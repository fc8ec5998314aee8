"""ipdata.catalog.build: a raw input that differs from its pin stops the build before anything is written."""

from __future__ import annotations

import shutil

import pytest

import ipdata
from ipdata.catalog.build import build_source_observations


def test_changed_raw_file_stops_the_build(shared, tmp_path):
    fake = tmp_path / "shared"
    shutil.copytree(shared, fake)
    path = fake / "sources" / "observations_collected.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",22924,", ",22925,"), encoding="utf-8")
    with pytest.raises(ipdata.DataValidationError, match="differs from the pinned"):
        build_source_observations(fake, out_dir=tmp_path)
    assert not (tmp_path / "observations_sources.csv").exists()
