"""Error types that tell an analyst exactly what is wrong and where.

Every problem names the file (or parameter), the row as a spreadsheet shows it (header = row 1),
the column, and what was expected. Several problems in one file are reported together so a user
fixes them in one pass instead of one per run.

Each problem may carry its message in Chinese as well (``message_zh``): the ``ipdata`` command prints
``text("zh")`` for a Chinese reader, and the English ``str()`` stays what Python users, logs and tests see.
The Chinese is written beside the English where the problem is found (not translated back from the English),
so an unknown phrasing falls back to English instead of to a wrong translation.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = [
    "AmbiguousScopeError",
    "DataValidationError",
    "ExistingFileError",
    "ForecastError",
    "MissingFileError",
    "Problem",
    "UnknownIdError",
    "closest",
]


# Where a problem sits inside a workbook, as the readers name it: "book.xlsx, sheet 'title'" (plan files) and
# "path (sheet 'title')" (observation workbooks). Only this fixed form of the location is rendered in Chinese.
_SHEET_PLACE = re.compile(r"^(?P<file>.*?)(?:, sheet '(?P<a>.*)'| \(sheet '(?P<b>.*)'\))$")


def _place_zh(file: str) -> str:
    """``book.xlsx, sheet '目标 targets'`` as ``book.xlsx，工作表“目标 targets”``; any other file name as it is."""
    m = _SHEET_PLACE.match(file)
    if m is None:
        return file
    return f"{m.group('file')}，工作表“{m.group('a') or m.group('b')}”"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input.

    Attributes:
        file: File name (or ``parameter``/table name when there is no file).
        row: Row number as a spreadsheet shows it (header is row 1); ``None`` for whole-file problems.
        column: Column name; ``None`` when the problem is not about one column.
        message: What was found and what was expected.
        message_zh: The same in Chinese, for a Chinese reader of ``ipdata`` (``None``: English is shown).
    """

    file: str
    row: int | None
    column: str | None
    message: str
    message_zh: str | None = None

    def __str__(self) -> str:
        return self.text("en")

    def text(self, lang: str = "en") -> str:
        """The problem with its place, in ``lang`` (``zh``: ``obs.csv，第3行，“value”列：应为数值``).

        Ids, file names and the values found are kept as they are in both languages; a problem without
        ``message_zh`` keeps its English message after a Chinese place, so nothing is lost.
        """
        if lang != "zh":
            where = [self.file]
            if self.row is not None:
                where.append(f"row {self.row}")
            if self.column is not None:
                where.append(f"column '{self.column}'")
            return f"{', '.join(where)}: {self.message}"
        where = [_place_zh(self.file)]
        if self.row is not None:
            where.append(f"第{self.row}行")
        if self.column is not None:
            where.append(f"“{self.column}”列")
        return f"{'，'.join(where)}：{self.message_zh or self.message}"


class DataValidationError(ValueError):
    """Raised when a table fails validation; ``problems`` lists every problem found."""

    MAX_SHOWN = 25

    def __init__(self, problems: Iterable[Problem]):
        self.problems = list(problems)
        super().__init__(self.text("en"))

    def text(self, lang: str = "en") -> str:
        """Every problem (at most :attr:`MAX_SHOWN`) in ``lang``; one problem is one line (what a log shows best)."""
        if len(self.problems) == 1:
            return self.problems[0].text(lang)
        shown = "\n".join(f"  - {p.text(lang)}" for p in self.problems[: self.MAX_SHOWN])
        more = len(self.problems) - self.MAX_SHOWN
        if lang == "zh":
            tail = f"\n  ……另有{more}处" if more > 0 else ""
            return f"发现{len(self.problems)}处问题：\n{shown}{tail}"
        tail = f"\n  ... and {more} more" if more > 0 else ""
        return f"{len(self.problems)} problem(s) found:\n{shown}{tail}"


# what an unknown id is of, as a Chinese reader calls it, and the function that lists them all
_WHAT_ZH = {"region": "地区", "indicator": "指标", "plan": "规划"}


class UnknownIdError(KeyError):
    """Raised for an unknown region, indicator or plan; the message suggests the closest ids."""

    def __init__(self, what: str, value: object, suggestions: list[str]):
        self.what, self.value, self.suggestions = what, value, suggestions
        super().__init__(self.text("en"))

    def __str__(self) -> str:  # KeyError would repr() the message
        return str(self.args[0])

    def text(self, lang: str = "en") -> str:
        """The message in ``lang`` (``zh``: ``未知的地区 'jiaxng'。是否指：jiaxing？``), the suggestions as ids."""
        if lang == "zh":
            hint = f"是否指：{'、'.join(self.suggestions)}？" if self.suggestions else ""
            listing = f"ipdata.{self.what}s()"
            return f"未知的{_WHAT_ZH.get(self.what, self.what)} {self.value!r}。{hint}（{listing} 列出全部。）"
        hint = f" Did you mean: {', '.join(self.suggestions)}?" if self.suggestions else ""
        return f"Unknown {self.what} {self.value!r}.{hint} (ipdata.{self.what}s() lists them all.)"


_FILE_ZH = {"plan file": "规划文件", "observations file": "观测值文件", "plan document": "规划文件（文档）"}


class MissingFileError(FileNotFoundError):
    """An input file that is not there, said in either language (a ``FileNotFoundError``, as callers expect)."""

    def __init__(self, path: object, what: str):
        self.path, self.what = path, what
        super().__init__(self.text("en"))

    def text(self, lang: str = "en") -> str:
        """``plan.xlsx: plan file not found`` / ``plan.xlsx：找不到规划文件``."""
        if lang == "zh":
            return f"{self.path}：找不到{_FILE_ZH.get(self.what, self.what)}"
        return f"{self.path}: {self.what} not found"


class ExistingFileError(FileExistsError):
    """Output files that exist already and were left as they are (a ``FileExistsError``), in either language."""

    def __init__(self, paths: Iterable[object]):
        self.paths = [str(p) for p in paths]
        super().__init__(self.text("en"))

    def text(self, lang: str = "en") -> str:
        """Which files exist, and that ``--force`` replaces them."""
        if lang == "zh":
            return f"{'、'.join(self.paths)} 已存在，未改动；如需替换请加 --force（overwrite=True）"
        return f"{', '.join(self.paths)} already exist(s); pass overwrite (--force) to replace"


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
