"""Cost of reading an analyst's plan workbook: 50 targets and 10,000 observation rows (aim: under 2 s).

    python benchmarks/bench_read_plan.py [--targets 50] [--rows 10000] [--repeat 3]

The workbook is SYNTHETIC (generated here from the invented test plan's region and indicator, never
committed, never in data/): ``--targets`` level targets of the bundled indicators for the invented
"测试市", and ``--rows`` observations (monthly dates, growing values inside each indicator's bounds).
It is written with ``openpyxl`` in the template's layout, then read with ``ipdata.read_plan`` (which
validates every cell, reference and target rule). Prints seconds per read; asserts nothing.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import tempfile
import time
from pathlib import Path

import openpyxl

import ipdata
from ipdata.catalog.plan_files import SHEETS

FIXTURE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "invented_plan"


def synthetic_workbook(path: Path, n_targets: int, n_rows: int) -> None:
    """The invented plan with many targets and observations, in the template's two-header-row layout."""
    plan = ipdata.read_plan(FIXTURE)
    book = openpyxl.Workbook()
    book.remove(book.active)
    inds = ipdata.indicators()
    inds = inds[inds["unit"] != "%"].reset_index(drop=True)

    def sheet(key: str, rows: list[list[object]]) -> None:
        ws = book.create_sheet(SHEETS[key].title)
        ws.append(list(SHEETS[key].columns))  # ids on row 1 (labels row left out: read the same)
        for row in rows:
            ws.append(row)

    p = plan.tables["plans"].iloc[0]
    sheet("plan", [[p[c] if c != "document" else p["seed_file"] for c in SHEETS["plan"].columns]])
    sheet("regions", [list(plan.tables["regions"].iloc[0][list(SHEETS["regions"].columns)])])
    targets = []
    for k in range(n_targets):
        ind = inds.iloc[k % len(inds)]
        targets.append(
            [f"tc14-{k + 1:02d}", "test_city", ind["indicator_id"], ind["name_zh"], "level", "at_least", "", 1000 + k]
            + ["", "", ind["unit"], 2025, "", "", "", "", "虚构", "SYNTHETIC"]
        )
    sheet("targets", targets)
    months = [f"{y}-{m:02d}" for y in range(2001, 2025) for m in range(1, 12)]
    cells = itertools.product(inds.itertuples(), enumerate(months))
    rows = []
    for ind, (k, month) in itertools.islice(cells, n_rows):
        high = ind.upper_bound if ind.upper_bound == ind.upper_bound else 1e6
        rows.append(["test_city", ind.indicator_id, month, round(min(high * 0.9, 10 + k * 0.5), 3)])
    sheet("observations", [r + [""] * 6 for r in rows])
    book.save(path)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--targets", type=int, default=50)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "plan.xlsx"
        synthetic_workbook(path, args.targets, args.rows)
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            plan = ipdata.read_plan(path)
            times.append(time.perf_counter() - start)
    n_t, n_o = len(plan.tables["targets"]), len(plan.observations)
    print(
        f"read_plan: {n_t} targets, {n_o} observations: median {statistics.median(times):.2f} s "
        f"(runs: {', '.join(f'{t:.2f}' for t in times)}); aim under 2 s"
    )


if __name__ == "__main__":
    main()
