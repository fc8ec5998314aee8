"""One number, one form: how every value is written in pages, workbook, document, figures and sentences.

Why one home: the same probability once read 6 % on the page and 5.7 % in the workbook, patent counts were
printed with two decimals (9,621.11) and one column mixed 24,387.6 with 13,596.21. A reader who holds the
printed table beside the page must find the same text, so each kind of number has one rule, here:

- values in their unit's decimals (:func:`unit_decimals`): counts (件, 家, 个 …) whole with thousands
  separated, densities such as 件/万人 with two decimals as the statistics publish them, per cent values one,
  money with its unit's (亿元 two, 万元 none); every value of a row with the same decimals;
- progress shares (任务进度, 时间进度) in whole per cent; probabilities in whole per cent rounded down, so the
  number never reads higher than the status word beside it (0.8951 is 89% 可能, not 90%: 很可能 starts at 90%) and
  a probability short of certain never reads 100%; one above 0 but under 1% reads <1%;
- growth rates (所需年均增速) in per cent with one decimal, as plans state them (年均增长5.7%).

The workbook stores each number rounded to what it shows and gives it the matching Excel format
(:func:`excel_format`), so the cell, its formula bar and the printed page agree.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from .words import is_missing

__all__ = [
    "COUNT_UNITS",
    "MISSING",
    "PROBABILITY_FORMAT",
    "RATE_FORMAT",
    "SHARE_FORMAT",
    "UNIT_DECIMALS",
    "excel_format",
    "goal_text",
    "number_text",
    "probability_format",
    "probability_text",
    "probability_value",
    "rate_text",
    "rounded",
    "share_text",
    "unit_decimals",
    "value_text",
]

MISSING = "—"  # what a missing value reads as, everywhere
COUNT_UNITS = frozenset({"件", "个", "家", "项", "次", "人", "人次", "所", "部", "名", "座", "台", "株"})
UNIT_DECIMALS = {"件/万人": 2, "件/百家企业": 1, "%": 1, "亿元": 2, "万元": 0}
DEFAULT_DECIMALS = 2  # a unit ipdata does not know (an analyst's 万件, 千元): two, so nothing is rounded away
SHARE_FORMAT = "0%"  # Excel's form of :func:`share_text`
PROBABILITY_FORMAT = "0%"  # Excel's form of :func:`probability_text` (the cell holds the value rounded down)
RATE_FORMAT = "0.0%"  # Excel's form of :func:`rate_text`


def unit_decimals(unit: Any) -> int:
    """The decimals a value in ``unit`` is written with: counts none, known units theirs, others two."""
    text = "" if is_missing(unit) else str(unit).strip()
    if text in COUNT_UNITS:
        return 0
    return UNIT_DECIMALS.get(text, DEFAULT_DECIMALS)


def _finite(value: Any) -> bool:
    return not is_missing(value) and math.isfinite(float(value))


def rounded(value: Any, decimals: int) -> float | int | None:
    """``value`` rounded to what it shows (an int when it shows no decimals); ``None`` when missing or not finite."""
    if not _finite(value):
        return None
    number = round(float(value), decimals)
    return int(number) if decimals == 0 else number + 0.0  # + 0.0 turns -0.0 into 0.0


def number_text(value: Any, decimals: int) -> str:
    """``value`` with ``decimals`` fixed decimals and thousands separated: ``9,621``, ``7.38``; missing as —."""
    number = rounded(value, decimals)
    return MISSING if number is None else f"{number:,.{decimals}f}"


def value_text(value: Any, unit: Any) -> str:
    """A value in ``unit`` as every output writes it (:func:`unit_decimals`)."""
    return number_text(value, unit_decimals(unit))


def share_text(share: Any) -> str:
    """A progress share (a fraction) in whole per cent: ``0.884`` → ``88%`` (the same for its rounded value)."""
    value = rounded(share, 2)
    return MISSING if value is None else f"{value:.0%}"


def rate_text(rate: Any) -> str:
    """A growth rate (a fraction) in per cent with one decimal: ``0.0571`` → ``5.7%`` (idempotent, as above)."""
    value = rounded(rate, 3)
    return MISSING if value is None else f"{value:.1%}"


def probability_value(p: Any) -> float | None:
    """A probability as its cell stores it: rounded down to whole per cent (kept as it is under 1 %)."""
    if not _finite(p):
        return None
    value = float(p)
    if 0 < value < 0.01:
        return value
    return math.floor(round(value * 100, 6)) / 100  # round first: 0.29 * 100 is 28.999999999999996


def probability_text(p: Any) -> str:
    """A probability as every output writes it: ``0.057`` → ``5%``, ``0.99991`` → ``99%``, ``0.004`` → ``<1%``."""
    value = probability_value(p)
    if value is None:
        return MISSING
    return "<1%" if 0 < value < 0.01 else f"{round(value * 100):d}%"


def probability_format(p: Any) -> str:
    """The Excel format of a probability cell: ``0%``, or the literal ``<1%`` for one above 0 and under 1 %."""
    value = probability_value(p)
    return '"<1%"' if value is not None and 0 < value < 0.01 else PROBABILITY_FORMAT


def goal_text(target: Mapping[str, Any] | Any) -> str:
    """A target's goal as every output writes it (``40,000``, ``17.00``; a range ``2–3``), in its unit's decimals.

    ``target`` is a target row: a pandas Series or a mapping with ``comparator``, ``value``, ``value_low``,
    ``value_high`` and ``unit``.
    """
    decimals = unit_decimals(target.get("unit"))
    if target.get("comparator") == "range":
        return f"{number_text(target.get('value_low'), decimals)}–{number_text(target.get('value_high'), decimals)}"
    return number_text(target.get("value"), decimals)


def excel_format(decimals: int) -> str:
    """The Excel number format of :func:`number_text` with ``decimals``: ``#,##0`` or ``#,##0.00``."""
    return "#,##0" if decimals == 0 else "#,##0." + "0" * decimals
