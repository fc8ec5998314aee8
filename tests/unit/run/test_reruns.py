"""ipdata.run.reruns: which jobs' and plans' files a rerun keeps from the report it replaces (no kernel)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ipdata.assess.targets import assess_targets, assessment_table
from ipdata.core.layout import deliverable_path
from ipdata.run.jobs import Job, _job_outputs, report_jobs
from ipdata.run.manifests import write_manifest
from ipdata.run.reruns import (
    _keep_plan_outputs,
    _keep_unchanged,
    _plan_digests,
    _plan_outputs,
    _tree_bytes,
    job_digests,
    output_digests,
)

JOB = Job("trajectory.ipynb", "trajectory/a-01", (("plan", "a"), ("target_id", "a-01")))
OTHER = Job("backtest.ipynb", "backtest/a", (("plan", "a"),))


def _previous(tmp_path: Path, recorded: dict[str, str], files: list[str], verified: bool = True) -> Path:
    """A previous report: ``files`` (their own names as bytes) and its manifest.

    ``verified``: the manifest records the output digests of the files, as a run does; without, it is a manifest
    of a version that recorded none.
    """
    previous = tmp_path / "previous"
    for rel in files:
        (previous / rel).parent.mkdir(parents=True, exist_ok=True)
        (previous / rel).write_text(rel)
    write_manifest(previous, recorded, output_digests(previous, [JOB, OTHER], ["a"]) if verified else None)
    return previous


def test_an_unchanged_job_is_copied_a_changed_or_incomplete_one_is_not(tmp_path):
    files = ["notebooks/trajectory/a-01.ipynb", "html/trajectory/a-01.html", "figures/trajectory/a-01_zh.svg"]
    previous = _previous(tmp_path, {JOB.name: "d1", OTHER.name: "d2"}, files + ["notebooks/backtest/a.ipynb"])
    out = tmp_path / "out"
    kept, copied = _keep_unchanged(out, previous, [JOB, OTHER], {JOB.name: "d1", OTHER.name: "d2"}, False)
    assert kept == [JOB.name]  # the backtest's page is missing: it runs again
    assert sorted(p.relative_to(out).as_posix() for p in copied) == sorted(files)
    assert (out / files[0]).read_text() == files[0]
    assert _keep_unchanged(tmp_path / "o2", previous, [JOB], {JOB.name: "changed"}, False) == ([], [])
    assert _keep_unchanged(tmp_path / "o3", previous, [JOB], {JOB.name: "d1"}, True) == ([], [])  # --rerun-all
    assert _keep_unchanged(tmp_path / "o4", None, [JOB], {JOB.name: "d1"}, False) == ([], [])  # a first run


def test_a_plan_digest_is_its_jobs_together_and_a_failed_job_keeps_nothing(tmp_path):
    digests = {JOB.name: "d1", OTHER.name: "d2"}
    plan = _plan_digests([JOB, OTHER], digests)
    assert list(plan) == ["plan/a"]
    assert _plan_digests([OTHER, JOB], digests) == plan  # order of the jobs does not matter
    assert _plan_digests([JOB, OTHER], {**digests, OTHER.name: "d3"}) != plan
    previous = _previous(tmp_path, plan, _plan_outputs("a"))
    kept, copied = _keep_plan_outputs(tmp_path / "out", previous, {"a": []}, plan, False, set())
    assert kept == {"a"} and len(copied) == len(_plan_outputs("a")) == 6
    assert _keep_plan_outputs(tmp_path / "o2", previous, {"a": []}, plan, False, {"plan/a"}) == (set(), [])


def test_a_job_or_plan_whose_files_were_deleted_edited_or_never_verified_is_not_kept(tmp_path):
    files = ["notebooks/trajectory/a-01.ipynb", "html/trajectory/a-01.html", "figures/trajectory/a-01_zh.svg"]
    plan = _plan_digests([JOB, OTHER], {JOB.name: "d1", OTHER.name: "d2"})
    recorded = {JOB.name: "d1", OTHER.name: "d2", **plan}
    previous = _previous(tmp_path, recorded, files + _plan_outputs("a"))
    assert _keep_unchanged(tmp_path / "o1", previous, [JOB], recorded, False)[0] == [JOB.name]  # intact: kept
    assert _keep_plan_outputs(tmp_path / "o1", previous, {"a": []}, recorded, False, set())[0] == {"a"}

    (previous / files[2]).unlink()  # a figure deleted since the run
    (previous / _plan_outputs("a")[-1]).unlink()  # and a deliverable
    assert _keep_unchanged(tmp_path / "o2", previous, [JOB], recorded, False) == ([], [])
    assert _keep_plan_outputs(tmp_path / "o2", previous, {"a": []}, recorded, False, set()) == (set(), [])

    previous = _previous(tmp_path, recorded, files + _plan_outputs("a"))
    (previous / files[1]).write_text("edited by hand")  # same names, other bytes
    (previous / _plan_outputs("a")[0]).write_text("edited by hand")
    assert _keep_unchanged(tmp_path / "o3", previous, [JOB], recorded, False) == ([], [])
    assert _keep_plan_outputs(tmp_path / "o3", previous, {"a": []}, recorded, False, set()) == (set(), [])

    # a manifest from before output digests: nothing to verify the files against, so nothing is kept
    previous = _previous(tmp_path, recorded, files + _plan_outputs("a"), verified=False)
    assert _keep_unchanged(tmp_path / "o4", previous, [JOB], recorded, False) == ([], [])
    assert _keep_plan_outputs(tmp_path / "o4", previous, {"a": []}, recorded, False, set()) == (set(), [])


def test_tree_bytes_names_each_file_of_a_folder(tmp_path):
    (tmp_path / "plan").mkdir()
    (tmp_path / "plan" / "b.csv").write_bytes(b"2")
    (tmp_path / "plan" / "a.csv").write_bytes(b"1")
    assert _tree_bytes(tmp_path / "plan") == [b"a.csv", b"1", b"b.csv", b"2"]
    assert _tree_bytes(tmp_path / "plan" / "a.csv") == [b"1"]
    assert _tree_bytes(tmp_path / "none") == []


def test_job_digests_change_only_for_the_jobs_that_read_a_changed_series(tmp_path):
    assessed = assessment_table(assess_targets(plan="jiaxing_13fyp"))
    jobs = report_jobs(["jiaxing_13fyp"], assessed, "zh", "obs.csv")
    target = assessed[assessed["n_obs"] >= 2].iloc[0]
    other = assessed[(assessed["n_obs"] >= 2) & (assessed["indicator_id"] != target["indicator_id"])].iloc[0]
    header = "region,indicator,date,value,unit,status,source_url\n"
    row = f"{target['region_id']},{target['indicator_id']},2024,{{}},{target['unit']},final,https://example.org/a\n"
    (tmp_path / "obs.csv").write_text(header + row.format(1), encoding="utf-8")
    first = job_digests(tmp_path, ["jiaxing_13fyp"], jobs, assessed, "obs.csv")
    assert job_digests(tmp_path, ["jiaxing_13fyp"], jobs, assessed, "obs.csv") == first
    (tmp_path / "obs.csv").write_text(header + row.format(2), encoding="utf-8")
    second = job_digests(tmp_path, ["jiaxing_13fyp"], jobs, assessed, "obs.csv")
    changed = {name for name in first if first[name] != second[name]}
    assert (
        f"trajectory/{target['target_id']}" in changed
        and "dashboard/jiaxing_13fyp" in changed
        and "backtest/jiaxing_13fyp" in changed
    )
    assert f"trajectory/{other['target_id']}" not in changed
    assert isinstance(pd.Series(second).iloc[0], str)


def _png() -> bytes:
    """A real PNG (the deliverables embed the figures a run wrote), the same bytes every time."""
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buf, format="PNG")
    return buf.getvalue()


def _fake_kernels(monkeypatch) -> list[str]:
    """Stand in for the kernels: a job "runs" by writing its notebook, page and figures (fixed bytes).

    Returns the names of the jobs run, in the order run, across every report run of the test.
    """
    from ipdata.run import report

    ran: list[str] = []
    png = _png()

    def run_all(func, items, **kwargs):
        out = Path(func.keywords["out_dir"])
        for k, job in enumerate(items):
            ran.append(job.name)
            for rel in _job_outputs(job):
                (out / rel).parent.mkdir(parents=True, exist_ok=True)
                (out / rel).write_bytes(png if rel.endswith(".png") else f"{job.name}: {rel}".encode())
            yield k, (job.name, [str(out / rel) for rel in _job_outputs(job)[:2]], "", "")

    monkeypatch.setattr(report, "run_all", run_all)
    return ran


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_rerun_redoes_a_kept_job_or_plan_whose_outputs_were_deleted_or_edited(tmp_path, monkeypatch):
    """Issue 23: a rerun trusted its manifest, kept a job whose figure was gone and published a broken link."""
    from ipdata.run import report

    ran, out, plan = _fake_kernels(monkeypatch), tmp_path / "out", "wujiang_demo_2021"
    assert report.run_report(out, [plan], progress=False).ok
    jobs, whole = sorted(ran), _files(out)
    assert jobs == [f"backtest/{plan}", f"dashboard/{plan}"]
    ran.clear()
    assert sorted(report.run_report(out, [plan], progress=False).skipped) == jobs and ran == []
    assert _files(out) == whole  # nothing changed: everything kept, the same bytes (the manifest too)

    (out / f"figures/dashboard/{plan}_zh.svg").unlink()  # a figure deleted from a kept job
    (out / f"html/backtest/{plan}.html").write_text("edited by hand", encoding="utf-8")  # a page changed
    (out / deliverable_path(plan, "docx", "en")).unlink()  # a plan's document deleted
    result = report.run_report(out, [plan], progress=False)
    assert result.ok and result.skipped == [] and sorted(ran) == jobs
    assert _files(out) == whole  # each of them written again, and the rest as it was
