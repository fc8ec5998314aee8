"""Cost of ``import ipdata`` against ``import pandas`` (aim: at most 1.3 times), each in a fresh interpreter.

    python benchmarks/bench_import.py [--repeat 15]

Why: a notebook, a cron job and ``ipdata --help`` all start with the import. Each run starts a new Python,
imports pandas and times it, then times ``import ipdata`` on top (pandas already loaded, as it is for anyone
who imports ipdata); the two alternate so a busy machine slows both alike. Prints the medians and the ratio
``(pandas + ipdata) / pandas``; asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys

PROBE = (
    "import time; t = time.perf_counter(); import pandas; a = time.perf_counter() - t; "
    "t = time.perf_counter(); import ipdata; b = time.perf_counter() - t; print(a, b)"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    pandas, extra = [], []
    for _ in range(args.repeat):
        out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True).stdout
        a, b = map(float, out.split())
        pandas.append(a)
        extra.append(b)
    a, b = statistics.median(pandas), statistics.median(extra)
    print(f"import pandas: median {a:.3f} s; import ipdata after it: median {b:.3f} s")
    print(f"ratio (pandas + ipdata) / pandas: {(a + b) / a:.2f} (aim <= 1.3), {args.repeat} fresh interpreters")


if __name__ == "__main__":
    main()
