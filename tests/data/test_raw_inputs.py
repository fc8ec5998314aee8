"""The raw inputs in ../shared match their pins; rebuilding observations_sources.csv from them gives its bytes."""

from __future__ import annotations

from ipdata.catalog.build import build_source_observations, check_raw_inputs
from ipdata.core.paths import data_dir


def test_raw_inputs_match_their_pins(shared):
    assert check_raw_inputs(shared) == []


def test_rebuild_is_byte_identical(shared, tmp_path):
    out = build_source_observations(shared, out_dir=tmp_path)
    assert out.read_bytes() == (data_dir() / "observations_sources.csv").read_bytes()
