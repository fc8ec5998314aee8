"""ipdata.run.notebooks: the run options, and the kernel's standard error filtered (no kernel started here)."""

from __future__ import annotations

import pytest

import ipdata
from ipdata.run import notebooks


def test_run_options_name_the_option():
    assert notebooks.check_run_options(None, 0) == notebooks.RunOptions(None, 0)
    assert notebooks.check_run_options(30, 2) == notebooks.RunOptions(30.0, 2)
    with pytest.raises(ValueError, match="--timeout must be a positive number of seconds, got 'soon'"):
        notebooks.check_run_options("soon", 1)
    with pytest.raises(ValueError, match="--retries must be a whole number from 0 to 10, got True"):
        notebooks.check_run_options(None, True)


def test_kernel_noise_is_dropped_and_every_other_line_kept(tmp_path):
    log = tmp_path / "stderr"
    log.write_text("[IPKernelApp] ERROR | KeyboardInterrupt caught in kernel.\nreal trouble\n\n", encoding="utf-8")
    assert notebooks._kernel_messages(log, "trajectory/x") == "[trajectory/x] real trouble\n"
    assert notebooks._kernel_messages(tmp_path / "none", "x") == ""


def test_a_cleaned_notebook_keeps_its_parameters_and_drops_what_a_run_stamps(tmp_path):
    import nbformat

    nb = nbformat.v4.new_notebook()
    injected = nbformat.v4.new_code_cell("plan = 'x'", metadata={"tags": ["injected-parameters"]})
    other = nbformat.v4.new_code_cell("1 + 1", metadata={"execution": {"iopub.execute_input": "2026-12-03T11:00"}})
    other.metadata["papermill"] = {"duration": 0.5, "start_time": "2026-12-03T11:00"}
    nb.cells = [injected, other]
    nb.metadata["papermill"] = {"parameters": {"plan": "x"}, "duration": 3.2, "input_path": "/tmp/run-123/a.ipynb"}
    path = tmp_path / "a.ipynb"
    nbformat.write(nb, path)
    cleaned = notebooks._clean_notebook(path)
    text = cleaned.decode("utf-8")
    assert "2026-12-03" not in text and "/tmp/run-123" not in text and "duration" not in text
    back = nbformat.reads(text, as_version=4)
    assert back.metadata["papermill"] == {"parameters": {"plan": "x"}}
    assert back.cells[0]["id"] == "injected-parameters"  # papermill's random id made stable
    nbformat.write(nb, tmp_path / "b.ipynb")  # the same notebook run again elsewhere: the same bytes
    assert notebooks._clean_notebook(tmp_path / "b.ipynb") == cleaned


def test_a_page_title_names_the_job_and_its_plan_in_the_pages_language():
    from ipdata.core.words import PAGE_TEXT
    from ipdata.run.jobs import Job

    zh = Job("trajectory.ipynb", "trajectory/st13-03", (("plan", "shantou_13fyp"), ("language", "zh")))
    en = Job("trajectory.ipynb", "trajectory/st13-03", (("plan", "shantou_13fyp"), ("language", "en")))
    assert notebooks._page_title(zh) == "trajectory/st13-03 · " + ipdata.plan_title("shantou_13fyp", "zh")
    assert notebooks._page_title(en) == "trajectory/st13-03 · " + ipdata.plan_title("shantou_13fyp", "en")
    own = Job("backtest.ipynb", "backtest/mine", (("plan", "mine"), ("plan_file", "inputs/mine/p.xlsx")))
    assert notebooks._page_title(own) == "backtest/mine · mine"  # an analyst's plan: its id
    regions = Job("regions.ipynb", "regions/x", (("indicator", "x"), ("language", "en")))
    assert notebooks._page_title(regions) == f"regions/x · {PAGE_TEXT['regions_title'][1]}"
