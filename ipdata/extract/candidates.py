"""What the prose and the indicator tables share: the plan's period, time marks, sections, and a target's words.

A Chinese plan says *when* once and lets it carry: "到2020年，A达到…，B达到…；C…" gives every clause
2020; a heading "一、发展基础" makes what follows a statement of the past; "“十三五”期间" makes a
total over the plan period. These rules are written once here, for how plans state targets in general
(national, provincial and city plans; five-year plans, action plans and work programmes), and both
:mod:`ipdata.extract.clauses` and :mod:`ipdata.extract.tables` read them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from .numbers import DURATION_UNITS, MONEY_UNITS, PERCENT_UNITS, Quantity

__all__ = [
    "Candidate",
    "PlanPeriod",
    "TimeMark",
    "comparator_of",
    "indicator_unit",
    "kind_of",
    "line_cells",
    "plan_period",
    "sections",
    "time_marks",
]

_CN = "一二三四五六七八九十"


def five_year_plan(ordinal: str) -> tuple[int, int] | None:
    """The years of the N-th five-year plan from its Chinese ordinal (十三 → 2016–2020); ``None`` if not one."""
    import cn2an

    try:
        n = int(cn2an.cn2an(ordinal, "smart"))
    except (ValueError, KeyError):
        return None
    if not 6 <= n <= 20:  # from the sixth (1981-1985) the plans run in unbroken five-year steps
        return None
    start = 2016 + 5 * (n - 13)
    return start, start + 4


@dataclass(frozen=True)
class PlanPeriod:
    """The years a document plans for, and how they were found (for the analyst's check column).

    Attributes:
        start: First year.
        end: Last year (the default target year of a target that states none).
        how: What in the document gave it (``“十四五”规划 in the title``).
        start_month: The month the period starts (1 unless the document says, e.g. 2021年6月).
        end_month: The month it ends.
        start_stated: Whether the document states the first year (else it is taken as four years before
            the end, and a year mark before the end without 到 reads as the past: "2022年，全县…达到…").
        written: The year the document is dated (a dateline, 发布日期, the date under the signature): a year
            before it is the past, whatever the plan period (a mid-term review of 2023 reports 2022 as a result).
    """

    start: int
    end: int
    how: str
    start_month: int = 1
    end_month: int = 12
    start_stated: bool = True
    written: int | None = None


_RANGE_IN_TITLE = re.compile(r"(20\d\d|19\d\d)\s*年?\s*(?:-|~|至|到)\s*(20\d\d|19\d\d)\s*年")
_FYP = re.compile(rf"[“\"'‘「『]?十([{_CN[:9]}])五[”\"'’」』]?")
_FYP_PLAN = re.compile(rf"十([{_CN[:9]}])五[”\"'’」』]?[^。\n,，]{{0,20}}(?:规划|计划|方案)")
_MONTH_SPAN = re.compile(r"(20\d\d)\s*年\s*(\d{1,2})\s*月?\s*(?:-|~|至|到)\s*(20\d\d)\s*年\s*(\d{1,2})\s*月")
_TO_YEAR = re.compile(r"(?:到|至|截至|截止到?|力争到?|争取到?|于|在)\s*(20\d\d)\s*年")


# a plan that implements another names it: 贯彻落实《知识产权强国建设纲要（2021—2035年）》 is not its own period
_REFERENCED = re.compile(r"(?:贯彻|落实|根据|依据|按照|对照|对接|衔接|参照|结合)[^。》]*《[^》]*$")
_ONE_YEAR_TITLE = re.compile(
    r"((?:19|20)\d\d)\s*年(?:度)?[^\n]{0,30}?(?:工作要点|工作计划|要点|行动计划|工作方案|计划|任务)"
)


def _title(search: str) -> str:
    """The document's title: its first non-empty lines up to three, until the first long one (the body)."""
    lines: list[str] = []
    for line in (line for line in search.split("\n") if line.strip()):
        if len(line.strip()) > 60 or len(lines) == 3:
            break
        lines.append(line)
    return "\n".join(lines)


_FULL_DATE = re.compile(r"((?:19|20)\d\d)\s*(?:年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|-\d{1,2}-\d{1,2}(?!\d))")


def document_year(search: str) -> int | None:
    """The year a document is dated: a full date near its start (dateline, 发布日期), else near its end (signature)."""
    m = _FULL_DATE.search(search[:600]) or None
    if m is None:
        tail = list(_FULL_DATE.finditer(search[-400:]))
        m = tail[-1] if tail else None
    return int(m.group(1)) if m else None


def plan_period(search: str) -> PlanPeriod | None:
    """The plan's period and the year the document is dated (:func:`_period`, :func:`document_year`)."""
    period = _period(search)
    if period is None:
        return None
    written = document_year(search)
    return replace(period, written=written) if written is not None and written <= period.end else period


def _period(search: str) -> PlanPeriod | None:
    """The plan's period: from its title, else its stated implementation period, else its target years.

    In order: a span in the title (2022-2025年), a five-year plan in the title (“十四五”), one year in a
    work plan's title (2024年知识产权工作要点), a span of months in the text (2021年6月至2023年12月), a
    five-year plan near the start, and at last the target year the text states most (到2025年).

    Args:
        search: The searchable text (:func:`ipdata.extract.numbers.searchable`).
    """
    title = _title(search)
    m = _RANGE_IN_TITLE.search(title)
    if m and int(m.group(1)) < int(m.group(2)):
        return PlanPeriod(int(m.group(1)), int(m.group(2)), f"{m.group(0)} in the title")
    m = _FYP.search(title)
    years = five_year_plan("十" + m.group(1)) if m else None
    if m and years:
        return PlanPeriod(*years, f"“十{m.group(1)}五” in the title")
    m = _ONE_YEAR_TITLE.search(title)
    if m:
        return PlanPeriod(int(m.group(1)), int(m.group(1)), f"{m.group(1)}年 in the title (a plan for one year)")
    for m in _RANGE_IN_TITLE.finditer(search[:800]):  # a news report names the plan: 印发《…（2023—2025年）》
        if int(m.group(1)) < int(m.group(2)) and not _REFERENCED.search(search[max(0, m.start() - 40) : m.start()]):
            return PlanPeriod(int(m.group(1)), int(m.group(2)), f"{m.group(0)} near the start")
    m = _MONTH_SPAN.search(search)
    if m and (int(m.group(1)), int(m.group(2))) < (int(m.group(3)), int(m.group(4))):
        months = int(m.group(2)), int(m.group(4))
        if all(1 <= x <= 12 for x in months):
            return PlanPeriod(int(m.group(1)), int(m.group(3)), f"{m.group(0)} in the text", *months)
    m = _FYP_PLAN.search(search[:600])  # “十四五”…规划, not “十三五”以来 (a span of the past)
    years = five_year_plan("十" + m.group(1)) if m else None
    if m and years:
        return PlanPeriod(*years, f"“十{m.group(1)}五” plan near the start")
    stated = sorted(int(y) for y in _TO_YEAR.findall(search))
    if stated:
        end = max(set(stated), key=lambda y: (stated.count(y), y))
        return PlanPeriod(
            end - 4, end, f"到{end}年 (the most stated target year); start not stated", start_stated=False
        )
    return None


@dataclass(frozen=True)
class TimeMark:
    """A statement of time in the text that sets the context of what follows in its paragraph.

    Attributes:
        start: Offset of the mark.
        end: Offset after it.
        tense: ``future`` (a target year or the plan period), ``past`` (an earlier year or plan, 五年来)
            or ``base`` (比2015年: a comparison, no change of tense).
        year: The year it names (the target year for ``future``), if any.
        period: The years of a plan period it names (“十三五”期间), if any.
        interim: An aside (其中到2024年底…): it holds for its sentence, then the year before it is back.
    """

    start: int
    end: int
    tense: str
    year: int | None = None
    period: tuple[int, int] | None = None
    interim: bool = False


_YEAR = re.compile(
    r"(?P<pre>比|较|相比|与|同|对比|由|从)?\s*(?P<to>到|至|截至|截止到?|力争到?|争取到?)?\s*(?P<year>(?:19|20)\d\d)\s*年"
    r"(?P<post>底|末|前|以前|之前)?(?!\s*\d{1,2}\s*月\s*\d{1,2}\s*日)"
)
_FYP_SPAN = re.compile(rf"[“\"'‘「『]?十([{_CN[:9]}])五[”\"'’」』]?\s*(?:期间|时期|期末|末|以来|内)")
_PLAN_SPAN = re.compile(r"(?:示范期|规划期|实施期|建设期|试点期|计划期|方案期)(?:内|间|末)?|本规划期")
_RELATIVE_YEAR = re.compile(r"去年|上年|今年|本年|明年")
_PAST_SPAN = re.compile(r"五年来|近年来|多年来|过去五年|过去一年|以来,|以来，")


def _year_marks(search: str, period: PlanPeriod | None) -> Iterator[TimeMark]:
    """到2025年 (future), 2015年 before the plan (past), 比2015年 (a comparison), 其中到2023年 (an interim aside)."""
    first = period.start if period else None
    written = period.written if period else None
    for m in _YEAR.finditer(search):
        year = int(m.group("year"))
        start = m.start() + len(m.group(0)) - len(m.group(0).lstrip())  # \s* may have taken the line break before
        bare_before_end = period is not None and not period.start_stated and not m.group("to") and year < period.end
        before_written = written is not None and year < written  # the document cannot set a target for its past
        status = (m.group("to") or "").startswith(("截至", "截止")) and period is not None and year < period.end
        if m.group("pre"):
            yield TimeMark(start, m.end(), "base", year)
        elif first is not None and year < first or bare_before_end or before_written or status:
            yield TimeMark(m.start("year"), m.end(), "past", year)
        elif first is not None or m.group("to"):
            aside = search[max(0, start - 3) : start].endswith(("其中", "其中,", "其中，"))
            yield TimeMark(start, m.end(), "future", year, interim=aside)


def _plan_marks(search: str, period: PlanPeriod | None) -> Iterator[TimeMark]:
    """“十三五”期间 (a five-year plan: past or this one), 示范期内 (this plan's period), 五年来 (past)."""
    first = period.start if period else None
    for m in _FYP_SPAN.finditer(search):
        years = five_year_plan("十" + m.group(1))
        if years is not None:
            tense = "past" if first is not None and years[1] < first else "future"
            yield TimeMark(m.start(), m.end(), tense, years[1], years)
    if period is not None:
        for m in _PLAN_SPAN.finditer(search):
            yield TimeMark(m.start(), m.end(), "future", period.end, (period.start, period.end))
    for m in _PAST_SPAN.finditer(search):
        yield TimeMark(m.start(), m.end(), "past")
    written = period.written if period else None
    for m in _RELATIVE_YEAR.finditer(search):  # 今年/明年 need the document's own year; 去年 is past in any case
        shift = {"去年": -1, "上年": -1, "今年": 0, "本年": 0, "明年": 1}[m.group(0)]
        if shift < 0:
            yield TimeMark(m.start(), m.end(), "past")
        elif written is not None:
            yield TimeMark(m.start(), m.end(), "future", written + shift)


def time_marks(search: str, period: PlanPeriod | None) -> list[TimeMark]:
    """Every time mark of the text in order (years, plan periods, 五年来), each with its tense."""
    marks = [*_year_marks(search, period), *_plan_marks(search, period)]
    return sorted(marks, key=lambda t: t.start)


_HEADING = re.compile(
    rf"^\s*(?:#+\s*)?(?:\*\*)?\s*(?P<num>[{_CN}]+\s*[、.]|[(（][{_CN}]+[)）]|第[{_CN}]+[章节部分篇]|\d+\s*[、.](?!\d))"
)
_PAST_TITLE = re.compile(r"基础|现状|回顾|成就|成绩|成效|形势|背景|总结|进展|取得")
_TARGET_TITLE = re.compile(r"目标|指标")


def _heading_title(line: str) -> str:
    """A numbered line's heading: the line when short, else its first sentence when that is short.

    （一）发展基础。近年来… is a heading run into its paragraph; a line with neither is a paragraph ("").
    """
    text = line.strip().strip("#*").strip()
    first = re.split(r"[。.](?!\d)", re.sub(r"^\s*(?:#+\s*)?(?:\*\*)?", "", line.strip()), maxsplit=1)
    if len(text) <= 40 and not text.endswith(("。", ";", "；")):
        return text
    return first[0].strip("*").strip() if len(first) == 2 and len(first[0]) <= 24 else ""


def _level(num: str) -> int:
    if num.startswith(("(", "（")):
        return 2
    if num[0].isdigit():
        return 3
    return 1


def sections(search: str) -> dict[str, list[tuple[int, int]]]:
    """Spans of the text under review headings (``past``) and target headings (``targets``).

    A review heading is 一、发展基础, (一)发展现状, 工作回顾; a target heading (三)发展目标, 主要指标. A
    heading is a short line that starts with a section number (一、 (一) 第一章 1.); a section runs until
    the next heading of its level or above that is not of its sort.
    """
    spans: dict[str, list[tuple[int, int]]] = {"past": [], "targets": []}
    open_at: dict[str, tuple[int, int]] = {}  # sort -> (start offset, level)
    offset = 0
    for line in search.split("\n"):
        m = _HEADING.match(line)
        title = _heading_title(line)
        if m and title:
            level = _level(m.group("num").strip())
            is_target = bool(_TARGET_TITLE.search(title))
            sort_of = {"past": bool(_PAST_TITLE.search(title)) and not is_target, "targets": is_target}
            for sort, is_it in sort_of.items():
                if sort in open_at and level <= open_at[sort][1] and not is_it:
                    spans[sort].append((open_at.pop(sort)[0], offset))
                if is_it and sort not in open_at:
                    open_at[sort] = (offset, level)
        offset += len(line) + 1
    for sort, (start, _) in open_at.items():
        spans[sort].append((start, len(search)))
    return spans


_MULTI_SPACE = re.compile(r"\s{2,}|\t")
_NUMERIC_CELL = re.compile(r"\d")


def line_cells(line: str) -> list[tuple[int, int]] | None:
    """The cells of a table row written on one line, as (start, end) offsets in the line; ``None`` if prose.

    Text exports and converted documents write a row as ``| A | 7.38 | 20 |`` (Markdown), ``A<tab>7.38<tab>20``
    (a table copied from Word) or ``A    7.38    20`` (a PDF's text layer). A Markdown rule line
    (``|---|---|``) is a row with no cells. Lines that start with a tab are the one-cell-per-line format
    of :mod:`ipdata.extract.documents`, not this.
    """
    if line.startswith("\t") or not line.strip():
        return None
    stripped = line.strip()
    if stripped.startswith("|") and stripped.count("|") >= 3:
        if re.fullmatch(r"[|:\-\s]+", stripped):
            return []
        cells, at = [], line.index("|") + 1
        for part in line[at:].split("|")[:-1] if stripped.endswith("|") else line[at:].split("|"):
            lead = len(part) - len(part.lstrip())
            cells.append((at + lead, at + len(part.rstrip())))
            at += len(part) + 1
        return cells
    parts = [(m.start(), m.end()) for m in re.finditer(r"\S(?:.*?\S)?(?=\s{2,}|\t|\s*$)", line)]
    if len(parts) >= 3 and "\t" in stripped or len(parts) >= 3 and _MULTI_SPACE.search(stripped):
        texts = [line[a:b] for a, b in parts]
        years = sum(bool(re.fullmatch(r"(?:19|20)\d\d\s*年?.*", t)) for t in texts)
        numbers = sum(bool(_NUMERIC_CELL.search(t)) for t in texts[1:])
        if years >= 2 or numbers >= 1 and not re.search(r"[。；;]", stripped):
            return parts
    return None


_RELATIVE_GROWTH = re.compile(r"年均增长|年平均增长|年均增速|年均递增|平均每年增长|年增长率")
_INCREASE = re.compile(r"增长|增加|提高|提升|翻番|上升")
_REDUCTION = re.compile(r"压减|压缩|减少|下降|降低|缩短|减至")
_SHARE = re.compile(r"占比|比重|比例|覆盖率|实施率|转化率|普及率|占.{0,20}的")
_LEVEL = re.compile(r"拥有量|总量|保有量|存量|有效|每万|万人|每百|密度|规模")
_FLOW = re.compile(r"年度|年均|每年|年.{0,4}量|成交额|金额|贷款额|收入|授权量|申请量|登记量|投保|次数|交易额|营业")
_CUMULATIVE = re.compile(r"累计|新增|期间|时期|期内|新创建|新培育|新认定")


def kind_of(indicator: str, context: str, unit: str, has_period: bool) -> str:
    """The target kind (the ``kind`` column) from the indicator's words, the clause around it and the unit.

    Args:
        indicator: The indicator text.
        context: The clause (or table row) the target stands in.
        unit: The target's unit.
        has_period: Whether the clause names a period (“十三五”期间, 示范期内): a total over it.
    """
    words = indicator + " " + context
    if unit in DURATION_UNITS or unit == "分":  # a time limit or a score: a level to reach or keep under
        return "level"
    if unit in PERCENT_UNITS:
        return _percent_kind(indicator, context)
    if _LEVEL.search(indicator) and "新增" not in words:
        return "level"
    if _CUMULATIVE.search(words) or has_period:
        return "cumulative"
    if unit in MONEY_UNITS or _FLOW.search(indicator):
        return "flow"
    if unit in ("件",):
        return "level"
    return "count"


def _percent_kind(indicator: str, context: str) -> str:
    """A target in per cent: a growth rate, a change, a rate to keep above (floor) or a share."""
    if _RELATIVE_GROWTH.search(indicator + " " + context):
        return "growth_rate"
    if _REDUCTION.search(context):
        return "reduction"
    if _INCREASE.search(context) and not _SHARE.search(indicator) and "率" not in indicator:
        return "increase"
    if "率" in indicator and not _SHARE.search(indicator):
        return "floor"
    return "share"


_ABOUT = re.compile(r"左右|约|大约|接近|上下")
_AT_MOST_BEFORE = re.compile(r"控制在|不超过|不高于|(?<!不)低于|压减至|降至|降低到|≤|<=|<")
_AT_MOST = re.compile(r"以内|以下|不超过|不高于|控制在|(?<!不)低于|(?<!不)少于|之内")


def comparator_of(q: Quantity, after: str, before: str) -> str:
    """``range``, ``about``, ``at_most`` or ``at_least`` from the quantity and the words beside it."""
    if q.is_range:
        return "range"
    if _ABOUT.search(after[:3]) or before.endswith(("约", "大约", "接近")):
        return "about"
    if _AT_MOST.search(after[:4]) or _AT_MOST_BEFORE.search(before[-8:]):
        return "at_most"
    return "at_least"


_DENOMINATOR = re.compile(r"^(?:每)?(万人|万|百家企业|千人|百万人|十万人)")


def indicator_unit(indicator: str, unit: str) -> str:
    """The unit a density takes from its indicator's words: 每万人…拥有量 20件 is 件/万人."""
    m = _DENOMINATOR.match(indicator)
    if m and unit not in PERCENT_UNITS and "/" not in unit:
        denominator = {"万": "万人"}.get(m.group(1), m.group(1))
        return f"{unit}/{denominator}"
    return unit


@dataclass
class Candidate:
    """One target as found, before indicators are matched and duplicates merged.

    Attributes:
        start: Offset of the quote's first character in the document text.
        end: Offset after its last character.
        indicator_text: The indicator as the document names it.
        quantity: The value or range with its unit.
        comparator: ``at_least``, ``at_most``, ``about`` or ``range``.
        qualifier: The document's own words for the comparator (力争达, 达…以上).
        kind: The target kind.
        target_year: The year it is due (``None`` when neither the text nor the plan says).
        period: First and last year of a total (cumulative targets).
        baseline_year: Year of the base value the document states beside it.
        baseline_value: The base value.
        region: A region named for it other than the plan's (a table column 2020年（浙江省）), if any.
        source: ``text`` or ``table``.
        checks: What the analyst should look at: (key of :data:`ipdata.extract.targets.CHECKS`, detail) pairs.
    """

    start: int
    end: int
    indicator_text: str
    quantity: Quantity
    comparator: str
    qualifier: str
    kind: str
    target_year: int | None
    period: tuple[int, int] | None = None
    baseline_year: int | None = None
    baseline_value: float | None = None
    region: str | None = None
    source: str = "text"
    checks: list[tuple[str, str]] = field(default_factory=list)
