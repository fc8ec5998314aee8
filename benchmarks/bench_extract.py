"""Target extraction scored against the curated targets: recall and precision per plan, and the speed.

    python benchmarks/bench_extract.py [--show] [--chars 40000] [--repeat 5]

For each bundled plan document (``../shared/seeds``, the documents ``data/targets.csv`` was curated
from) it runs ``ipdata.extract_targets`` and scores the rows against the plan's curated targets with
``ipdata.extract.scoring.score_extraction``: a curated target is found when a row has its target
year, its value (or range) and a quote overlapping the curated quote (aim: recall ≥ 0.9 and
precision ≥ 0.9 on every plan). The invented documents of ``tests/fixtures/extract`` (each with its
``.expected.csv``; ``extract_blind*`` written by people who never saw the grammar) are scored the same way. ``--show`` lists the rows missed and the rows extracted
that are not curated targets. Then it times extraction of a plan document of ``--chars`` characters
(the bundled documents joined; aim: under 1 s). Prints; asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import pandas as pd

from ipdata.core.paths import data_dir, shared_dir
from ipdata.extract import Document, extract
from ipdata.extract.scoring import score_extraction
from ipdata.extract.targets import extract_text

# Invented documents with their answers: extract/ written with the extractor, extract_blind*/ by writers who never
# saw its rules (extract_blind and extract_blind2 scored once blind, then the grammar generalised from what they
# missed; extract_blind3 is held out: no rule was ever changed after looking at it, so its scores are the honest
# measure of documents never seen. See the closing note of issue 20.)
FIXTURES = sorted((Path(__file__).resolve().parents[1] / "tests" / "fixtures").glob("extract*"))


def documents() -> list[tuple[str, Path, pd.DataFrame]]:
    """(label, document, curated targets) for every bundled plan document and every invented fixture."""
    curated = pd.read_csv(data_dir() / "targets.csv")
    found = []
    shared = shared_dir()
    for seed in sorted((shared / "seeds").glob("*.txt")) if shared else []:
        plan = curated.loc[curated["seed_file"] == seed.name, "plan_id"]
        label = plan.iloc[0] if len(plan) else seed.name
        found.append((label, seed, curated[curated["seed_file"] == seed.name]))
    for folder in FIXTURES:
        for expected in sorted(folder.glob("*.expected.csv")):
            stem = expected.name.removesuffix(".expected.csv")
            document = next(p for p in folder.glob(f"{stem}.*") if not p.name.endswith(".csv"))
            found.append((f"{folder.name}/{document.name}", document, pd.read_csv(expected)))
    return found


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show", action="store_true", help="list missed and extra rows")
    ap.add_argument("--chars", type=int, default=40_000, help="length of the timed document")
    ap.add_argument("--repeat", type=int, default=5, help="timed runs (the median is printed)")
    args = ap.parse_args()
    print(f"{'plan':<44} {'curated':>7} {'found':>6} {'recall':>7} {'precision':>9}")
    texts = []
    for label, path, curated in documents():
        result = extract(path)
        texts.append(result.document.text)
        score = score_extraction(result.targets, curated, result.document.text)
        print(f"{label:<44} {len(curated):>7} {len(result.targets):>6} {score.recall:>7.2f} {score.precision:>9.2f}")
        if args.show:
            for _, row in score.missed.iterrows():
                print(f"    missed: {row['target_year']} {row['value']} {row['quote_zh']}")
            for _, row in score.extra.iterrows():
                print(f"    extra:  {row['target_year']} {row['value']} {' '.join(row['quote'].split())}")
    text = "\n".join(texts)
    while len(text) < args.chars:
        text += "\n" + text
    document = Document("timed.txt", "txt", text[: args.chars])
    extract_text(document)  # warm: the indicator and region tables, the character tables
    times = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        rows = extract_text(document).targets
        times.append(time.perf_counter() - start)
    print(
        f"extract of a {args.chars:,}-character document: median {statistics.median(times):.3f} s "
        f"over {args.repeat} runs ({len(rows)} rows; aim < 1 s)"
    )


if __name__ == "__main__":
    main()
