"""Cost of the notebooks: papermill time of trajectory.ipynb vs an imports-only notebook, and the
full report with 1 vs 2 workers.

Usage:
    python benchmarks/bench_notebooks.py [--repeat 3]

Prints what it measured (medians of ``--repeat`` runs, and their ratios); there is no pass/fail.
The machine is shared and noisy: compare the ratios, which come from the same run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import nbformat
import papermill as pm

from ipdata.core.paths import notebooks_dir
from ipdata.run.report import run_report


def imports_only(path: Path) -> None:
    """A notebook that only imports what trajectory.ipynb's stack needs: the floor of any notebook run."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell("import pandas\nimport matplotlib\nimport statsmodels.api")]
    nbformat.write(nb, path)


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        imports_only(tmp / "imports.ipynb")
        run = lambda src: pm.execute_notebook(
            str(src),
            str(tmp / "out.ipynb"),
            kernel_name="python3",  # noqa: E731
            progress_bar=False,
            cwd=str(tmp),
        )
        base = [timed(lambda: run(tmp / "imports.ipynb")) for _ in range(args.repeat)]
        traj = [timed(lambda: run(notebooks_dir() / "trajectory.ipynb")) for _ in range(args.repeat)]
        b, t = statistics.median(base), statistics.median(traj)
        print(f"papermill, imports-only notebook (pandas, matplotlib, statsmodels): {b:.2f} s")
        print(f"papermill, trajectory.ipynb (default parameters): {t:.2f} s; ratio {t / b:.2f}")
        walls = {}
        for workers in (1, 2):
            walls[workers] = timed(lambda w=workers: run_report(tmp / f"report{w}", workers=w, progress=False))
        jobs = sum(1 for _ in (tmp / "report1" / "notebooks").rglob("*.ipynb"))
        print(
            f"full report, all bundled plans ({jobs} notebooks): 1 worker {walls[1]:.1f} s, 2 workers {walls[2]:.1f} s; "
            f"speed-up {walls[1] / walls[2]:.2f}x"
        )


if __name__ == "__main__":
    main()
