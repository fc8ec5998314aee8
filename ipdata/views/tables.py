"""The indicator completion table (完成情况表) of a plan evaluation and its sources, as pandas tables.

Chinese plan evaluations (规划中期评估 / 终期评估) hand over one table per plan: indicator, unit,
baseline, target, current value and its year, task progress, time progress and the review's word
(提前实现 / 快于预期 / 基本符合预期 / 滞后). ipdata adds what it computes beyond that: the probability
of attainment, the projected value with its 80 % interval, the yearly growth still required and an
early warning (预警). The sources table holds every target's document and quote, every value's source
and quote. The workbook that prints them is :mod:`ipdata.deliver.workbook`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..assess.summaries import early_warning
from ..assess.targets import TargetAssessment, assessment_table
from ..catalog.tables import document_title, indicators, plan_scope, regions
from ..core.words import (
    CN_REVIEW_LABELS_EN,
    COMPLETION_HEADERS,
    SOURCES_HEADERS,
    check_language,
    column_label,
    is_missing,
    reason_words,
    status_words,
    unit_label,
    words,
)
from ..observed.observations import provenance

__all__ = ["COLUMNS", "PERCENT", "cell_text", "completion_table", "reader_table", "sources_table"]

COLUMNS = list(COMPLETION_HEADERS)  # the table's columns, in order
PERCENT = ("task_progress", "time_progress", "probability", "required_growth")


def _value(x: Any) -> Any:
    """A cell value: missing as empty (never NaN or <NA>), numpy numbers as Python ones."""
    if is_missing(x):
        return None
    return x.item() if hasattr(x, "item") else x


def _year(x: Any) -> int | None:
    """A year as a whole number (the table holds some as floats: 2015.0 is 2015)."""
    value = _value(x)
    return None if value is None else int(value)


def _goal(row: pd.Series) -> Any:
    if row["comparator"] == "range":
        return f"{_value(row['value_low']):g}–{_value(row['value_high']):g}"
    return _value(row["value"])


def _goal_kind(row: pd.Series, lang: str) -> str:
    comparator = words(str(row["comparator"]), lang) if row["comparator"] != "range" else ""
    return f"{words('kind_' + str(row['kind']), lang)} {comparator}".strip()


def _review(label: Any, lang: str) -> str | None:
    if not isinstance(label, str) or not label:
        return None
    return label if lang == "zh" else f"{label} ({CN_REVIEW_LABELS_EN.get(label, label)})"


def _note(result: TargetAssessment, row: pd.Series, lang: str) -> str:
    if result.reason is not None:
        return f"{words('not_assessed', lang)}{words('colon', lang)}{reason_words(result.reason, lang)}"
    if pd.notna(row["status"]):
        return f"{status_words(str(row['status']), lang)}"
    return ""


def completion_table(results: Sequence[TargetAssessment], lang: str = "zh") -> pd.DataFrame:
    """The completion table of assessed targets (one plan's, from :func:`ipdata.assess_targets`).

    Args:
        results: The targets judged.
        lang: ``zh`` or ``en`` for names and words (the official review words stay Chinese, with English added).

    Returns:
        One row per target, columns :data:`COLUMNS` (ids; :data:`ipdata.core.words.COMPLETION_HEADERS` names
        them), values as a reader sees them: names instead of ids, the goal of a range as ``1–2``,
        shares as fractions (0.8 = 80 %), missing values empty.
    """
    check_language(lang)
    table = assessment_table(list(results))
    with plan_scope(results[0].plan if results else None):
        region_names = regions().set_index("region_id")["name_zh" if lang == "zh" else "name_en"]
        indicator_names = indicators().set_index("indicator_id")["name_en"]
    rows = []
    for k, (result, (_, row)) in enumerate(zip(results, table.iterrows()), start=1):
        indicator = row["indicator_text_zh"] if lang == "zh" else indicator_names[row["indicator_id"]]
        rows.append(
            {
                "number": k,
                "region": region_names[row["region_id"]],
                "indicator": indicator,
                "unit": unit_label(str(row["unit"]), lang) or words("count_unit", lang),
                "baseline_year": _year(row["baseline_year"]),
                "baseline_value": _value(row["baseline_value"]),
                "goal_kind": _goal_kind(row, lang),
                "goal": _goal(row),
                "target_year": _year(row["target_year"]),
                "current_value": _value(row["last_value"]),
                "current_year": _year(row["last_year"]),
                "task_progress": _value(row["task_progress"]),
                "time_progress": _value(row["time_progress"]),
                "review": _review(row["cn_label"], lang),
                "probability": _value(row["probability"]),
                "projected": _value(row["projected_value"]),
                "projected_lower_80": _value(row["projected_lower_80"]),
                "projected_upper_80": _value(row["projected_upper_80"]),
                "required_growth": _value(row["required_growth"]),
                "warning": words("warning_flag", lang) if early_warning(row) else None,
                "note": _note(result, row, lang),
                "target_id": row["target_id"],
                "_status": row["status"] if pd.notna(row["status"]) else None,
            }
        )
    return pd.DataFrame(rows, columns=[*COLUMNS, "_status"], dtype=object).drop(columns="_status")


def sources_table(results: Sequence[TargetAssessment], lang: str = "zh") -> pd.DataFrame:
    """Every target's document and quote, then every value it was judged on with its source and quote."""
    check_language(lang)
    rows = []
    with plan_scope(results[0].plan if results else None):
        for r in results:
            t = r.target
            tid, indicator = str(t["target_id"]), str(t["indicator_text_zh"])
            rows.append(
                dict(
                    target_id=tid,
                    indicator=indicator,
                    what=words("target_row", lang),
                    date=str(_value(t["target_year"]) or ""),
                    value=_goal(t),
                    status="",
                    source=document_title(str(t["seed_file"]), lang),
                    quote=str(t["quote_zh"]),
                )
            )
            if r.history is None:
                continue
            points = provenance(r.history).assign(value=r.history.to_numpy())
            for date, point in points.iterrows():
                rows.append(
                    dict(
                        target_id=tid,
                        indicator=indicator,
                        what=words("observation_row", lang),
                        date=str(date),
                        value=_value(point["value"]),
                        status=point["status"],
                        source=document_title(str(point["source"]), lang),
                        quote=point["quote"],
                    )
                )
    return pd.DataFrame(rows, columns=list(SOURCES_HEADERS), dtype=object)


def cell_text(column: str, value: Any) -> str:
    """A completion-table value as printed (document, web page): shares as %, thousands separated, missing as —."""
    if value is None:
        return "—"
    if column in ("task_progress", "time_progress", "probability"):
        return f"{float(value):.0%}"
    if column == "required_growth":
        return f"{float(value):.1%}"
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".") if not value.is_integer() else f"{int(value):,}"
    if isinstance(value, int) and column not in ("number", "baseline_year", "target_year", "current_year"):
        return f"{value:,}"
    return str(value)


_YEAR_COLUMNS = ("year", "target_year", "baseline_year", "last_year", "projected_attainment_year", "as_of")


# labels a reader table gives where the sheet label would mislead: "value" is an observation as often as a goal
_READER_LABELS = {"value": ("数值", "value"), "source": ("来源", "source"), "status": ("状态", "status")}


def _reader_label(column: str, lang: str) -> str:
    zh, en = _READER_LABELS.get(column, (column_label(column, "zh"), column_label(column, "en")))
    return zh if lang == "zh" else en


def _reader_cell(column: str, value: Any, lang: str) -> str:
    """One value as a reader sees it: missing as —, yes/no in words, years plain, numbers by :func:`cell_text`."""
    if value is None or (not isinstance(value, (list, tuple, dict)) and pd.isna(value)):
        return "—"
    if column == "status" and value in ("final", "preliminary", "derived", "unofficial"):
        return words(str(value), lang)  # an observation's status, in the reader's language
    if column == "status" and isinstance(value, str) and value:
        return status_words(value, lang) or value  # an assessment's status word
    if column in ("source", "data_sources") and isinstance(value, str):
        return "; ".join(document_title(part.strip(), lang) for part in value.split(";") if part.strip())
    if isinstance(value, (bool, np.bool_)):
        return ("是" if value else "否") if lang == "zh" else ("yes" if value else "no")
    if isinstance(value, (int, np.integer)) and column in _YEAR_COLUMNS:
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        if column in _YEAR_COLUMNS and float(value).is_integer():
            return str(int(value))
        value = float(value)
    elif isinstance(value, np.integer):
        value = int(value)
    return cell_text(column, value)


def reader_table(data: pd.DataFrame | pd.Series, lang: str = "zh") -> pd.DataFrame:
    """A table (or one record, a Series) as a notebook reader should see it, in the pages' number forms.

    Notebook pages once showed pandas' own dumps: a 40-field Series repr ending in ``dtype: object``, ``NaN``
    cells, 9621.108338. This renders every value as the designed pages do (:func:`cell_text`; missing as —) with
    the columns' labels in ``lang``. A Series becomes a two-column table of field and value.
    """
    check_language(lang)
    if isinstance(data, pd.Series):
        rows = [(_reader_label(str(k), lang), _reader_cell(str(k), v, lang)) for k, v in data.items()]
        field, value = ("项目", "值") if lang == "zh" else ("field", "value")
        return pd.DataFrame(rows, columns=[field, value]).set_index(field)
    out = pd.DataFrame(
        {_reader_label(str(c), lang): [_reader_cell(str(c), v, lang) for v in data[c]] for c in data.columns},
        index=data.index,
    )
    return out
