"""The committed figures/ folder is what `ipdata figures` writes today, byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest

from ipdata.run.figure_set import write_figure_set

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.slow  # ~25 s: every figure of every plan redrawn
def test_committed_figures_are_regenerated_byte_for_byte(tmp_path):
    committed = REPO / "figures"
    written = write_figure_set(tmp_path)
    new = sorted(p.relative_to(tmp_path).as_posix() for p in written)
    old = sorted(p.relative_to(committed).as_posix() for p in committed.rglob("*") if p.is_file())
    assert new == old, "figure set changed: run `ipdata figures` and commit"
    changed = [name for name in new if (tmp_path / name).read_bytes() != (committed / name).read_bytes()]
    assert not changed, f"{len(changed)} figures differ from the committed ones, e.g. {changed[:3]}"
