"""Every word ipdata shows a reader, in Chinese and English, and the reasons a target is not assessed.

Why one module: reports are read in Chinese first, and a phrase that exists only in English (or is
translated in one view but not another) is a bug a reader sees. So every label, sentence template
and reason lives here once, as a ``(zh, en)`` pair, and views fill in the numbers.

Reasons are codes with parameters (:class:`Reason`), not prose: the assessment records *why* a target
cannot be judged, and both languages are rendered from the same code, so nothing parses English back
into Chinese.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

import numpy as np
import pandas as pd

__all__ = [
    "CN_REVIEW_LABELS",
    "LANGUAGES",
    "Reason",
    "CN_REVIEW_LABELS_EN",
    "CHOICE_WORDS",
    "SHEET_COLUMN_LABELS",
    "COLUMN_LABELS",
    "COMPLETION_HEADERS",
    "SOURCES_HEADERS",
    "PAGE_TEXT",
    "NOTEBOOK_TEXT",
    "READER_LABELS",
    "READER_VALUES",
    "PLAN_FILE_INSTRUCTIONS",
    "REPORT_TEXT",
    "check_language",
    "column_label",
    "expected_count",
    "goal_phrase",
    "is_missing",
    "reason_of",
    "reason_words",
    "status_words",
    "unit_label",
    "unit_suffix",
    "pick",
    "words",
]

T = TypeVar("T")

LANGUAGES = ("zh", "en")

# key -> (Chinese, English); ``{name}`` fields are filled by :func:`words`
_WORDS: dict[str, tuple[str, str]] = {
    # probability and outcome statuses (assessment ``status`` column)
    "very_likely": ("很可能", "very likely"),
    "likely": ("可能", "likely"),
    "about_as_likely_as_not": ("可能性约一半", "about as likely as not"),
    "unlikely": ("不太可能", "unlikely"),
    "very_unlikely": ("很不可能", "very unlikely"),
    "target_achieved": ("已实现", "achieved"),
    "target_missed": ("未实现", "missed"),
    # observation statuses (the observations' ``status`` column), as a reader sees them
    "final": ("正式数", "final"),
    "preliminary": ("初步数", "preliminary"),
    "derived": ("推算数", "derived"),
    "unofficial": ("非官方", "unofficial"),
    # figure labels
    "observed": ("观测值", "observed"),
    "median": ("预测中位数", "forecast median"),
    "fan80": ("80% 预测区间", "80% interval"),
    "fan95": ("95% 预测区间", "95% interval"),
    "target": ("目标", "target"),
    "required": ("所需路径", "required path"),
    "as_of": ("预测截至", "forecast as of"),
    "source": ("来源", "Source"),
    "year": ("年份", "year"),
    "probability": ("实现概率", "probability of attainment"),
    "not_assessed": ("无法评估", "not assessed"),
    "and_more": ("等{n}项", "and {n} more"),
    "warning_flag": ("预警", "warning"),
    "base_from_data": ("规划未列基期值，基期取{year}年观测值", "no baseline stated: measured from the {year} value"),
    "target_row": ("目标", "target"),
    "observation_row": ("观测值", "observation"),
    "kind_level": ("期末值", "level at the target year"),
    "kind_flow": ("当年值", "amount in the target year"),
    "kind_count": ("数量", "count"),
    "kind_share": ("比例", "share"),
    "kind_floor": ("每年不低于", "in every year"),
    "kind_cumulative": ("期间累计", "cumulative over the period"),
    "kind_growth_rate": ("年均增速", "average annual growth"),
    "kind_reduction": ("较原有基础下降", "reduction from the base"),
    "kind_increase": ("较原有基础提高", "increase from the base"),
    "completion_sheet": ("完成情况表", "Completion table"),
    "sources_sheet": ("数据来源", "Sources"),
    "no_forecast": ("数据不足，无预测", "too few points: no forecast"),
    "coverage": ("区间覆盖率", "interval coverage"),
    "horizon": ("预测步长（年）", "horizon (years)"),
    "nominal": ("名义水平", "nominal"),
    "raw": ("未校准", "raw"),
    "calibrated": ("校准后", "calibrated"),
    "reliability_title": (
        "实现概率的可靠性（伪目标：训练期增速延续）",
        "Reliability of attainment probabilities (pseudo-target: the growth rate continues)",
    ),
    "predicted_probability": ("预测概率", "predicted probability"),
    "observed_frequency": ("实际实现频率", "observed frequency"),
    "perfect_calibration": ("完全校准", "perfectly calibrated"),
    "bundled_series": ("内置知识产权序列（滚动起点）", "bundled IP series (rolling origins)"),
    "outside_panels": ("外部年度面板（6年以上窗口）", "outside annual panels (6+ year windows)"),
    "cases_per_bin": ("点的大小：案例数", "marker size: cases"),
    "brier": ("Brier 评分（越低越好）", "Brier score (lower is better)"),
    "base_rate": ("基准（基础概率）", "base rate"),
    "model": ("模型", "model"),
    "plan_history": ("规划期初预测与实际结果", "forecast at plan start vs outcome"),
    "no_outcomes": ("目标年份尚无观测结果", "no target-year outcomes in the data yet"),
    "pooled": ("全部内置序列滚动回测", "rolling-origin backtest, all bundled series"),
    "list_separator": ("；", "; "),
    "colon": ("：", ": "),
    "count_unit": ("件", "number"),
    # the cross-region ranking (ipdata.views.figures.ranking_figure)
    "rank_title": (
        "{indicator}：{year}年预测值排名（{n}个地区）",
        "{indicator}: regions ranked by projected {year} value ({n})",
    ),
    "rank_axis": (
        "排名（点：按预测中位数；线：80% 排名区间）",
        "rank (dot: by forecast median; line: 80% rank interval)",
    ),
    "not_ranked": ("未排名", "not ranked"),
    # memo sentences (ipdata.views.trajectories.Trajectory.sentence)
    "no_data_yet": ("暂无观测数据", "no observations yet"),
    "data_points": (
        "现有{n}个观测值（{first}–{last}，最新{value}{unit}）",
        "{n} observation{plural} ({first}–{last}, latest {value}{unit})",
    ),
    "borrowed_volatility": (
        "，点数过少，波动率借自相关序列",
        ", too few to estimate volatility, so it is borrowed from related series",
    ),
    "series_only": ("{region}{indicator}：{data}。", "{region}, {indicator}: {data}."),
    "series_forecast": (
        "{region}{indicator}：{data}；预测{year}年中位数{median}{unit}（80%区间{lower}–{upper}）。",
        "{region}, {indicator}: {data}; {year} forecast median {median}{unit} (80% interval {lower}–{upper}).",
    ),
    "target_not_assessed": (
        "{region}{goal}：无法评估（{reason}）；{data}。",
        "{region}: {goal}. Cannot be assessed ({reason}); {data}.",
    ),
    "target_observed": (
        "{region}{goal}：{year}年实际为{value}{unit}，目标{word}。",
        "{region}: {goal}. The {year} outcome was {value}{unit}: target {word}.",
    ),
    "target_forecast": (
        "{region}{goal}：{data}，按此预测{year}年中位数为{median}（80%区间{lower}–{upper}），实现概率约{p}（{word}）",
        "{region}: {goal}. {data}; the {year} median projection is {median} (80% interval {lower}–{upper}), "
        "a probability of attainment of about {p} ({word})",
    ),
    "required_growth": ("；需自{year}年起年均增长{growth}", "; it needs {growth} a year from {year}"),
    "sentence_end": ("。", "."),
    # target goals (goal_phrase)
    "goal": (
        "{year}年{indicator}{what}目标{comparator}{value}{unit}",
        "{year} target {comparator} {value}{unit}{what}",
    ),
    "goal_about": ("{year}年{indicator}{what}目标{value}{unit}左右", "{year} target {comparator} {value}{unit}{what}"),
    "at_least": ("达到", "at least"),
    "at_most": ("不超过", "at most"),
    "about": ("左右", "about"),
    "range": ("达到", "at least"),
    "cumulative": ("累计", " (cumulative over the period)"),
    "growth_rate": ("年均增长", " (average annual growth)"),
    "floor": ("每年", " (in every year)"),
}

# Column headers people read (plan workbooks, tables): id -> (Chinese, English)
COLUMN_LABELS: dict[str, tuple[str, str]] = {
    "plan_id": ("规划编号", "plan id"),
    "title_zh": ("规划名称（中文）", "title (Chinese)"),
    "title_en": ("规划名称（英文）", "title (English)"),
    "issuer_zh": ("发布机构", "issuer (Chinese)"),
    "issuer_en": ("发布机构（英文）", "issuer (English)"),
    "region_id": ("地区", "region"),
    "issue_date": ("发布日期", "issue date"),
    "period_start": ("起始年月", "period start"),
    "period_end": ("结束年月", "period end"),
    "document": ("规划文件（文件名或网址）", "plan document (file name or URL)"),
    "notes": ("备注", "notes"),
    "target_id": ("目标编号", "target id"),
    "indicator_id": ("指标", "indicator"),
    "indicator_text_zh": ("规划原文指标名称", "indicator as worded in the plan"),
    "kind": ("类型", "kind"),
    "comparator": ("比较方式", "comparator"),
    "qualifier_zh": ("限定词（力争、以上等）", "qualifier (力争, 以上 ...)"),
    "value": ("目标值", "value"),
    "value_low": ("区间下限", "range low"),
    "value_high": ("区间上限", "range high"),
    "unit": ("单位", "unit"),
    "target_year": ("目标年份", "target year"),
    "baseline_year": ("基期年份", "baseline year"),
    "baseline_value": ("基期值", "baseline value"),
    "quote_zh": ("规划原文（引用）", "quote from the plan (Chinese)"),
    "check_zh": ("待核对（核对后清空）", "to check (clear once checked)"),
    "name_zh": ("中文名称", "Chinese name"),
    "name_en": ("英文名称", "English name"),
    "direction": ("期望方向", "desired direction"),
    "lower_bound": ("最小可能值", "smallest possible value"),
    "upper_bound": ("最大可能值", "largest possible value"),
    "aliases": ("别名（用；分隔）", "aliases (;-separated)"),
    "level": ("行政级别", "level"),
    "parent_id": ("上级地区", "parent region"),
    "region": ("地区", "region"),
    "indicator": ("指标", "indicator"),
    "date": ("年份或年月", "year or month"),
    "scope": ("统计口径", "scope"),
    "status": ("数据状态", "status"),
    "source_url": ("来源（网址或文件）", "source (URL or file)"),
    "quote": ("来源原文", "quote from the source"),
}


def column_label(column: str, lang: str, sheet: str | None = None) -> str:
    """The header a person reads for column id ``column`` (on ``sheet`` of a plan workbook; else the id itself)."""
    zh, en = SHEET_COLUMN_LABELS.get((sheet or "", column)) or COLUMN_LABELS.get(column, (column, column))
    return pick((zh, en), lang)


# The instructions sheet of a plan workbook (ipdata template): Chinese first, English below
PLAN_FILE_INSTRUCTIONS: dict[str, list[str]] = {
    "zh": [
        "规划评估工作簿：填写说明",
        "本工作簿供 ipdata 评估一个规划的目标。每张表第 1 行是中文表头，第 2 行是 ipdata 读取的列名（请勿修改）；"
        "从第 3 行起每行一条记录。",
        "从规划文件开始：ipdata extract 规划文件.docx -o 本文件.xlsx 读取规划文本（.txt .docx .pdf .html），"
        "把每个量化目标连同原文填入“目标”表，“待核对”列写明需要核对之处（年份、单位、新指标等）；核对后清空该格。",
        "“规划”表：只填一行（规划编号用小写字母、数字和下划线，如 wenzhou_14fyp；"
        "规划期用 YYYY-MM，如 2021-01 至 2025-12；“规划文件”填文件名或网址，作为每个目标的出处）。",
        "“目标”表：每个量化目标一行。类型（kind）与比较方式（comparator）从下拉列表选择；区间目标（如 1–2 个）"
        "填区间下限和上限、不填目标值；单位须与指标单位一致（增速类目标为 %）；“规划原文”请逐字摘录。",
        "“新指标”“新地区”表：只填 ipdata 尚未收录的指标和地区（已收录的直接使用其编号，见下拉列表）。",
        "“观测值”表：地区、指标、年份（YYYY，或月度数据 YYYY-MM，或期间合计 YYYY/YYYY）、数值、来源。"
        "数值为空的行表示尚无数据，不会被读取；请勿估算或补填，缺失就是缺失。",
        "第一格以“示例”开头的行是示例，不会被读取，可删除。",
        "检查：ipdata validate 本文件.xlsx；评估：ipdata report --plan-file 本文件.xlsx。",
    ],
    "en": [
        "Plan workbook: how to fill it in",
        "ipdata reads this workbook to assess one plan's targets. On every sheet row 1 is the Chinese header and row 2 "
        "the column ids ipdata reads (do not change them); records start on row 3, one per row.",
        "Start from the plan document: ipdata extract plan.docx -o this.xlsx reads the plan (.txt .docx .pdf "
        ".html) and fills the targets sheet with every quantitative target and its quote; the 待核对 column says "
        "what to check (a year, a unit, a new indicator); clear the cell once checked.",
        "Sheet 规划 plan: one row (plan id in lower-case letters, digits and _, e.g. wenzhou_14fyp; period as YYYY-MM, "
        "e.g. 2021-01 to 2025-12; document: the plan's file name or URL, the source of every target).",
        "Sheet 目标 targets: one row per quantitative target. Pick kind and comparator from the drop-down; a range "
        "(1–2) fills value_low and value_high, not value; the unit is the indicator's (% for growth targets); "
        "quote_zh is the plan's own words, verbatim.",
        "Sheets 新指标 indicators and 新地区 regions: only indicators and regions ipdata does not know "
        "(known ones: use their ids, listed in the drop-downs).",
        "Sheet 观测值 observations: region, indicator, date (YYYY, a monthly YYYY-MM, or a period total YYYY/YYYY), "
        "value and source. A row without a value is a number not yet known and is not read: never estimate or fill in.",
        "A row whose first cell starts with 示例 is an example and is not read.",
        "Check: ipdata validate this.xlsx. Assess: ipdata report --plan-file this.xlsx.",
    ],
}

# The completion table (完成情况表) of a plan evaluation: column key -> (Chinese, English)
COMPLETION_HEADERS: dict[str, tuple[str, str]] = {
    "number": ("序号", "No."),
    "region": ("地区", "Region"),
    "indicator": ("指标", "Indicator"),
    "unit": ("单位", "Unit"),
    "baseline_year": ("基期年份", "Baseline year"),
    "baseline_value": ("基期值", "Baseline value"),
    "goal_kind": ("目标类型", "Target type"),
    "goal": ("目标值", "Target value"),
    "target_year": ("目标年份", "Target year"),
    "current_value": ("现状值", "Latest value"),
    "current_year": ("现状年份", "Latest year"),
    "task_progress": ("任务进度", "Task progress"),
    "time_progress": ("时间进度", "Time progress"),
    "review": ("评价", "Review"),
    "probability": ("实现概率", "Probability of attainment"),
    "projected": ("预计值", "Projected value"),
    "projected_lower_80": ("预计值80%区间下限", "80% interval, low"),
    "projected_upper_80": ("预计值80%区间上限", "80% interval, high"),
    "required_growth": ("所需年均增速", "Required annual growth"),
    "warning": ("预警", "Early warning"),
    "note": ("说明", "Note"),
    "target_id": ("目标编号", "Target id"),
}
SOURCES_HEADERS: dict[str, tuple[str, str]] = {
    "target_id": ("目标编号", "Target id"),
    "indicator": ("指标", "Indicator"),
    "what": ("类别", "Row"),
    "date": ("日期", "Date"),
    "value": ("数值", "Value"),
    "status": ("数据状态", "Status"),
    "source": ("出处", "Source"),
    "quote": ("原文", "Quote"),
}
# The English words for the review labels (the Chinese labels are the official ones and stay in both languages)
CN_REVIEW_LABELS_EN = {
    "提前实现": "achieved early",
    "快于预期": "ahead",
    "基本符合预期": "on schedule",
    "滞后": "behind",
}

# The draft evaluation report (评估报告, ipdata.deliver.document): key -> (Chinese, English)
REPORT_TEXT: dict[str, tuple[str, str]] = {
    "title": ("{plan}实施情况评估报告（草稿）", "Evaluation of the {plan} (draft)"),
    "draft_note": (
        "本稿由 ipdata 依据所列数据自动生成，供评估人员核实、修改后使用；概率与预计值来自经回测校准的预测模型。",
        "Drafted by ipdata from the data listed in the appendix, for the evaluators to check and edit; "
        "probabilities and projections come from forecast models calibrated by backtests.",
    ),
    "h_overall": ("一、总体情况", "1. Overview"),
    "h_table": ("二、指标完成情况", "2. Indicator completion"),
    "h_targets": ("三、分指标评估", "3. Target by target"),
    "h_warnings": ("四、预警", "4. Early warnings"),
    "h_sources": ("附录：数据来源", "Appendix: sources"),
    "overall": (
        "规划共有量化目标{targets}项，其中{assessed}项可以评估：已实现{achieved}项，未实现{missed}项。"
        "按各目标的实现概率计算，预计实现{expected}项（80%区间：{low}–{high}项）。"
        "{warned}项目标预警（实现概率低于50%或进度滞后）。{unassessed}项目标因数据不足或口径原因无法评估，见各目标说明。",
        "The plan has {targets} quantitative targets, {assessed} of which can be assessed: {achieved} achieved and "
        "{missed} missed. From the targets' probabilities, {expected} are expected to be met (80% interval: "
        "{low}–{high}). {warned} targets carry an early warning (probability under 50% or behind schedule). "
        "{unassessed} cannot be assessed for lack of data or comparable definitions; see each target.",
    ),
    "table_caption": ("表1 指标完成情况表", "Table 1. Indicator completion"),
    "figure_caption": ("图1 各目标实现概率", "Figure 1. Probability of attainment by target"),
    "no_warnings": ("无预警目标。", "No target carries an early warning."),
    "warning_line": (
        "{indicator}（{region}，{year}年目标）：实现概率{probability}；{review}",
        "{indicator} ({region}, {year} target): probability {probability}; {review}",
    ),
}

# The report's web pages (ipdata.deliver.pages): key -> (Chinese, English)
PAGE_TEXT: dict[str, tuple[str, str]] = {
    "report_title": ("知识产权规划评估报告", "IP plan evaluation report"),
    "back": ("← 返回总览", "← Back to the overview"),
    "other_language": ("English", "中文"),
    "overview": ("总体情况", "Overview"),
    "deliverables": ("评估材料下载", "Deliverables"),
    "dashboard": ("各目标实现概率", "Probability of attainment by target"),
    "completion": ("指标完成情况表", "Indicator completion table"),
    "targets": ("分指标评估", "Target by target"),
    "warnings": ("预警", "Early warnings"),
    "no_warnings": ("无预警目标。", "No target carries an early warning."),
    "sources": ("数据来源", "Sources"),
    "notebook": ("计算过程（Jupyter 笔记本）", "computation (notebook)"),
    "plans": ("规划", "Plans"),
    "status_counts": ("按状态统计", "Targets by status"),
    "expected": ("预计实现", "Expected to be met"),
    "expected_value": ("{expected}项（80%区间：{low}–{high}项）", "{expected} (80% interval: {low}–{high})"),
    "targets_count": ("目标数", "Targets"),
    "assessed_count": ("可评估", "Assessed"),
    "tables": ("数据表", "Tables"),
    "failures": ("运行失败", "Failures"),
    "notebooks": ("全部计算过程（Jupyter 笔记本）", "All notebooks"),
    "regions_title": ("地区排名：按预测值，含排名区间", "Regions ranked by projected value, with rank intervals"),
    "generated": ("由 ipdata 生成：数字均可追溯至所列来源", "Made by ipdata: every number traces to a listed source"),
    "page": ("评估页面", "Evaluation page"),
    "what_if": ("目标设定参考", "Target setting"),
    "chance": ("把握", "probability"),
    "growth_needed": ("实现本目标所需年均增速", "yearly growth that meets this target"),
    "attainable": ("{year}年可达值", "reachable by {year}"),
}

# The notebooks' headings, explanations and printed lines (ipdata.heading, ipdata.page_text): key -> (Chinese,
# English), Markdown. In code, not in the notebooks' markdown cells: a markdown cell has one language, the page two.
NOTEBOOK_TEXT: dict[str, tuple[str, str]] = {
    "dashboard_title": (
        "# 规划目标总览：逐项目标的评估\n\n"
        "各目标的状态与实现概率；无法评估的目标列出原因（该地区没有数据序列、只有一个基期数据、数据中没有基数等）。",
        "# Plan dashboard: every target of one plan\n\n"
        "Status and probability of attainment of each target; targets that cannot be assessed are listed with the "
        "reason (no series for the city, one baseline point, a base value the data lack).",
    ),
    "dashboard_counts": (
        "规划共有量化目标{targets}项，其中{assessed}项可以评估",
        "Quantitative targets: {targets}; assessable: {assessed}",
    ),
    "dashboard_assessed": ("## 可以评估的目标", "## Assessed targets"),
    "dashboard_unassessed": ("## 无法评估的目标及原因", "## Targets that cannot be assessed, and why"),
    "backtest_title": (
        "# 回测：规划期初的预测与实际结果\n\n"
        "左图：只用截至规划基期年份的数据对各目标所作的预测，数据中有目标年份实际值的，与实际值对照。"
        "右图：同一预测方法在全部内置序列上的滚动起点回测精度。",
        "# Backtest: what a forecast made at the plan's start said, and what happened\n\n"
        "Left: each target's forecast from data up to the plan's baseline year, against the observed outcome where "
        "the data have it. Right: the pooled rolling-origin accuracy of the same forecasting method on every "
        "bundled series.",
    ),
    "backtest_targets": ("## 各目标：期初预测与实际结果", "## Each target: the forecast at the start and the outcome"),
    "backtest_pooled": (
        "## 预测方法在全部内置序列上的精度（滚动起点，按预测步长）",
        "## Accuracy of the method on all bundled series (rolling origin, per horizon)",
    ),
    "regions_title": (
        "# 地区排名：各地区同一指标按预测值排名，含排名区间\n\n"
        "各地区的序列用评估所用的同一预测分布外推至{year}年，按预测中位数排名；每个名次的80%区间来自全部地区预测分布的"
        "联合抽样（每次抽样中各地区的名次，取第10和第90百分位）。区间重叠的两个地区，名次很可能互换。",
        "# Regions ranked: every region on one indicator, by projected value, with rank intervals\n\n"
        "Each region's series is projected to {year} with the same forecast distribution an assessment uses; the "
        "regions are ranked by the projected median, and each rank gets an 80% interval from joint draws of all the "
        "regions' distributions (the rank of each region in each draw; 10th and 90th percentiles). Two regions whose "
        "intervals overlap may well swap places.",
    ),
    "regions_counts": (
        "{ranked}个地区按{indicator_id}{year}年预测值排名（共{regions}个地区）",
        "{ranked} of {regions} regions ranked on {indicator_id} in {year}",
    ),
    "regions_table": ("## 排名、预测值及其区间", "## Ranks, projections and their intervals"),
    "trajectory_title": (
        "# 目标轨迹：一个地区的一项指标与规划目标对照\n\n"
        "历史数据及来源、预测扇形区（80%和95%区间，按汇总回测校准）、规划目标、实现目标所需路径、实现概率，"
        "以及可写入报告的一句话结论。",
        "# Trajectory: one region × indicator against its plan target\n\n"
        "History with sources, the forecast fan (80% and 95% intervals, calibrated on pooled backtests), the plan "
        "target, the path required to reach it, the probability of attainment and the sentence for a memo.",
    ),
    "trajectory_observations": ("## 观测值及来源", "## Observations and their sources"),
    "trajectory_assessment": (
        "## 评估\n\n"
        "实现概率、预计值及其80%区间、所需增速与实际增速、进展类别（按欧盟统计局的方法）和中期评估评价。"
        "“波动率来源”说明预测的波动率来自序列本身，还是借自相关序列（只有两三个数据时）。",
        "## Assessment\n\n"
        "Probability of attainment, projected value with its 80% interval, required and observed growth, Eurostat "
        "progress category and the Chinese review label. *Volatility from* says whether the volatility is the "
        "series' own or borrowed from related series (two or three points).",
    ),
    "trajectory_forecast": ("## 逐年预测", "## Forecast by year"),
    "trajectory_what_if": (
        "## 目标设定参考：不同把握下所需的年均增速与可达值",
        "## Target setting: the growth needed and the value reachable with each probability",
    ),
    "figures_written": ("图表文件：{files}", "Figure files: {files}"),
}

# Column headers of the notebook pages' tables (ipdata.reader_table) that no workbook, completion or sources
# table names (those labels are used where they mean the same): column id -> (Chinese, English)
READER_LABELS: dict[str, tuple[str, str]] = {
    "number": ("序号", "No."),
    "field": ("项目", "field"),
    "field_value": ("值", "value"),
    "count": ("数量", "count"),
    "plan_id": ("规划", "plan"),
    "status": ("状态", "status"),
    "source": ("来源", "source"),
    "assessable": ("可以评估", "assessable"),
    "reason": ("原因", "reason"),  # why a target is not assessed, a region not ranked
    "n_obs": ("观测值个数", "observations"),
    "data_years": ("观测时间", "dates observed"),
    "data_sources": ("数据来源", "sources"),
    "method": ("预测模型", "models"),
    "uncertainty": ("波动率来源", "volatility from"),
    "projected_attainment_year": ("预计实现年份", "year projected to meet it"),
    "observed_growth": ("实际年均增速", "observed annual growth"),
    "progress_base_year": ("进度基期年份", "progress base year"),
    "progress_base_value": ("进度基期值", "progress base value"),
    "progress_ratio": ("进展比率（实际增速/所需增速）", "progress ratio (observed / required growth)"),
    "progress_category": ("进展类别", "progress category"),
    "targets": PAGE_TEXT["targets_count"],
    "forecast_at_start": ("期初有预测的目标", "forecast at the start"),
    "outcome_observed": ("有实际值的目标", "outcome observed"),
    "scored": ("可评分的目标", "scored"),
    "coverage80": ("实际值落入80%区间的比例", "share inside the 80% interval"),
    "actual": ("实际值", "actual value"),
    "met": ("是否实现", "met"),
    "inside_80": ("实际值在80%区间内", "inside the 80% interval"),
    "cases": ("案例数", "cases"),
    "series": ("序列数", "series"),
    "smape": ("对称平均绝对百分比误差（%）", "sMAPE (%)"),
    "mase": ("平均绝对标度误差", "MASE"),
    "coverage80_raw": ("80%区间覆盖率（未校准）", "80% coverage, raw"),
    "coverage95_raw": ("95%区间覆盖率（未校准）", "95% coverage, raw"),
    "coverage80_calibrated": ("80%区间覆盖率（校准后）", "80% coverage, calibrated"),
    "coverage95_calibrated": ("95%区间覆盖率（校准后）", "95% coverage, calibrated"),
    "brier_base_rate": ("基础概率的 Brier 评分", "Brier score of the base rate"),
    "rank": ("排名", "rank"),
    "rank_lower_80": ("排名80%区间（高）", "rank, 80% interval (best)"),
    "rank_upper_80": ("排名80%区间（低）", "rank, 80% interval (worst)"),
    "last_date": ("最新数据时间", "latest date"),
    "mean": ("预测均值", "forecast mean"),
    "lower_80": ("80%区间下限", "80% interval, low"),
    "upper_80": ("80%区间上限", "80% interval, high"),
    "lower_95": ("95%区间下限", "95% interval, low"),
    "upper_95": ("95%区间上限", "95% interval, high"),
    "expected_value": ("期望值", "expected value"),
    "attainable": ("可达值", "reachable value"),
    "growth_needed": PAGE_TEXT["growth_needed"],
}

# Coded values a reader table shows in words: column id -> {code: (Chinese, English)}
READER_VALUES: dict[str, dict[str, tuple[str, str]]] = {
    "comparator": {
        "at_least": ("不低于", "at least"),
        "at_most": ("不超过", "at most"),
        "about": ("左右", "about"),
        "range": ("区间", "range"),
    },
    "method": {
        "rw_drift": ("带漂移的随机游走", "random walk with drift"),
        "loglinear": ("对数线性趋势", "log-linear trend"),
        "dotm": ("动态最优θ法", "dynamic optimised theta"),
        "observed": ("已有实际值", "observed outcome"),
    },
    # ipdata.assess.progress_ratio's categories (Eurostat's progress assessment)
    "progress_category": {
        "target_achieved": _WORDS["target_achieved"],
        "on_track": ("进展顺利", "on track"),
        "progress_needs_acceleration": ("需加快进度", "needs acceleration"),
        "limited_progress": ("进展有限", "limited progress"),
        "deterioration": ("背离目标", "moving away from the target"),
    },
    # the first word of a forecast's ``uncertainty`` (ipdata.forecast.engine): its volatility's origin
    "uncertainty": {
        "own": ("序列本身（向相关序列的波动率收缩）", "own"),
        "borrowed": ("借自相关序列（数据点太少）", "borrowed"),
    },
}

# The drop-downs of a plan workbook show "名称 (id)": sheet.column -> {id: (Chinese, English)}
CHOICE_WORDS: dict[str, dict[str, tuple[str, str]]] = {
    "targets.kind": {
        k: _WORDS[f"kind_{k}"]
        for k in ("level", "flow", "cumulative", "growth_rate", "share", "floor", "count", "reduction", "increase")
    },
    "targets.comparator": READER_VALUES["comparator"],
    "indicators.kind": {
        "stock": ("存量", "stock"),
        "flow": ("年度流量", "yearly flow"),
        "percentage": ("百分比", "percentage"),
        "money": ("金额", "money"),
        "count": ("数量", "count"),
    },
    "indicators.direction": {"increase": ("越高越好", "higher is better"), "decrease": ("越低越好", "lower is better")},
    "regions.level": {
        "nation": ("全国", "nation"),
        "province": ("省级", "province"),
        "prefecture": ("地级市", "prefecture"),
        "county": ("县级", "county"),
        "district": ("市辖区", "district"),
    },
    "observations.scope": {
        "total": ("全部申请人", "all applicants"),
        "domestic": ("国内申请人", "domestic applicants"),
    },
    "observations.status": {k: _WORDS[k] for k in ("final", "preliminary", "derived", "unofficial")},
}

# Where a column means something else on one sheet than its label says elsewhere: (sheet, column) -> (zh, en)
SHEET_COLUMN_LABELS: dict[tuple[str, str], tuple[str, str]] = {
    ("observations", "value"): ("观测值（数值）", "observed value"),  # not 目标值: the template once said so
    ("observations", "unit"): ("单位", "unit"),
}

# The Chinese mid-term review's labels (task progress vs time progress); table values, Chinese in both languages
CN_REVIEW_LABELS = {"achieved": "提前实现", "ahead": "快于预期", "on_schedule": "基本符合预期", "behind": "滞后"}

_UNITS_EN = {
    "件": "",
    "个": "",
    "件/万人": "per 10,000 people",
    "%": "%",
    "亿元": "× 100 million yuan",
    "万元": "× 10,000 yuan",
    "次": "times",
    "人": "people",
    "人次": "person-times",
    "项": "items",
    "家": "entities",
    "件/百家企业": "per 100 firms",
    "所": "institutions",
}


def check_language(lang: str) -> str:
    """Return ``lang`` if supported, else raise ``ValueError`` naming the parameter."""
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}, got {lang!r}")
    return lang


def pick(pair: Sequence[T], lang: str) -> T:
    """The ``lang`` one of a ``(zh, en)`` pair: the one home of "choose the language" (zh, else English)."""
    return pair[0] if lang == "zh" else pair[1]


def words(key: str, lang: str, **values: Any) -> str:
    """The phrase ``key`` in ``lang`` with ``values`` filled in; an unknown key is returned as it is."""
    zh, en = _WORDS.get(key, (key, key))
    return pick((zh, en), lang).format(**values)


def unit_label(unit: str, lang: str) -> str:
    """The unit as printed after a number: Chinese as published, English translated (counts: none)."""
    return unit if lang == "zh" else _UNITS_EN.get(unit, unit)


def unit_suffix(unit: str, lang: str) -> str:
    """The unit as it follows a number in running text: Chinese attached, English after a space (``%`` attached)."""
    label = unit_label(unit, lang)
    if lang == "zh" or not label or label == "%":
        return label
    return f" {label}"


def status_words(status: str, lang: str) -> str:
    """The probability or outcome status in words, in ``lang`` (``zh`` or ``en``)."""
    return words(status, lang)


def is_missing(x: object) -> bool:
    """True for a missing scalar: ``None``, any NaN (``float``, ``np.float32``), ``pd.NA`` and ``NaT``.

    The one definition of "missing" (a value a reader sees as a dash, a cell left empty). A string is never
    missing, and neither is a list or an array (``pd.isna`` would answer element by element).
    """
    if x is None or isinstance(x, str):
        return x is None
    answer = pd.isna(cast(Any, x))  # element by element for an array or a list: those are not a missing scalar
    return isinstance(answer, (bool, np.bool_)) and bool(answer)


def expected_count(expected: float, low: int, high: int, assessed: int) -> str:
    """The expected number of targets met with its 80 % interval, ``1.6（1–2）``; ``—`` when nothing is assessed.

    A plan with no assessable target once showed ``0.0（0–0）``: a count that reads as "none will be met".
    """
    if assessed == 0:
        return "—"
    return f"{expected:.1f}（{low}–{high}）"


def goal_phrase(
    target_year: int, indicator_zh: str, target_kind: str, comparator: str, value: str, unit: str, lang: str
) -> str:
    """A target in words: ``2020年年发明专利授权量目标达到400件`` / ``2020 target at least 400``.

    Args:
        target_year: Year the target applies to.
        indicator_zh: The plan's own wording of the indicator (Chinese; the English phrase omits it).
        target_kind: Target kind (``level``, ``cumulative``, ``growth_rate``, ``floor``, ...).
        comparator: ``at_least``, ``at_most``, ``about`` or ``range``.
        value: The goal value as written (the low end of a range; :func:`ipdata.core.formats.value_text`).
        unit: The indicator's unit as published (Chinese).
        lang: ``zh`` or ``en``.
    """
    what = words(target_kind, lang) if target_kind in ("cumulative", "growth_rate", "floor") else ""
    comp = words(comparator, lang) if comparator in ("at_least", "at_most", "about", "range") else ""
    key = "goal_about" if comparator == "about" else "goal"
    return words(
        key,
        lang,
        year=target_year,
        indicator=indicator_zh,
        what=what,
        comparator=comp,
        value=value,
        unit=unit_suffix(unit, lang),
    )


@dataclass(frozen=True)
class Reason:
    """Why a target (or a series) cannot be assessed: a code and the numbers that go with it.

    Attributes:
        code: One of the keys of ``_REASONS`` (``one_observation``, ``no_year_end``, ...).
        params: The values the sentence needs (years, ids); rendered by :func:`reason_words`.
    """

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        text = reason_words(self, "en")
        _RENDERED.setdefault(text, self)  # tables keep this text; reason_of finds the code again
        return text

    def __hash__(self) -> int:  # params hold lists (years, dates): hash their text, so reasons can be counted in sets
        return hash((self.code, repr(sorted(self.params.items()))))


_RENDERED: dict[str, Reason] = {}  # English text -> the Reason it was rendered from (this process)


def reason_of(text: object) -> Reason | None:
    """The :class:`Reason` an English reason in a table was rendered from, or None for any other text.

    Why: the assessment, backtest and ranking tables keep a reason as English text (their CSV files are read by
    programs), while a reader's page shows it in the reader's language. Rendering that again from the code,
    never by parsing the English back, keeps both languages from one source; this finds the code of a text
    rendered in this process (the notebook's own assessment), and gives None for text from elsewhere.
    """
    return _RENDERED.get(text) if isinstance(text, str) else None


def _years_zh(years: list[int]) -> str:
    return "、".join(str(y) for y in years)


# code -> (Chinese, English) renderers of the parameters
_REASONS: dict[str, tuple[Callable[..., str], Callable[..., str]]] = {
    "relative_base": (
        lambda: "相对原有基础的变化：数据中没有基数",
        lambda: "relative change from an unstated base (原有基础): the base value is not in the data",
    ),
    "ambiguous_scope": (
        lambda region_zh, region_en, indicator_zh, indicator_en, scopes: (
            f"{region_zh}的{indicator_zh}有{len(scopes)}种统计口径（全部申请人 total、国内 domestic），需指定其一"
        ),
        lambda region_zh, region_en, indicator_zh, indicator_en, scopes: (
            f"{indicator_en} for {region_en} is published at scopes {scopes}: pass scope='total' or scope='domestic'."
        ),
    ),
    "no_year_end": (  # the table row names the region and the indicator, in either language
        lambda as_of: "没有年末观测值" + (f"（截至{as_of}年）" if as_of else ""),
        lambda as_of: "no year-end observations" + (f" up to {as_of}" if as_of else ""),
    ),
    "growth_base_missing": (
        lambda year: f"年均增速目标需要{year}年基数，数据中没有",
        lambda year: f"average growth target needs the {year} base value, which is not in the data",
    ),
    "one_observation": (
        lambda: "只有一个观测值：不作预测，只计算所需增速",
        lambda: "one observation: no forecast, only the required growth",
    ),
    "target_year_passed": (
        lambda year: f"目标年{year}年已过，但没有年末观测值",
        lambda year: f"target year {year} has passed and has no year-end observation",
    ),
    "target_met_later": (
        lambda year, later: (
            f"目标年{year}年没有年末观测值；{later}年的数值已达到目标（到{later}年已实现，不作{year}年的判断）"
        ),
        lambda year, later: (
            f"no year-end value for the target year {year}; the {later} value meets the target "
            f"(achieved by {later}, not shown for {year})"
        ),
    ),
    "data_too_old": (
        lambda last, base: f"数据过旧，无法判断：最新数据为{last}年，比基期{base}年早{base - last}年",
        lambda last, base: (
            f"data too old to judge: the latest value is from {last}, {base - last} years before the base year {base}"
        ),
    ),
    "too_few_points": (
        lambda first, last, year: (
            f"数据太少，无法判断：只有{first}年和{last}年两个数据，需外推{year - last}年至{year}年"
        ),
        lambda first, last, year: (
            f"too little data to judge: two values ({first}, {last}) "
            f"would be extrapolated {year - last} years to {year}"
        ),
    ),
    "cumulative_on_stock": (lambda: "存量指标不能按累计目标评估", lambda: "cumulative target on a stock indicator"),
    "cumulative_years_missing": (
        lambda start, end, missing: f"{start}-{end}年累计，但{_years_zh(missing)}年没有观测值",
        lambda start, end, missing: f"cumulative over {start}-{end} but years {missing} are not observed",
    ),
    "kind_not_assessed": (
        lambda kind: f"不评估{_WORDS.get(f'kind_{kind}', (kind, kind))[0]}类目标",
        lambda kind: f"kind {kind!r} is not assessed",
    ),
    "off_scale": (
        lambda scale, dates: (
            f"{'、'.join(dates)}的数值为0或负数，对数模型无法预测"
            if scale == "log"
            else f"{'、'.join(dates)}的比例为0或100%，logit模型无法预测"
        ),
        lambda scale, dates: (
            f"zero or negative values at {', '.join(dates)}: the log-scale models cannot forecast them"
            if scale == "log"
            else f"shares of 0 or 100 % at {', '.join(dates)}: the logit-scale models cannot forecast them"
        ),
    ),
    "forecast_failed": (lambda error: f"无法预测：{error}", lambda error: f"cannot be forecast: {error}"),
    "no_data": (lambda: "没有数据", lambda: "no data"),
    "no_observations": (lambda: "没有数据", lambda: "no observations"),
    # issue 23: a target whose comparator asks the opposite of its indicator's desired direction (not judged)
    "against_direction": (
        lambda name_zh, name_en, comparator, direction: (
            f"目标是{'上限' if comparator == 'at_most' else '下限'}（{words(comparator, 'zh')}），"
            f"但{name_zh}的期望方向是{'提高' if direction == 'increase' else '降低'}："
            "两者矛盾，不作评估；请核对比较方式或指标的期望方向"
        ),
        lambda name_zh, name_en, comparator, direction: (
            f"the target is {'an upper' if comparator == 'at_most' else 'a lower'} limit ('{words(comparator, 'en')}') "
            f"but {name_en} is desired to {direction}: the two contradict each other, so it is not judged; "
            "check the comparator or the indicator's direction"
        ),
    ),
}


def reason_words(reason: Reason, lang: str) -> str:
    """Why a target was not assessed, in ``lang``.

    Raises:
        KeyError: an unknown reason code (every code the library emits has both languages; a test checks it).
    """
    zh, en = _REASONS[reason.code]
    return pick((zh, en), lang)(**reason.params)
