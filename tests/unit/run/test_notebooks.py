"""ipdata.run.notebooks: the run options, and the kernel's standard error filtered (no kernel started here)."""

from __future__ import annotations

import pytest

from ipdata.run import notebooks


def test_run_options_name_the_option():
    assert notebooks.check_run_options(None, 0) == notebooks.RunOptions(None, 0)
    assert notebooks.check_run_options(30, 2) == notebooks.RunOptions(30.0, 2)
    with pytest.raises(ValueError, match="--timeout must be a positive number of seconds, got 'soon'"):
        notebooks.check_run_options("soon", 1)
    with pytest.raises(ValueError, match="--retries must be a whole number >= 0, got True"):
        notebooks.check_run_options(None, True)


def test_kernel_noise_is_dropped_and_every_other_line_kept(tmp_path):
    log = tmp_path / "stderr"
    log.write_text("[IPKernelApp] ERROR | KeyboardInterrupt caught in kernel.\nreal trouble\n\n", encoding="utf-8")
    assert notebooks._kernel_messages(log, "trajectory/x") == "[trajectory/x] real trouble\n"
    assert notebooks._kernel_messages(tmp_path / "none", "x") == ""
