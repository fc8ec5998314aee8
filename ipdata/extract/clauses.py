"""Targets stated in prose: "到2025年，A达到20件，B累计达500件；C 2-3家" → one candidate per quantity.

The grammar, in the order it is applied to each paragraph:

1. Time carries: a time mark (到2020年, “十三五”期间, 示范期内, 2015年, 五年来) sets the tense of the rest
   of its paragraph; a paragraph under a review heading (一、发展基础) starts in the past. A statement
   of the past (2015年…达到7.38件, 是2010年的2.98倍, “十二五”期间) is not a target.
2. A quantity (:data:`ipdata.extract.numbers.QUANTITY`) in a clause that is not past is a target when
   the paragraph looks ahead (a target year or the plan period) or the clause has a target's words
   (达到, 以上, 力争, 新增, 培育…); a quantity that qualifies a noun (超千万元的机构) or counts the plan's
   own parts (三个层面) is not.
3. The indicator is the noun phrase before the comparator (A达到20件), or after the number when the
   clause starts with a verb (组织100次以上专项行动); "A、B分别达到X、Y" pairs names and quantities.
4. The comparator and the qualifier come from the words around the number (达…以上, 左右, 控制在…以内);
   "由7.38件提高到20件" gives the base value too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .candidates import (
    Candidate,
    PlanPeriod,
    TimeMark,
    comparator_of,
    indicator_unit,
    kind_of,
    line_cells,
    sections,
    time_marks,
)
from .numbers import QUANTITY, Quantity, quantity

__all__ = ["prose_candidates"]

_SENTENCE_END = re.compile(r"[。;!?]")
_CLAUSE_END = re.compile(r"[,:]")
_PAST_WORDS = re.compile(
    r"已|去年|上年|前年|今年以来|[\u4e00-\u9fff]了(?=[^,]{0,8}\d)|现有|目前|当前|共有|分别为|同比|位居|居全国|是.{0,12}的.{0,8}倍|为.{0,10}期末的|期末的|较上年|比上年|比上一年|以来"
)
_TARGET_WORDS = re.compile(
    r"达到|达|超过|超|以上|左右|力争|争取|不低于|不少于|累计|新增|突破|控制在|以内|不超过|增长|提高到|提升到|"
    r"培育|建成|建设|新建|形成|实现|组织|培训|推动|引导|推进|发放|吸引|选择|择优|构建|打造|创建|认定|引进|开展|完成|"
    r"扶持|支持|建立|设立|举办|每年|年均|全部|覆盖|确保|压减|减少|缩短|降低|下降|提高|提升"
)
_SUBJECT = re.compile(r"\s*(.+?)(?:实现|达到|超过|突破|增长|提高|提升|翻|力争|将|要)")
_REVIEW_MEASURES = re.compile(
    r"(?:完成|实现)(?:了)?(?:规划|年度)?目标的$|目标的$|完成率(?:为|达)?$|进度(?:为|达)?$|还差$|差距(?:为)?$"
)
_POLICY_TERMS = re.compile(r"奖励|补助|资助|补贴|贴息|最高|给予|按[^,]{0,10}的$|一次性")
_COMPARATOR_WORDS = re.compile(r"(?:达到|达|超过|超|不低于|不少于|累计|新增|突破|力争|争取|确保)\s*$")
_LEAD = re.compile(
    r"^(?:\s|[-*#>]|——|\d+[.、](?!\d)|[(][\d一二三四五六七八九十]+[)]|[一二三四五六七八九十]+是|"
    r"(?:到|至|截至|力争到?|争取到?)?(?:19|20)\d\d年(?:底|末)?|[“\"]?十[一二三四五六七八九]五[”\"]?(?:期间|时期|期末|末)?|"
    r"(?:示范|规划|实施|建设|试点)期(?:内|间)?|全市|全省|全区|全县|全国|本市|我市|我省|我区|其中|同时|另外|此外|届时|将|要|"
    r"并|且|以及|及|和|、)+"
)
_BULLET = re.compile(r"^(?:\s|[-*#>]|——|\d+[.、](?!\d)|[(][\d一二三四五六七八九十]+[)]|[一二三四五六七八九十]+是|、)+")
_PRE_QUALIFIER = re.compile(
    r"(?:力争|争取|确保|累计|新增|年均|平均每年|每年)?"
    r"(?:达到|达至|到达|达|超过|超|突破|不低于|不少于|保持在|控制在|提高到|提升到|提高至|提升至|增加到|增长到|"
    r"压减至|压减到|压缩至|降至|降到|降低到|降低至|缩短至|缩短到|减少到|减少至|减至|下降到|下降至|"
    r"增长|提高|提升|增加|压减|减少|实现|为)?\s*$"
)
_POST_QUALIFIER = re.compile(r"^\s*(以上|以内|左右|以下|上下|之内)")
_VERBS = re.compile(
    r"^(?:培育|建成|建设|新建|形成|实现|组织|培训|推动|引导|推进|发放|吸引|选择|择优推荐|择优选择|择优|构建|打造|创建|认定|引进|"
    r"开展|完成|扶持|支持|建立|设立|举办|重点扶持|新创建|新申请|申请|授权|实施|办理|推荐|上报|成立|入驻|发展|"
    r"培养|引育|认证|获得|评选|命名|表彰|资助|奖励|打造)+"
)
_NOUN_AFTER_COUNT = re.compile(r"^\s*(?:方面|层面|环节|阶段|维度|领域|板块|原则|理念|结合|以上的|左右的|分之)")
_BEFORE_EXCLUDED = re.compile(r"(?:第|前|近|每|逾|约)$")
_FROM = re.compile(r"(?:由|从)\s*(?:(?P<year>(?:19|20)\d\d)\s*年\s*(?:底|末)?\s*的?)?\s*$")
_TO = re.compile(r"^\s*(?:提高|提升|增加|增长|上升|扩大|发展)(?:到|至)")


def _paragraphs(search: str) -> Iterator[tuple[int, str]]:
    """Each prose line with its offset; indicator-table cell lines (tab first) and their continuations left out."""
    offset = 0
    in_table = False
    for line in search.split("\n"):
        if line.startswith("\t"):
            in_table = True
        elif line_cells(line) is not None:
            in_table = False  # a table row on one line: the table reader's
        elif not line.strip():
            pass
        elif in_table and len(line.strip()) <= 30:
            pass  # a table cell's second line: （亿元）
        else:
            in_table = False
            yield offset, line
        offset += len(line) + 1


def _spans(text: str, pattern: re.Pattern[str], offset: int) -> Iterator[tuple[int, int]]:
    """Pieces of ``text`` between matches of ``pattern``, as absolute spans."""
    start = 0
    for m in pattern.finditer(text):
        yield offset + start, offset + m.start()
        start = m.end()
    yield offset + start, offset + len(text)


@dataclass
class _Context:
    """The time context as a paragraph's clauses are read: tense (past, future, neutral), target year, period."""

    tense: str
    year: int | None = None
    period: tuple[int, int] | None = None
    saved: tuple[str, int | None] | None = None  # the context an interim aside replaced, back at the full stop

    def apply(self, mark: TimeMark) -> None:
        """A time mark changes the context of what follows it (a comparison, 比2015年, changes nothing)."""
        if mark.tense == "base":
            return
        if mark.interim and self.saved is None:
            self.saved = (self.tense, self.year)
        self.tense = mark.tense
        self.year = mark.year if mark.tense == "future" else None
        self.period = mark.period if mark.tense == "future" else None


@dataclass(frozen=True)
class _Clause:
    """A clause that may state targets, with the context it is read in."""

    start: int
    end: int
    year: int | None
    period: tuple[int, int] | None
    sentence_start: int


def _clauses(search: str, period: PlanPeriod | None) -> Iterator[_Clause]:
    """Every clause of the prose that is not about the past and reads as a target (rules 1 and 2)."""
    marks = time_marks(search, period)
    spans = sections(search)
    for offset, line in _paragraphs(search):
        under = [sort for sort, where in spans.items() if any(a <= offset < b for a, b in where)]
        context = _Context("past" if "past" in under else "future" if "targets" in under else "neutral")
        line_marks = [m for m in marks if offset <= m.start < offset + len(line)]
        for sentence in _spans(line, _SENTENCE_END, offset):
            targets_said = bool(_TARGET_WORDS.search(search[sentence[0] : sentence[1]]))
            for start, end in _spans(search[sentence[0] : sentence[1]], _CLAUSE_END, sentence[0]):
                for mark in (m for m in line_marks if start <= m.start < end):
                    context.apply(mark)
                text = search[start:end]
                if context.tense == "past" or _PAST_WORDS.search(text):
                    continue
                if context.tense == "neutral" and not (targets_said or _TARGET_WORDS.search(text)):
                    continue
                yield _Clause(start, end, context.year, context.period, sentence[0])
            context.period = None  # a period (“十三五”期间) holds for its sentence
            if context.saved is not None and search[sentence[1] : sentence[1] + 1] in ("。", "!", "?", ""):
                (context.tense, context.year), context.saved = context.saved, None


def _indicator(search: str, start: int, end: int) -> tuple[str, str, int]:
    """The indicator phrase of ``search[start:end]`` (the text before a number), its qualifier, and the quote's start.

    The quote starts after list marks, spaces and an opening year (到2025年，); context words such as 全市
    stay in the quote but not in the name.
    """
    piece = search[start:end]
    lead = _LEAD.match(piece)
    cut = lead.end() if lead else 0
    bullet = _BULLET.match(piece)
    quote_cut = bullet.end() if bullet else 0
    year = re.match(r"(?:到|至)?(?:19|20)\d\d年(?:底|末)?", piece[quote_cut:])
    quote_cut += year.end() if year else 0
    body = piece[cut:]
    qual = _PRE_QUALIFIER.search(body)
    qualifier = qual.group(0).strip() if qual else ""
    name = body[: qual.start()] if qual else body
    return name.strip(' *"“”、'), qualifier, start + min(quote_cut, cut)


def _after_name(search: str, start: int, end: int) -> str:
    """The noun after a number (组织100次以上 *打击假冒专利行为专项整治行动*), up to the clause end."""
    piece = _POST_QUALIFIER.sub("", search[start:end])
    return piece.strip(' *"“”、的')[:40]


def _paired_names(search: str, start: int, first: int) -> list[str]:
    """The names before 分别 in "A、B分别达到X、Y", in order (empty without 分别)."""
    head = search[start:first]
    i = head.find("分别")
    if i < 0:
        return []
    names, _, _ = _indicator(search, start, start + i)
    return [n.strip() for n in re.split(r"、|和|及|与", names) if n.strip()]


def _is_target_quantity(q: Quantity, before: str, after: str) -> bool:
    """Whether a quantity is a target's value, not part of a name or of the plan's own structure."""
    if re.match(r"\s*的", after) and (not _COMPARATOR_WORDS.search(before) or QUANTITY.search(after)):
        return False  # 超千万元的机构达到20家: the amount names the institutions (规模不低于5000万元的基金 is a target)
    if _NOUN_AFTER_COUNT.match(after) or _BEFORE_EXCLUDED.search(before) or before.rstrip().endswith(("“", '"', "等")):
        return False  # 三个方面, 第二, 每百家企业, “三名”工程, 区科技局等16个部门
    if _POLICY_TERMS.search(before[-12:]):
        return False  # 给予一次性奖励20万元, 按贷款利息的50%贴息, 单户每年最高20万元: a policy's terms, not a target
    if _REVIEW_MEASURES.search(before[-10:]):
        return False  # 完成目标的68%, 离目标还差6个: a review's measure of progress, not a target
    if re.match(r"\s*[万亿千]?[元件家个项人次]", after):  # 千万元 read short
        return False
    if re.match(r"[零〇一二两三四五六七八九十百千]", q.written):  # 五个专项行动, 两条途径: the plan's own parts
        return q.is_range or bool(_POST_QUALIFIER.match(after) or _COMPARATOR_WORDS.search(before))
    return True


def _name(
    search: str, q: Quantity, piece: tuple[int, int], clause: _Clause, paired: str | None, based: bool
) -> tuple[str, str, int]:
    """The target's indicator name, qualifier and quote start (rule 3)."""
    indicator, qualifier, quote_start = _indicator(search, *piece)
    if (
        not indicator
        or len(indicator) <= 1
        or _VERBS.fullmatch(re.sub(r"^(?:累计|新增|每年|年|力争|争取|确保|将|要)+", "", indicator) or "培育")
    ):
        verb, indicator = indicator, _after_name(search, q.end, clause.end)  # 组织100次以上专项行动
        qualifier = qualifier or verb
    if based:
        indicator = re.split(r"由|从", indicator)[0].strip()  # 质押融资金额由2020年的120亿元提高到…
    if paired:
        return paired, qualifier, clause.start
    if not indicator:  # "有效注册商标总量实现翻一番，达到1.6万件": the subject of the clause before
        before = search[clause.sentence_start : clause.start].rstrip(",").split(",")[-1]
        subject = _SUBJECT.match(before)
        indicator = _LEAD.sub("", subject.group(1)).strip() if subject else ""
    if _VERBS.match(indicator) and len(_VERBS.sub("", indicator, count=1)) >= 5:
        indicator = _VERBS.sub("", indicator, count=1)  # 培育知识产权示范企业 → 知识产权示范企业 (授权专利 stays)
    return indicator, qualifier, quote_start


def _kind(indicator: str, text: str, unit: str, clause: _Clause) -> str:
    kind = kind_of(indicator, text, unit, clause.period is not None)
    every_year = "每年" in text or re.match(r"\s*年(?:开展|完成|举办|组织|培训|实施)", text)
    return "floor" if every_year and kind not in ("growth_rate", "share", "floor") else kind


def _candidate(
    search: str,
    q: Quantity,
    piece: tuple[int, int],
    clause: _Clause,
    period: PlanPeriod | None,
    paired: str | None,
    base: tuple[int | None, float] | None,
) -> Candidate | None:
    """The target of one quantity in its clause, or ``None`` when the quantity is not a target."""
    after, before = search[q.end : clause.end], search[clause.start : q.start]
    if not _is_target_quantity(q, before, after):
        return None
    indicator, qualifier, quote_start = _name(search, q, piece, clause, paired, base is not None)
    if not indicator:
        return None
    post = _POST_QUALIFIER.match(after)
    if post:
        qualifier = f"{qualifier}…{post.group(1)}" if qualifier else post.group(1)
    unit = indicator_unit(indicator, q.unit)
    kind = _kind(indicator, search[clause.start : clause.end], unit, clause)
    checks: list[tuple[str, str]] = []
    year = clause.year
    if year is None and period is not None:
        year = period.end
        checks.append(("year_from_plan", str(period.end)))
    total = None
    if kind == "cumulative":
        total = clause.period or ((period.start, period.end) if period else None)
        if clause.period is None and period is not None:
            checks.append(("period_from_plan", f"{period.start}–{period.end}"))
    if unit != q.unit:
        checks.append(("unit_from_words", f"{q.unit} → {unit}"))
    if base is not None and base[0] is None:
        checks.append(("base_year_unstated", ""))
    return Candidate(
        start=quote_start,
        end=q.end + (post.end() if post else 0),
        indicator_text=indicator,
        quantity=q,
        comparator=comparator_of(q, after, before),
        qualifier=qualifier.strip(),
        kind=kind,
        target_year=year,
        period=total,
        baseline_year=base[0] if base else None,
        baseline_value=base[1] if base else None,
        checks=checks,
    )


def _full_coverage(search: str, clause: _Clause, period: PlanPeriod | None) -> Candidate | None:
    """A share of 100 % where no number is written: "实现县(市、区)知识产权保护中心全覆盖"."""
    text = search[clause.start : clause.end]
    m = re.search(r"(?:实现|达到)?(?P<what>[^,]{2,40}?)全覆盖", text)
    if not m or QUANTITY.search(text):
        return None
    name = _LEAD.sub("", m.group("what")).strip()
    if not name:
        return None
    end = clause.start + m.end()
    q = Quantity(end - 3, end, 100.0, None, None, "%", "全覆盖")
    checks = [("full_coverage", "")]
    year = clause.year
    if year is None and period is not None:
        year = period.end
        checks.append(("year_from_plan", str(period.end)))
    return Candidate(clause.start + m.start(), end, name, q, "at_least", "全覆盖", "share", year, checks=checks)


def _quantities(search: str, clause: _Clause) -> list[Quantity]:
    """The quantities of a clause at their offsets in the document (一个/一家 in characters left out)."""
    found = []
    for m in QUANTITY.finditer(search, clause.start, clause.end):
        q = quantity(m)
        if q is not None and not (q.written[:1] == "一" and q.value == 1):  # 建设一个平台: an article
            found.append(q)
    return found


def _clause_candidates(search: str, clause: _Clause, period: PlanPeriod | None) -> Iterator[Candidate]:
    """The targets of one clause: one per quantity, the names paired by 分别, a 由…提高到 base kept."""
    quantities = _quantities(search, clause)
    if not quantities:
        coverage = _full_coverage(search, clause, period)
        if coverage is not None:
            yield coverage
        return
    names = _paired_names(search, clause.start, quantities[0].start)
    paired = len(names) == len(quantities) > 1
    previous, base = clause.start, None
    for i, q in enumerate(quantities):
        start = base[2] if base else (clause.start if paired else previous)
        from_ = _FROM.search(search[previous : q.start])
        if from_ and q.value is not None and _TO.match(search[q.end : clause.end]):
            year = int(from_.group("year")) if from_.group("year") else None
            base = (year, q.value, previous)  # 由7.38件提高到20件: the base, then the target
            previous = q.end
            continue
        based = (base[0], base[1]) if base else None
        candidate = _candidate(search, q, (start, q.start), clause, period, names[i] if paired else None, based)
        if candidate is not None:  # a number that is part of a name (每百家企业) stays in the next name
            yield candidate
            previous, base = q.end, None


def prose_candidates(search: str, period: PlanPeriod | None) -> list[Candidate]:
    """Every target the prose of a document states, in document order.

    Args:
        search: The searchable text (:func:`ipdata.extract.numbers.searchable`); offsets are the document's.
        period: The plan period (:func:`ipdata.extract.candidates.plan_period`), the default target year.
    """
    return [c for clause in _clauses(search, period) for c in _clause_candidates(search, clause, period)]
