"""How well an extraction found a plan's curated targets: recall and precision of (year, value, quote).

A curated target is found when an extracted row has its target year, its value (or range) and a quote
that overlaps the curated quote in the document. Curated quotes are located in the text loosely
(whitespace between characters may differ; a table quote ``A|7.38|20`` is its cells in order), so
the score does not depend on how a curator copied the sentence. Used by ``benchmarks/bench_extract.py``
and by the tests that hold the extractor to its recall and precision on the bundled plans.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

import pandas as pd

__all__ = ["Score", "locate", "score_extraction"]


def locate(quote: str, text: str) -> list[tuple[int, int]]:
    """Every span of ``text`` that holds ``quote`` (whitespace-insensitive; ``|`` joins table cells in order)."""
    cells = [c for c in quote.split("|") if c.strip()]
    parts = [r"\s*".join(re.escape(ch) for ch in cell if not ch.isspace()) for cell in cells]
    pattern = r"[\s\S]{0,80}?".join(parts)
    return [(m.start(), m.end()) for m in re.finditer(pattern, text)] if pattern else []


@dataclass(frozen=True)
class Score:
    """The result of :func:`score_extraction`.

    Attributes:
        recall: Share of curated targets found.
        precision: Share of extracted rows that are curated targets.
        matches: (curated index, extracted index) pairs.
        missed: Curated rows not found.
        extra: Extracted rows that match no curated target.
    """

    recall: float
    precision: float
    matches: list[tuple[int, int]]
    missed: pd.DataFrame
    extra: pd.DataFrame


def _spans(row: dict[Any, Any]) -> list[tuple[int, int]]:
    spans = [(int(row["quote_start"]), int(row["quote_end"]))]
    for part in str(row.get("also_quoted") or "").split(";"):
        if part:
            a, b = part.split("-")
            spans.append((int(a), int(b)))
    return spans


def _same(x: object, y: object) -> bool:
    if pd.isna(x) or pd.isna(y):  # type: ignore[call-overload]
        return bool(pd.isna(x) and pd.isna(y))  # type: ignore[call-overload]
    return math.isclose(float(x), float(y), rel_tol=1e-6, abs_tol=1e-9)  # type: ignore[arg-type]


def score_extraction(extracted: pd.DataFrame, curated: pd.DataFrame, text: str) -> Score:
    """Match extracted rows to curated targets one to one (first come, first matched).

    Args:
        extracted: Rows of :func:`ipdata.extract.extract_targets`.
        curated: Curated target rows (``target_year``, ``value``, ``value_low``, ``value_high``, ``quote_zh``).
        text: The document text the quotes are in.
    """
    used: set[int] = set()
    matches = []
    rows = list(enumerate(extracted.to_dict("records")))
    for i, c in enumerate(curated.to_dict("records")):
        where = locate(str(c["quote_zh"]), text)
        for j, e in rows:
            if j in used or pd.isna(e["target_year"]) or int(e["target_year"]) != int(c["target_year"]):
                continue
            if not all(_same(e[k], c[k]) for k in ("value", "value_low", "value_high")):
                continue
            if any(a < d and c0 < b for a, b in _spans(e) for c0, d in where):
                used.add(j)
                matches.append((i, j))
                break
    found = {i for i, _ in matches}
    recall = len(found) / len(curated) if len(curated) else 1.0
    precision = len(used) / len(extracted) if len(extracted) else (1.0 if not len(curated) else 0.0)
    missed = curated.reset_index(drop=True).drop(index=list(found))
    extra = extracted.reset_index(drop=True).drop(index=list(used))
    return Score(recall, precision, matches, missed, extra)
