"""Quantities as Chinese plans write them: ``1.5万件``, ``3000亿元``, ``2-3家``, ``两至三个``, ``1/3以上``, ``95%``.

The target grammar (:mod:`ipdata.extract.clauses`, :mod:`ipdata.extract.tables`) searches a *searchable*
copy of the document: the same length as the text, character for character, with full-width forms
folded to ASCII (``２０２０`` → ``2020``, ``，`` → ``,``), dashes and tildes to ``-`` and ``~``, and
traditional characters to simplified (``達到`` → ``达到``, ``萬`` → ``万``), so one grammar reads every
form and every match's offsets point at the original characters the quote must keep. Chinese numerals
are read by cn2an (``两`` → 2, ``一千二百`` → 1200); multipliers are ours because they depend on the
unit: ``1.5万件`` is 15,000 件, but ``3000亿元`` stays 3000 in 亿元, the unit the plan counts money in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

__all__ = [
    "DURATION_UNITS",
    "MONEY_UNITS",
    "PERCENT_UNITS",
    "QUANTITY",
    "UNITS",
    "Quantity",
    "in_base_unit",
    "number",
    "quantity",
    "searchable",
]

# Measure words a target counts in, longest first so 人次 wins over 人 and 亿元 over 元.
UNITS = (
    "个百分点",
    "个工作日",
    "个月",
    "小时",
    "亿美元",
    "万美元",
    "亿元",
    "万元",
    "千元",
    "美元",
    "元",
    "人次",
    "件次",
    "场次",
    "家次",
    "%",
    "件",
    "家",
    "个",
    "项",
    "人",
    "次",
    "所",
    "单",
    "场",
    "名",
    "户",
    "座",
    "本",
    "套",
    "篇",
    "门",
    "种",
    "部",
    "台",
    "条",
    "处",
    "支",
    "位",
    "期",
    "批次",
    "天",
    "分",
)
MONEY_UNITS = frozenset(u for u in UNITS if u.endswith("元"))
PERCENT_UNITS = frozenset({"%", "个百分点"})
DURATION_UNITS = frozenset({"个月", "个工作日", "天", "小时"})
_CN_DIGITS = "零〇一二两三四五六七八九十百千"
_ARABIC = r"\d+(?:,\d{3})*(?:\.\d+)?"
_NUM = rf"(?:{_ARABIC}|[{_CN_DIGITS}]+(?:点[{_CN_DIGITS[:12]}]+)?)"
_UNIT = "|".join(re.escape(u) for u in UNITS)
# One number, or a range (2-3, 2至3, 两到三), with an optional multiplier and a unit; or a fraction (1/3, 三分之一).
QUANTITY = re.compile(
    rf"百分之(?P<pct>[{_CN_DIGITS}]+(?:点[{_CN_DIGITS[:12]}]+)?|{_ARABIC})"
    rf"|(?P<cden>[{_CN_DIGITS}]+)分之(?P<cnum>[{_CN_DIGITS}]+)"
    rf"|(?P<num>\d+)\s*/\s*(?P<den>\d+)(?!\s*[年月日])"
    rf"|(?P<low>{_NUM})\s*(?:(?P<rangemult>[万亿])?\s*(?:-|~|至|到)\s*(?P<high>{_NUM}))?"
    rf"\s*(?P<mult>万|亿|千)?\s*(?P<unit>{_UNIT})"
)
_FOLD = {
    **{chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)},  # full-width ASCII
    "\u3000": " ",
    "\xa0": " ",
    "\u2014": "-",
    "\u2013": "-",
    "\u2012": "-",
    "\u2212": "-",
    "\u2015": "-",
    "\u301c": "~",
    "\u3001": "、",
    "％": "%",
}


@cache
def _fold_table() -> dict[int, str]:
    """Full-width, dash and traditional→simplified folds, one character to one (offsets are kept).

    The traditional characters come from OpenCC's character table (the first simplified candidate);
    phrase-level conversion is not used because it can change the length of the text.
    """
    from pathlib import Path

    import opencc

    table: dict[int, str] = {}
    path = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    for line in path.read_text(encoding="utf-8").splitlines():
        key, _, values = line.partition("\t")
        first = values.split(" ")[0] if values else ""
        if len(key) == 1 and len(first) == 1 and key != first:
            table[ord(key)] = first
    table.update({ord(k): v for k, v in _FOLD.items()})
    return table


def searchable(text: str) -> str:
    """The text with full-width forms, dashes and traditional characters folded; same length, same offsets."""
    return text.translate(_fold_table())


def number(token: str) -> float:
    """A number written in Arabic digits (``1,300``, ``7.38``) or Chinese numerals (``两``, ``十一``, ``三点五``).

    Raises:
        ValueError: the token is not a number.
    """
    token = token.replace(",", "").strip()
    if re.fullmatch(r"\d+(?:\.\d+)?", token):
        return float(token)
    import cn2an

    try:
        return float(cn2an.cn2an(token, "smart"))
    except (ValueError, KeyError) as exc:
        raise ValueError(f"{token!r} is not a number") from exc


@dataclass(frozen=True)
class Quantity:
    """A value (or range) with its unit, where it stands in the searchable text.

    Attributes:
        start: Offset of its first character.
        end: Offset after its last character (the unit, or the fraction).
        value: The number, multiplied out for counts (``1.5万件`` → 15000); ``None`` for a range.
        low: The range's low end (``None`` unless a range).
        high: The range's high end.
        unit: The unit (``件``, ``亿元``, ``%``); a fraction is read as a share in ``%``.
        written: How the document wrote it, for the analyst's check column.
    """

    start: int
    end: int
    value: float | None
    low: float | None
    high: float | None
    unit: str
    written: str

    @property
    def is_range(self) -> bool:
        """Whether the plan gives a range (``2-3家``) rather than one value."""
        return self.low is not None


_SCALE = {"万": 1e4, "亿": 1e8, "千": 1e3}


def _scaled(value: float, mult: str | None, unit: str) -> tuple[float, str]:
    """Counts multiplied out (1.5万件 → 15000 件); money keeps the plan's unit (3000亿元 → 3000 亿元)."""
    if not mult:
        return value, unit
    if unit in ("元", "美元"):
        return value, mult + unit
    return round(value * _SCALE[mult], 6), unit


def in_base_unit(value: float, unit: str) -> tuple[float, str]:
    """A value in a table's unit (万件, 亿元) as the grammar counts it: 6 万件 → 60000 件; money keeps its unit."""
    if len(unit) > 1 and unit[0] in _SCALE and unit not in MONEY_UNITS and unit[1:] in UNITS:
        return round(value * _SCALE[unit[0]], 6), unit[1:]
    return value, unit


def quantity(match: re.Match[str]) -> Quantity | None:
    """The :class:`Quantity` of a :data:`QUANTITY` match; ``None`` when a part is not a number after all."""
    g = match.groupdict()
    written = match.group(0)
    try:
        if g["pct"] is not None:  # 百分之三十
            return Quantity(match.start(), match.end(), number(g["pct"]), None, None, "%", written)
        if g["num"] is not None or g["cnum"] is not None:
            num, den = (g["num"], g["den"]) if g["num"] is not None else (g["cnum"], g["cden"])
            n, d = number(num), number(den)
            if d == 0 or n >= d:
                return None
            return Quantity(match.start(), match.end(), round(100 * n / d, 1), None, None, "%", written)
        low = number(g["low"])
        unit = g["unit"]
        if g["high"] is not None:
            high = number(g["high"])
            mult = g["mult"] or g["rangemult"]
            (lo, unit_lo), (hi, _) = _scaled(low, g["rangemult"] or mult, unit), _scaled(high, mult, unit)
            if not lo < hi:
                return None
            return Quantity(match.start(), match.end(), None, lo, hi, unit_lo, written)
        value, unit = _scaled(low, g["mult"], unit)
        return Quantity(match.start(), match.end(), value, None, None, unit, written)
    except ValueError:
        return None
