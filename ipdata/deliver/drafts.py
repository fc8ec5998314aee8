"""``ipdata extract``: a plan document turned into a draft plan workbook the analyst reviews, not types.

The draft is the workbook ``ipdata template`` writes (:mod:`ipdata.deliver.plan_template`), filled
from :func:`ipdata.extract.extract`: the plan row (title, region, period, the document as every
target's source), one target row per target found, with the document's own words in 规划原文 and what
to look at in 待核对; a new-indicator row for every indicator ipdata does not know (named from the
document, its English name and kind left for the analyst to confirm); and the observation rows to
fill, as ``template --plan`` writes them. It validates as written, so ``ipdata report --plan-file``
runs on it at once; ``ipdata validate`` lists the 待核对 cells still filled.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from typing import Any

import pandas as pd

from ..catalog.tables import indicators, regions, resolve_region
from ..core import checks
from ..core.words import is_missing
from ..extract.targets import Extraction, extract
from .plan_template import Rows, observation_rows_for, write_tables

__all__ = ["DraftResult", "draft_tables", "write_draft"]

_INDICATOR_KIND = {  # target kind -> the kind of a new indicator it measures
    "level": "stock",
    "flow": "flow",
    "cumulative": "flow",
    "count": "count",
    "share": "percentage",
    "floor": "percentage",
    "growth_rate": "percentage",
    "increase": "percentage",
    "reduction": "percentage",
}


def _plan_id(extraction: Extraction, region: str, period: tuple[int, int]) -> str:
    """A plan id from the document's file name when it is one (ascii), else region and period (wenzhou_2021_2025)."""
    stem = re.sub(r"[^a-z0-9_]+", "_", Path(extraction.document.name).stem.lower()).strip("_")
    if stem and re.fullmatch(r"[a-z][a-z0-9_]*", stem) and len(stem) <= 40:
        return stem
    return f"{region}_{period[0]}_{period[1]}"


def _target_id(region: str, last_year: int, i: int) -> str:
    """The ``i``-th target's id (jx20-01: region letters, the plan's last year, a number; 99 per letter pair)."""
    letters = (re.sub(r"[^a-z]", "", region) + "xx")[:2]
    block, number = divmod(i - 1, 99)
    second = chr((ord(letters[1]) - 97 + block) % 26 + 97)
    return f"{letters[0]}{second}{last_year % 100:02d}-{number + 1:02d}"


def _quote(quote: str) -> str:
    """The quote as a cell shows it: a table row's cells joined with `` | ``, a cell's own lines joined up."""
    cells = [" ".join(p.split()) for p in re.split(r"\n?\t|\n\s*\n", quote)]
    cells = [re.sub(r"(?<=[^\x00-\x7f]) (?=[^\x00-\x7f])", "", c) for c in cells if c]  # 技术市场成交额 （亿元）
    return " | ".join(cells) if cells else quote


def _where(target: dict[str, Any], text: str) -> str:
    """Where the document states the target: its characters, and the same target stated again (text and table)."""
    spans = [f"{target['quote_start']}-{target['quote_end']}"] + [s for s in target["also_quoted"].split(";") if s]
    where = f"原文位置：第 {spans[0]} 字符（{'表格' if target['source'] == 'table' else '正文'}）"
    for span in spans[1:]:
        a, b = (int(x) for x in span.split("-"))
        where += f"；文中另见（第 {span} 字符）：{_quote(text[a:b])}"
    return where


def _new_indicator(t: dict[str, Any], target_id: str) -> dict[str, Any]:
    """An indicator ipdata does not know, as the draft's indicators sheet defines it (the analyst confirms it)."""
    relative = t["kind"] in ("growth_rate", "increase", "reduction")
    decreasing = t["comparator"] == "at_most" or t["kind"] == "reduction"
    name = t["indicator_text_zh"]
    if name in set(indicators()["name_zh"]):  # a known name whose unit the target cannot be in: this plan's own
        name = f"{name}（本规划口径）"
    return {
        "indicator_id": f"draft_{target_id.replace('-', '_')}",
        "name_zh": name,
        "name_en": f"Draft indicator {target_id} (name it in English)",
        "unit": "%" if relative else t["unit"],
        "kind": "money" if t["unit"].endswith("元") else _INDICATOR_KIND[t["kind"]],
        "direction": "decrease" if decreasing else "increase",
        "lower_bound": 0,
        "notes": f"由 ipdata extract 从规划原文生成：{_quote(t['quote'])[:80]}。请核对名称、英文名、类型与方向。",
    }


def _target_row(
    t: dict[str, Any], target_id: str, indicator_id: str, region_id: str, months: tuple[str, str], text: str
) -> dict[str, Any]:
    """One row of the draft's targets sheet from an extracted target."""
    cumulative = t["kind"] == "cumulative"
    return {
        "target_id": target_id,
        "region_id": t["region_id"] or region_id,
        "indicator_id": indicator_id,
        "indicator_text_zh": t["indicator_text_zh"],
        "kind": t["kind"],
        "comparator": t["comparator"],
        "qualifier_zh": t["qualifier_zh"] or None,
        "value": _number(t["value"]),
        "value_low": _number(t["value_low"]),
        "value_high": _number(t["value_high"]),
        "unit": t["unit"],
        "target_year": int(t["target_year"]),
        "period_start": months[0] if cumulative else None,
        "period_end": months[1] if cumulative else None,
        "baseline_year": _number(t["baseline_year"]),
        "baseline_value": _number(t["baseline_value"]),
        "quote_zh": _quote(t["quote"]),
        "notes": _where(t, text),
        "check_zh": t["check_zh"] or None,
    }


def _number(value: Any) -> Any:
    if is_missing(value):
        return None
    value = float(value)
    return int(value) if value.is_integer() else value


@dataclass(frozen=True)
class DraftResult:
    """What :func:`write_draft` wrote and what is left to decide.

    Attributes:
        files: The files written.
        extraction: The extraction the draft holds.
        tables: The sheet rows written.
        left_out: Targets found but not written (their year is outside the plan period), as quotes.
    """

    files: list[Path]
    extraction: Extraction
    tables: dict[str, Rows]
    left_out: list[str]

    @property
    def to_check(self) -> int:
        """Target rows whose 待核对 cell is filled."""
        return sum(1 for t in self.tables["targets"] if t.get("check_zh"))


def draft_tables(
    extraction: Extraction,
    plan_id: str | None = None,
    region: str | None = None,
    period: tuple[int, int] | None = None,
    through_year: int | None = None,
) -> tuple[dict[str, Rows], list[str]]:
    """The sheet rows of a draft plan workbook, and the quotes of targets left out (year outside the period).

    Args:
        extraction: What :func:`ipdata.extract.extract` found.
        plan_id: The plan id (default: the document's file name if ASCII, else region_period).
        region: The plan's region id or name (default: the first region the document's title names).
        period: First and last year of the plan (default: from the document).
        through_year: The last year given an empty observation row (default: last year).

    Raises:
        ValueError: the document states no target, or no region or period is given and the document states
            none (the message says which option to pass).
    """
    if extraction.targets.empty:
        raise ValueError(
            f"{extraction.document.name}: no quantitative target found in its {len(extraction.document.text):,} "
            "characters of text (is it the plan document? a scanned page needs OCR first); nothing drafted"
        )
    region_id = resolve_region(region) if region else extraction.region_id
    if region_id is None:
        raise ValueError(
            f"{extraction.document.name}: the document names no region ipdata knows; pass --region "
            "(an id or name from `ipdata regions`)"
        )
    found = extraction.period
    months = (found.start_month, found.end_month) if found and period is None else (1, 12)
    years = period or ((found.start, found.end) if found else None)
    if years is None:
        raise ValueError(f"{extraction.document.name}: the document states no plan period; pass --period 2021-2025")
    first, last = (checks.year("period", y) for y in years)
    if first > last:
        raise ValueError(f"--period {first}-{last}: the first year is after the last")
    if plan_id is not None and not re.fullmatch(r"[a-z0-9_]+", plan_id):
        raise ValueError(f"--plan-id {plan_id!r}: expected lower-case letters, digits and _ (e.g. wenzhou_14fyp)")
    pid = plan_id or _plan_id(extraction, region_id, (first, last))
    start, end = f"{first}-{months[0]:02d}", f"{last}-{months[1]:02d}"
    frame = extraction.targets
    inside = frame["target_year"].between(first, last)
    left_out = [" ".join(q.split()) for q in frame.loc[~inside, "quote"]]
    frame = frame[inside].reset_index(drop=True)
    name_en = regions().set_index("region_id")["name_en"].get(region_id, region_id)
    how = found.how if found and period is None else "--period"
    plan_notes = (
        f"由 ipdata extract 从 {extraction.document.name} 生成的草稿；规划期依据：{how}；英文标题为自动生成，请核对。"
    )
    if left_out:
        plan_notes += f"文中另有 {len(left_out)} 个目标的年份在规划期外，未列入目标表：" + "；".join(left_out)
    plan = {
        "plan_id": pid,
        "title_zh": extraction.title or Path(extraction.document.name).stem,
        "title_en": f"{name_en} plan {first}-{last} (draft title: translate)",
        "region_id": region_id,
        "period_start": start,
        "period_end": end,
        "document": extraction.document.name,
        "notes": plan_notes,
    }
    new: dict[str, dict[str, Any]] = {}
    rows: Rows = []
    records: list[dict[str, Any]] = [{str(k): v for k, v in r.items()} for r in frame.to_dict("records")]
    for i, t in enumerate(records, start=1):
        target_id = _target_id(region_id, last, i)
        indicator_id = t["indicator_id"]
        if not indicator_id:
            entry = next((e for e in new.values() if e["name_zh"] == t["indicator_text_zh"]), None)
            entry = entry or new.setdefault(f"draft_{target_id.replace('-', '_')}", _new_indicator(t, target_id))
            indicator_id = entry["indicator_id"]
        rows.append(_target_row(t, target_id, indicator_id, region_id, (start, end), extraction.document.text))
    year = checks.year("through_year", through_year) if through_year is not None else pd.Timestamp.today().year - 1
    chosen = pd.DataFrame(rows, columns=["region_id", "indicator_id", "baseline_year"])
    units = {k: v["unit"] for k, v in new.items()}
    observations = observation_rows_for(chosen, start, year, units) if rows else []
    tables = {
        "plan": [plan],
        "targets": rows,
        "indicators": list(new.values()),
        "regions": [],
        "observations": observations,
    }
    return tables, left_out


def write_draft(
    document: str | PathLike[str],
    path: str | PathLike[str],
    plan_id: str | None = None,
    region: str | None = None,
    period: tuple[int, int] | None = None,
    through_year: int | None = None,
    overwrite: bool = False,
) -> DraftResult:
    """Read a plan document and write its draft plan workbook (``.xlsx``) or folder of CSV files.

    Args:
        document: The plan document (``.txt``, ``.docx``, ``.pdf`` with a text layer, saved ``.html``).
        path: ``draft.xlsx``, or a folder name for the same tables as CSV files.
        plan_id: The plan id (default: from the file name, else region and period).
        region: The plan's region (default: the first region its title names).
        period: First and last year of the plan (default: from the document).
        through_year: Last year given an empty observation row (default: last year).
        overwrite: Replace an existing file; without it nothing is overwritten.

    Raises:
        FileNotFoundError: no document at ``document``.
        DataValidationError: the document cannot be read (with the reason).
        FileExistsError: ``path`` exists and ``overwrite`` is false.
        ValueError: the document states no region or period and none is given.
    """
    extraction = extract(document)
    tables, left_out = draft_tables(extraction, plan_id, region, period, through_year)
    files = write_tables(path, tables, overwrite)
    return DraftResult(files, extraction, tables, left_out)
