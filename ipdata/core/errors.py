"""Error types that tell an analyst exactly what is wrong and where.

Every problem names the file (or parameter), the row as a spreadsheet shows it (header = row 1),
the column, and what was expected. Several problems in one file are reported together so a user
fixes them in one pass instead of one per run.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["AmbiguousScopeError", "DataValidationError", "ForecastError", "Problem", "UnknownIdError", "closest"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input.

    Attributes:
        file: File name (or ``parameter``/table name when there is no file).
        row: Row number as a spreadsheet shows it (header is row 1); ``None`` for whole-file problems.
        column: Column name; ``None`` when the problem is not about one column.
        message: What was found and what was expected.
    """

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: {self.message}"


class DataValidationError(ValueError):
    """Raised when a table fails validation; ``problems`` lists every problem found."""

    MAX_SHOWN = 25

    def __init__(self, problems: Iterable[Problem]):
        self.problems = list(problems)
        shown = "\n".join(f"  - {p}" for p in self.problems[: self.MAX_SHOWN])
        more = len(self.problems) - self.MAX_SHOWN
        tail = f"\n  ... and {more} more" if more > 0 else ""
        if len(self.problems) == 1:  # one problem, one line (what a terminal or a log shows best)
            super().__init__(str(self.problems[0]))
        else:
            super().__init__(f"{len(self.problems)} problem(s) found:\n{shown}{tail}")


class UnknownIdError(KeyError):
    """Raised for an unknown region, indicator or plan; the message suggests the closest ids."""

    def __init__(self, what: str, value: object, suggestions: list[str]):
        self.what, self.value, self.suggestions = what, value, suggestions
        hint = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"Unknown {what} {value!r}.{hint} (ipdata.{what}s() lists them all.)")

    def __str__(self) -> str:  # KeyError would repr() the message
        return str(self.args[0])


def closest(value: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    """Return up to ``n`` candidates that look like ``value`` (for 'did you mean' hints)."""
    pool = sorted(set(candidates))
    hits = difflib.get_close_matches(value, pool, n=n, cutoff=0.5)
    if not hits:
        low = value.lower()
        hits = [c for c in pool if low and (low in c.lower() or c.lower() in low)][:n]
    return hits


class ForecastError(ValueError):
    """A series that cannot be forecast as asked (too short, non-positive under log, bad dates)."""


class AmbiguousScopeError(ValueError):
    """A national count published at two scopes (all applicants, domestic) and no scope chosen.

    Attributes:
        region, indicator: The ids asked for.
        scopes: The scopes the data hold (``["domestic", "total"]``).
    """

    def __init__(self, region: str, indicator: str, scopes: list[str]):
        self.region, self.indicator, self.scopes = region, indicator, scopes
        super().__init__(
            f"{indicator} for {region} is published at scopes {scopes}: pass scope='total' or scope='domestic'."
        )
