"""A plan document's quantitative targets as draft rows of the plan workbook, each with its quote and span.

:func:`extract_targets` reads the document (:func:`ipdata.extract.documents.read_document`), finds the
targets of its prose (:mod:`ipdata.extract.clauses`) and of its indicator tables
(:mod:`ipdata.extract.tables`), matches each indicator to one ipdata knows, merges a target the document
states twice (text and table: once, with both quotes), and says what the analyst should check. It
drafts; it does not decide: a value the grammar cannot place is left out rather than guessed, and
every inference (a year taken from the plan period, a unit from the indicator's name) is named in the
row's check column.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import cache
from os import PathLike
from pathlib import Path

import pandas as pd

from ..catalog.plan_files import SHEETS
from ..catalog.tables import indicators, regions
from .candidates import Candidate, PlanPeriod, indicator_unit, plan_period
from .clauses import prose_candidates
from .documents import Document, read_document
from .numbers import searchable
from .tables import table_candidates

__all__ = ["CHECKS", "COLUMNS", "Extraction", "document_title", "extract", "extract_targets", "extract_text"]

# What the analyst should look at: key -> (Chinese, English, how much it lowers the confidence).
CHECKS: dict[str, tuple[str, str, float]] = {
    "year_from_plan": ("目标年份未写明，取规划期末{}年", "target year not stated: the plan's last year {} taken", 0.15),
    "period_from_plan": ("累计期间未写明，取规划期{}", "period of the total not stated: the plan period {} taken", 0.1),
    "unit_from_words": ("单位由指标名推定：{}", "unit inferred from the indicator's name: {}", 0.05),
    "unit_missing": ("单位未写明，请补填", "no unit stated: fill it in", 0.3),
    "unit_indicator": ("文件单位为{}，已换为该指标的单位", "the document's unit {} replaced by the indicator's", 0.1),
    "new_indicator": (
        "ipdata 未收录此指标：请在“新指标”表核对其名称、类型与方向",
        "indicator not known to ipdata: check its entry on the indicators sheet",
        0.15,
    ),
    "full_coverage": ("“全覆盖”按100%计", "'full coverage' read as 100 %", 0.1),
    "base_year_unstated": ("基期年份未写明", "base year not stated", 0.05),
    "chinese_numeral": ("数字由汉字读出：{}", "number read from Chinese numerals: {}", 0.1),
    "other_region": ("表列为{}的目标（非本地区）", "the table column is the target of {}, not the plan's region", 0.05),
    "same_as_base": (
        "目标值等于基期值：是否为现状值？",
        "target equals the base value: a baseline read as a target?",
        0.4,
    ),
}
# the targets sheet's own columns from region_id to baseline_value (catalog.plan_files.SHEETS, the one layout),
# then what a draft adds: where the quote stands and what to check
_SHEET = SHEETS["targets"].columns
COLUMNS = [
    *_SHEET[_SHEET.index("region_id") : _SHEET.index("baseline_value") + 1],
    "quote",
    "quote_start",
    "quote_end",
    "also_quoted",
    "source",
    "confidence",
    "checks",
    "check_zh",
    "check_en",
]
_COUNTS = frozenset("件家个项人次所单场名户座本套篇门种部台条处支位期") | {"人次", "件次", "批次"}
_MONEY_SCALE = {"亿元": 1e8, "万元": 1e4, "千元": 1e3, "元": 1.0, "亿美元": 1e8, "万美元": 1e4, "美元": 1.0}
_RELATIVE = frozenset({"growth_rate", "increase", "reduction"})
_NARROWING = re.compile(r"海外|境外|国外|国际|高价值|涉外|省级|国家级|市级|县级|重点|核心|中小|规上|规模以上|农村|涉农")


@dataclass(frozen=True)
class Extraction:
    """What :func:`extract` found in one document.

    Attributes:
        document: The document read (its name, kind and text; quotes are offsets into ``document.text``).
        title: The title as the document's first line gives it.
        region_id: The plan's region (the first region named in the title), ``None`` when none is.
        period: The plan period and how it was found, ``None`` when the document states none.
        targets: One row per target, in :data:`COLUMNS` order, in document order.
    """

    document: Document
    title: str
    region_id: str | None
    period: PlanPeriod | None
    targets: pd.DataFrame


def _norm(text: str) -> str:
    """A name compared loosely: searchable, without spaces, quotes, brackets or the region's 全市/全省."""
    text = re.sub(r"[\s“”\"'《》〈〉*]", "", searchable(text))
    text = re.sub(r"^(?:全市|全省|全区|全县|全国|本市|我市|我省|我区)", "", text)
    return text.replace("(", "").replace(")", "")


@cache
def _indicator_names() -> tuple[tuple[str, str, str], ...]:
    """(normalised name, indicator id, unit) for every name and alias ipdata knows, longest first."""
    rows = []
    for r in indicators().to_dict("records"):
        for name in [str(r["name_zh"]), *str(r["aliases"] or "").split(";")]:
            if name and re.search(r"[\u4e00-\u9fff]", name):
                rows.append((_norm(name), str(r["indicator_id"]), str(r["unit"])))
    return tuple(sorted(set(rows), key=lambda t: -len(t[0])))


def _matched(text: str) -> tuple[str, str] | None:
    """The indicator (id, unit) a name means: the same name or alias, one contained in it, or a close one."""
    name = _norm(text)
    if not name:
        return None
    names = _indicator_names()
    for known, indicator_id, unit in names:
        if known == name:
            return indicator_id, unit
    for known, indicator_id, unit in names:  # longest first: 发明专利申请量占…比重 before 发明专利申请量
        contained = len(known) >= 4 and known in name and len(known) >= 0.5 * len(name)
        if contained and not _NARROWING.search(name.replace(known, "", 1)):  # 海外发明专利授权量 is not 发明专利授权量
            return indicator_id, unit
    best = max(names, key=lambda t: difflib.SequenceMatcher(None, name, t[0]).ratio())
    narrowed = {w for w in _NARROWING.findall(name)} - set(_NARROWING.findall(best[0]))
    if difflib.SequenceMatcher(None, name, best[0]).ratio() >= 0.86 and not narrowed:
        return best[1], best[2]
    return None


def _reconciled(c: Candidate, unit: str) -> tuple[float, float, float, str] | None:
    """The candidate's value, low, high in the indicator's unit; ``None`` when the units cannot be the same."""
    q = c.quantity
    values = (q.value, q.low, q.high)
    own = c.quantity.unit if "/" not in unit else unit
    if c.kind in _RELATIVE or q.unit == "%":
        return (*values, "%") if unit == "%" or c.kind in _RELATIVE else None  # type: ignore[return-value]
    if own == unit or q.unit == unit:
        return (*values, unit)  # type: ignore[return-value]
    if unit.startswith(q.unit + "/"):
        return (*values, unit)  # type: ignore[return-value]
    if q.unit in _COUNTS and unit in _COUNTS:
        return (*values, unit)  # type: ignore[return-value]
    if q.unit in _MONEY_SCALE and unit in _MONEY_SCALE:
        f = _MONEY_SCALE[q.unit] / _MONEY_SCALE[unit]
        return tuple(None if v is None else round(v * f, 6) for v in values) + (unit,)  # type: ignore[return-value]
    return None


def _region_names() -> dict[str, str]:
    """Region names and aliases (Chinese, two characters or more) → region id, longest first."""
    pairs = []
    for r in regions().to_dict("records"):
        for name in [str(r["name_zh"]), *str(r["aliases"] or "").split(";")]:
            if len(name) >= 2 and re.fullmatch(r"[\u4e00-\u9fff]+", name) and name not in ("全国", "中国"):
                pairs.append((name, str(r["region_id"])))
    return dict(sorted(pairs, key=lambda p: -len(p[0])))


def _region_name(region_id: str) -> str:
    names = regions().set_index("region_id")["name_zh"]
    return str(names.get(region_id, region_id))


def _plan_region(search: str, names: dict[str, str]) -> str | None:
    """The region the document plans for: the first region named in its title (its first three lines)."""
    head = "\n".join([line for line in search.split("\n") if line.strip()][:3])[:300]
    hits = [(head.find(name), -len(name), rid) for name, rid in names.items() if name in head]
    return min(hits)[2] if hits else None


def _bigrams(text: str) -> set[str]:
    text = _norm(text)
    return {text[i : i + 2] for i in range(len(text) - 1)} or {text}


def _same_target(a: pd.Series | dict, b: dict) -> bool:
    """Whether two rows are one target stated twice: same year, value, unit, region and kind, similar names."""
    keys = ("target_year", "value", "value_low", "value_high", "unit", "region_id")
    if any(not _equal(a[k], b[k]) for k in keys):
        return False
    group = {"cumulative": 1, **dict.fromkeys(_RELATIVE, 2)}
    if group.get(a["kind"], 0) != group.get(b["kind"], 0):
        return False
    if a["indicator_id"] and a["indicator_id"] == b["indicator_id"]:
        return True
    x, y = _bigrams(a["indicator_text_zh"]), _bigrams(b["indicator_text_zh"])
    return len(x & y) >= 0.5 * max(len(x), len(y))


def _equal(x: object, y: object) -> bool:
    if pd.isna(x) and pd.isna(y):  # type: ignore[call-overload]
        return True
    return bool(x == y)


def _row(c: Candidate, text: str, plan_region: str | None) -> dict:
    """One draft row from a candidate: indicator matched, unit reconciled, checks written out."""
    checks = list(c.checks)
    match = _matched(c.indicator_text)
    value, low, high, unit = c.quantity.value, c.quantity.low, c.quantity.high, c.quantity.unit
    unit = indicator_unit(c.indicator_text, unit) if c.kind not in _RELATIVE else "%"
    indicator_id = ""
    if match is not None:
        reconciled = _reconciled(c, match[1])
        if reconciled is not None:
            indicator_id = match[0]
            if reconciled[3] != unit and c.kind not in _RELATIVE:
                checks.append(("unit_indicator", unit))
            checks = [k for k in checks if k[0] != "unit_from_words"]  # the indicator's unit settles it
            value, low, high, unit = reconciled
    if not indicator_id:
        checks.append(("new_indicator", ""))
    if re.match(r"[零〇一二两三四五六七八九十百千]", c.quantity.written):
        checks.append(("chinese_numeral", c.quantity.written))
    region = c.region or plan_region or ""
    if c.region and c.region != plan_region:
        checks.append(("other_region", _region_name(c.region)))
    if c.baseline_value is not None and value is not None and c.baseline_value == value:
        checks.append(("same_as_base", ""))
    period = c.period
    return {
        "region_id": region,
        "indicator_id": indicator_id,
        "indicator_text_zh": c.indicator_text,
        "kind": c.kind,
        "comparator": c.comparator,
        "qualifier_zh": c.qualifier,
        "value": value,
        "value_low": low,
        "value_high": high,
        "unit": unit,
        "target_year": c.target_year,
        "period_start": f"{period[0]}-01" if period else "",
        "period_end": f"{period[1]}-12" if period else "",
        "baseline_year": c.baseline_year,
        "baseline_value": c.baseline_value,
        "quote": text[c.start : c.end],
        "quote_start": c.start,
        "quote_end": c.end,
        "also_quoted": "",
        "source": c.source,
        "_checks": checks,
    }


def _merged(rows: list[dict], text: str) -> list[dict]:
    """Rows with a target stated twice kept once: the first statement, the other's quote and base added."""
    kept: list[dict] = []
    for row in rows:
        twin = next((k for k in kept if _same_target(k, row)), None)
        if twin is None:
            kept.append(row)
            continue
        span = f"{row['quote_start']}-{row['quote_end']}"
        twin["also_quoted"] = f"{twin['also_quoted']};{span}" if twin["also_quoted"] else span
        if pd.isna(twin["baseline_value"]) and not pd.isna(row["baseline_value"]):
            twin["baseline_year"], twin["baseline_value"] = row["baseline_year"], row["baseline_value"]
        if not twin["indicator_id"] and row["indicator_id"]:
            twin["indicator_id"] = row["indicator_id"]
            twin["_checks"] = [c for c in twin["_checks"] if c[0] != "new_indicator"]
    return kept


def _checked(row: dict) -> dict:
    checks = row.pop("_checks")
    row["checks"] = ";".join(dict.fromkeys(k for k, _ in checks))
    row["check_zh"] = "；".join(CHECKS[k][0].format(d) for k, d in checks)
    row["check_en"] = "; ".join(CHECKS[k][1].format(d) for k, d in checks)
    row["confidence"] = round(max(0.2, 1.0 - sum(CHECKS[k][2] for k in dict.fromkeys(k for k, _ in checks))), 2)
    return row


def _frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=COLUMNS)
    for column in ("value", "value_low", "value_high", "baseline_value", "confidence"):
        frame[column] = frame[column].astype("float64")
    for column in ("target_year", "baseline_year", "quote_start", "quote_end"):
        frame[column] = frame[column].astype("Int64")
    return frame


_NOT_TITLE = re.compile(
    r"^(?:首页|>|当前位置|发布日期|来源|信息来源|浏览次数|字号|打印|分享)|invented test fixture|测试用虚构|"
    r"〔\d{4}〕\s*\d+\s*号$|文件$|[:：]$"
)
_TITLE_END = re.compile(r"(?:规划|方案|计划|要点|意见|纲要|办法|通知|》)(?:[(（][^()（）]*[)）])?$")
_NEW_PART = re.compile(
    r"^(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|第[一二三四五六七八九十]+[章节])"
)
_WRAPPER = re.compile(r"关于(?:印发|转发|公布)(.+?)的通知")


def document_title(text: str) -> str:
    """The plan's title as its first lines give it: 关于印发《…》的通知 unwrapped, a title broken over lines joined.

    Lines a saved page or an official document starts with (首页 > 政务公开 > …, 发布日期, 〔2022〕7号, the
    addressees ending in a colon) are not the title; a title is joined with its next line until it ends
    as titles do (…规划, …方案, 》).
    """
    lines = [line.strip().strip("#* ").strip() for line in text.split("\n")]
    lines = [line for line in lines if line and not _NOT_TITLE.search(searchable(line))][:4]
    if not lines:
        return ""
    title = lines[0]
    for line in lines[1:]:
        folded = searchable(title)
        unfinished = folded.count("《") > folded.count("》") or (folded.startswith("关于") and "通知" not in folded)
        short = len(title) < 20 and len(line) < 20 and not _TITLE_END.search(folded)
        if not (unfinished or short) or _NEW_PART.match(searchable(line)) or line in title:
            break
        title += line
    folded = searchable(title)
    wrapped = _WRAPPER.search(folded)
    if wrapped:
        title = title[wrapped.start(1) : wrapped.end(1)]
    quoted = re.fullmatch(r"《(.+)》", title.strip())
    title = quoted.group(1) if quoted else title
    return "" if len(title) > 80 or title.endswith("。") else title  # a sentence of the body is no title


def extract_text(document: Document) -> Extraction:
    """The targets of a document already read (:func:`ipdata.extract.documents.read_document`)."""
    text = document.text
    search = searchable(text)
    period = plan_period(search)
    names = _region_names()
    plan_region = _plan_region(search, names)
    found = prose_candidates(search, period) + table_candidates(search, period, names)
    found.sort(key=lambda c: (c.start, c.end))
    rows = [_checked(r) for r in _merged([_row(c, text, plan_region) for c in found], text)]
    title = document_title(text) or Path(document.name).stem
    return Extraction(document, title, plan_region, period, _frame(rows))


def extract(source: str | PathLike[str]) -> Extraction:
    """Read a plan document and find its targets: the rows, the document, its region and period.

    Args:
        source: A ``.txt``, ``.docx``, ``.pdf`` (with a text layer) or saved ``.html`` plan document.

    Raises:
        FileNotFoundError: nothing at ``source``.
        DataValidationError: the file is not a document ipdata can read (with the reason).
    """
    return extract_text(read_document(source))


def extract_targets(source: str | PathLike[str]) -> pd.DataFrame:
    """The quantitative targets of a plan document, one row each, for the analyst to review.

    Args:
        source: A ``.txt``, ``.docx``, ``.pdf`` (with a text layer) or saved ``.html`` plan document.

    Returns:
        One row per target in document order, with the targets sheet's columns (``region_id`` …
        ``baseline_value``), ``quote`` (the document's exact characters: ``text[quote_start:quote_end]``),
        ``also_quoted`` (spans of the same target stated again), ``source`` (``text`` or ``table``),
        ``confidence`` (0–1) and ``checks`` / ``check_zh`` / ``check_en`` (what to look at).
        ``indicator_id`` is empty when the indicator is not one ipdata knows.

    Raises:
        FileNotFoundError: nothing at ``source``.
        DataValidationError: the file is not a document ipdata can read (with the reason).
    """
    return extract(source).targets
