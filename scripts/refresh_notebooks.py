"""Re-execute the committed notebooks in place so their stored outputs match the code (maintainer tool).

nbval (the README's test command) re-runs every notebook and compares each cell's output with the
stored one, so after a change to ipdata that alters a number or a table, run::

    python scripts/refresh_notebooks.py

Notebooks run with their default parameters in the notebooks folder (as nbval runs them), and the
per-cell execution timestamps are dropped so a refresh with no real change leaves the files
byte-identical.
"""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1] / "notebooks"


def main() -> None:
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    for path in sorted(ROOT.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        NotebookClient(
            nb, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}, record_timing=False
        ).execute()
        for cell in nb.cells:
            cell.metadata.pop("execution", None)
        path.write_text(nbformat.writes(nb) + "\n", encoding="utf-8")
        print(path.name)


if __name__ == "__main__":
    main()
