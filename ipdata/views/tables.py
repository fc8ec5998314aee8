"""The indicator completion table (完成情况表) of a plan evaluation and its sources, as pandas tables.

Chinese plan evaluations (规划中期评估 / 终期评估) hand over one table per plan: indicator, unit,
baseline, target, current value and its year, task progress, time progress and the review's word
(提前实现 / 快于预期 / 基本符合预期 / 滞后). ipdata adds what it computes beyond that: the probability
of attainment, the projected value with its 80 % interval, the yearly growth still required and an
early warning (预警). The sources table holds every target's document and quote, every value's source
and quote. The workbook that prints them is :mod:`ipdata.deliver.workbook`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..assess.summaries import early_warning
from ..assess.targets import TargetAssessment, assessment_table
from ..catalog.tables import document_title, indicators, plan_scope, plan_title, regions
from ..core.errors import UnknownIdError
from ..core.formats import (
    MISSING,
    number_text,
    probability_text,
    probability_value,
    rate_text,
    rounded,
    share_text,
    unit_decimals,
)
from ..core.words import (
    CN_REVIEW_LABELS_EN,
    COMPLETION_HEADERS,
    NOTEBOOK_TEXT,
    PAGE_TEXT,
    READER_LABELS,
    READER_VALUES,
    SOURCES_HEADERS,
    Reason,
    check_language,
    column_label,
    is_missing,
    pick,
    reason_of,
    reason_words,
    status_words,
    unit_label,
    words,
)
from ..observed.observations import provenance

if TYPE_CHECKING:
    from IPython.display import Markdown

__all__ = [
    "COLUMNS",
    "PERCENT",
    "PROBABILITIES",
    "RATES",
    "SHARES",
    "VALUE_COLUMNS",
    "cell_text",
    "completion_table",
    "heading",
    "page_text",
    "reader_table",
    "sources_list",
    "sources_table",
]

COLUMNS = list(COMPLETION_HEADERS)  # the table's columns, in order (the frame adds ``decimals`` for printers)
SHARES = ("task_progress", "time_progress")  # fractions printed in whole per cent
PROBABILITIES = ("probability",)  # in whole per cent rounded down (ipdata.core.formats.probability_text)
RATES = ("required_growth",)  # growth rates printed in per cent with one decimal
PERCENT = SHARES + PROBABILITIES + RATES
VALUE_COLUMNS = (  # values in the row's unit (the sources table's "value" too), printed with its decimals
    "baseline_value",
    "goal",
    "current_value",
    "projected",
    "projected_lower_80",
    "projected_upper_80",
    "value",
)


def _value(x: Any) -> Any:
    """A cell value: missing as empty (never NaN or <NA>), numpy numbers as Python ones."""
    if is_missing(x):
        return None
    return x.item() if hasattr(x, "item") else x


def _year(x: Any) -> int | None:
    """A year as a whole number (the table holds some as floats: 2015.0 is 2015)."""
    value = _value(x)
    return None if value is None else int(value)


def _goal(row: pd.Series, decimals: int) -> Any:
    if row["comparator"] == "range":
        return f"{number_text(row['value_low'], decimals)}–{number_text(row['value_high'], decimals)}"
    return rounded(row["value"], decimals)


def _baseline(row: pd.Series) -> tuple[Any, Any, bool]:
    """The base year and value a row's progress is read from, and whether they come from the data.

    A target without a stated baseline is measured from the first observation from the plan's base year on
    (:func:`ipdata.assess`); the table shows that base, so its 任务进度 and 时间进度 can be checked by hand.
    """
    if not is_missing(row["baseline_year"]) and not is_missing(row["baseline_value"]):
        return row["baseline_year"], row["baseline_value"], False
    if not is_missing(row["progress_base_year"]):
        return row["progress_base_year"], row["progress_base_value"], True
    return row["baseline_year"], row["baseline_value"], False


def _goal_kind(row: pd.Series, lang: str) -> str:
    comparator = words(str(row["comparator"]), lang) if row["comparator"] != "range" else ""
    return f"{words('kind_' + str(row['kind']), lang)} {comparator}".strip()


def _review(label: Any, lang: str) -> str | None:
    if not isinstance(label, str) or not label:
        return None
    return label if lang == "zh" else f"{label} ({CN_REVIEW_LABELS_EN.get(label, label)})"


def _note(result: TargetAssessment, row: pd.Series, lang: str, base_from_data: bool) -> str:
    if result.reason is not None:
        return f"{words('not_assessed', lang)}{words('colon', lang)}{reason_words(result.reason, lang)}"
    parts = [status_words(str(row["status"]), lang)] if pd.notna(row["status"]) else []
    if base_from_data:
        parts.append(words("base_from_data", lang, year=_year(row["progress_base_year"])))
    return words("list_separator", lang).join(parts)


def completion_table(results: Sequence[TargetAssessment], lang: str = "zh") -> pd.DataFrame:
    """The completion table of assessed targets (one plan's, from :func:`ipdata.assess_targets`).

    Args:
        results: The targets judged.
        lang: ``zh`` or ``en`` for names and words (the official review words stay Chinese, with English added).

    Returns:
        One row per target, columns :data:`COLUMNS` (ids; :data:`ipdata.core.words.COMPLETION_HEADERS` names
        them) and ``decimals`` (what the row's values print with, :func:`ipdata.core.formats.unit_decimals`),
        values as a reader sees them: names instead of ids, the goal of a range as ``1–2``, numbers rounded
        to what they print (values to their unit's decimals, shares to whole per cent as fractions, 0.06 =
        6 %, growth rates to a tenth of a per cent), missing values empty. The baseline columns hold the base
        progress was measured from: the stated one, else the observation the assessment took (said in the note).
    """
    check_language(lang)
    table = assessment_table(list(results))
    with plan_scope(results[0].plan if results else None):
        region_names = regions().set_index("region_id")["name_zh" if lang == "zh" else "name_en"]
        indicator_names = indicators().set_index("indicator_id")["name_en"]
    rows = []
    for k, (result, (_, row)) in enumerate(zip(results, table.iterrows()), start=1):
        indicator = row["indicator_text_zh"] if lang == "zh" else indicator_names[row["indicator_id"]]
        decimals = unit_decimals(row["unit"])
        base_year, base_value, base_from_data = _baseline(row)
        rows.append(
            {
                "number": k,
                "region": region_names[row["region_id"]],
                "indicator": indicator,
                "unit": unit_label(str(row["unit"]), lang) or words("count_unit", lang),
                "baseline_year": _year(base_year),
                "baseline_value": rounded(base_value, decimals),
                "goal_kind": _goal_kind(row, lang),
                "goal": _goal(row, decimals),
                "target_year": _year(row["target_year"]),
                "current_value": rounded(row["last_value"], decimals),
                "current_year": _year(row["last_year"]),
                "task_progress": rounded(row["task_progress"], 2),
                "time_progress": rounded(row["time_progress"], 2),
                "review": _review(row["cn_label"], lang),
                "probability": probability_value(row["probability"]),
                "projected": rounded(row["projected_value"], decimals),
                "projected_lower_80": rounded(row["projected_lower_80"], decimals),
                "projected_upper_80": rounded(row["projected_upper_80"], decimals),
                "required_growth": rounded(row["required_growth"], 3),
                "warning": words("warning_flag", lang) if early_warning(row) else None,
                "note": _note(result, row, lang, base_from_data),
                "target_id": row["target_id"],
                "decimals": decimals,
            }
        )
    return pd.DataFrame(rows, columns=[*COLUMNS, "decimals"], dtype=object)


def sources_table(results: Sequence[TargetAssessment], lang: str = "zh") -> pd.DataFrame:
    """Every target's document and quote, then every value it was judged on with its source and quote.

    Values are rounded to their unit's decimals (column ``decimals`` says how many), statuses in words.
    """
    check_language(lang)
    rows = []
    with plan_scope(results[0].plan if results else None):
        for r in results:
            t = r.target
            tid, indicator = str(t["target_id"]), str(t["indicator_text_zh"])
            decimals = unit_decimals(t["unit"])
            rows.append(
                dict(
                    target_id=tid,
                    indicator=indicator,
                    what=words("target_row", lang),
                    date=str(_value(t["target_year"]) or ""),
                    value=_goal(t, decimals),
                    status="",
                    source=document_title(str(t["seed_file"]), lang),
                    quote=str(t["quote_zh"]),
                    decimals=decimals,
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
                        value=rounded(point["value"], decimals),
                        status=words(str(point["status"]), lang) if isinstance(point["status"], str) else "",
                        source=document_title(str(point["source"]), lang),
                        quote=point["quote"],
                        decimals=decimals,
                    )
                )
    return pd.DataFrame(rows, columns=[*SOURCES_HEADERS, "decimals"], dtype=object)


def sources_list(results: Sequence[TargetAssessment], lang: str = "zh") -> tuple[pd.DataFrame, dict[str, str]]:
    """The sources as a two-column list for print: what a row is, then its source (a title or a URL) and quote.

    Eight narrow columns printed a 70-character URL three characters a line; in two, titles, URLs and quotes
    wrap at words. Each entry starts with its label (出处：, 原文：), so a source typed as ``=cmd|...`` in an
    analyst's file never starts a cell. The workbook's sources sheet and the document's appendix both print it.

    Returns:
        The list (columns ``entry`` and ``source``) and the two columns' headers in ``lang``.
    """
    table = sources_table(results, lang)
    h = {c: pick(SOURCES_HEADERS[c], lang) for c in SOURCES_HEADERS}
    colon, sep = ("：", "／") if lang == "zh" else (": ", " / ")
    entries, sources = [], []
    for r in table.to_dict("records"):
        value = cell_text("value", r["value"], r["decimals"])
        when = f" {r['date']}" if r["date"] else ""
        status = (f"（{r['status']}）" if lang == "zh" else f" ({r['status']})") if r["status"] else ""
        entries.append(f"{r['target_id']} {r['indicator']}\n{r['what']}{when}{colon}{value}{status}")
        quote = f"\n{h['quote']}{colon}{r['quote']}" if r["quote"] else ""
        sources.append(f"{h['source']}{colon}{r['source']}{quote}")
    headers = {
        "entry": sep.join(h[c] for c in ("target_id", "indicator", "what", "date", "value", "status")),
        "source": sep.join(h[c] for c in ("source", "quote")),
    }
    return pd.DataFrame({"entry": entries, "source": sources}, dtype=object), headers


def cell_text(column: str, value: Any, decimals: int | None = None) -> str:
    """A table value as printed (document, web page, workbook), in the forms of :mod:`ipdata.core.formats`.

    Args:
        column: The column id: shares (:data:`SHARES`) print in whole per cent, rates (:data:`RATES`) with one
            decimal, years plain.
        value: The value; missing as —.
        decimals: The decimals of a value column's number (:data:`VALUE_COLUMNS`, and a sources row's
            ``value``; the row's ``decimals``, from its unit); without, a float prints with up to two, an int whole.
    """
    if value is None or (not isinstance(value, str) and is_missing(value)):
        return MISSING
    if column in PROBABILITIES:
        return probability_text(value)
    if column in SHARES:
        return share_text(value)
    if column in RATES:
        return rate_text(value)
    if decimals is not None and column in VALUE_COLUMNS and isinstance(value, (int, float)):
        return number_text(value, decimals)
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".") if not value.is_integer() else f"{int(value):,}"
    if isinstance(value, int) and column not in ("number", "baseline_year", "target_year", "current_year"):
        return f"{value:,}"
    return str(value)


_YEAR_COLUMNS = (
    "year",
    "target_year",
    "baseline_year",
    "last_year",
    "projected_attainment_year",
    "progress_base_year",
    "as_of",
)

# A reader table's column takes the label of the column of the same meaning in the completion or sources table
# (one home per label); these ids name such a column, or a phrase of ipdata.core.words.
_READER_ALIASES = {
    "region_id": "region",
    "indicator_id": "indicator",
    "last_year": "current_year",
    "last_value": "current_value",
    "projected_value": "projected",
    "cn_label": "review",
    "target": "goal",  # a backtest's target value
}
_READER_WORD_LABELS = ("year", "as_of", "horizon", "median", "brier")  # labels that are phrases of words()
# columns printed in the number form of another: growth rates as rates, coverages as shares
_READER_FORMS = {
    "growth_needed": "required_growth",
    "observed_growth": "required_growth",
    **{c: "probability" for c in ("coverage80", "coverage80_raw", "coverage95_raw")},
    **{c: "probability" for c in ("coverage80_calibrated", "coverage95_calibrated")},
}


def _reader_label(column: str, lang: str, context: Mapping[str, Any] | None = None) -> str:
    """The header of ``column`` in ``lang``: every column a notebook page shows has one in both languages.

    ``context`` holds what the label depends on: ``targets`` (the table is one of targets, with a
    ``target_id`` or ``comparator``, so ``value`` is the target value, not an observation) and ``year`` (the
    year of ``attainable`` values).
    """
    context = context or {}
    key = "goal" if column == "value" and context.get("targets") else _READER_ALIASES.get(column, column)
    if key == "attainable" and context.get("year") is not None:
        text = pick(PAGE_TEXT["attainable"], lang).format(year=context["year"])
    elif key in READER_LABELS or key in COMPLETION_HEADERS or key in SOURCES_HEADERS:
        text = pick(READER_LABELS.get(key) or COMPLETION_HEADERS.get(key) or SOURCES_HEADERS[key], lang)
    elif key in _READER_WORD_LABELS:
        text = words(key, lang)
    else:
        text = column_label(key, lang)  # the workbook's label, else the id itself
    if lang == "en" and text[:1].islower() and not text[1:2].isupper():
        text = text[0].upper() + text[1:]  # English headers capitalised, as the completion table's (not sMAPE)
    return text


def _reader_names(lang: str) -> dict[str, dict[str, str]]:
    """Region and indicator ids -> their names in ``lang`` (a reader sees names, ids only where there is none)."""
    name = "name_zh" if lang == "zh" else "name_en"
    return {
        "region_id": dict(zip(regions()["region_id"], regions()[name])),
        "indicator_id": dict(zip(indicators()["indicator_id"], indicators()[name])),
    }


def _coded_words(column: str, value: str, lang: str) -> str:
    """A coded value (comparator, models, progress category, volatility origin) in words; unknown codes as they are."""
    codes = READER_VALUES[column]
    if column == "method":
        return " + ".join(pick(codes.get(part, (part, part)), lang) for part in value.split("+"))
    if column == "uncertainty":  # English: the engine's own sentence; Chinese: where the volatility came from
        origin = codes.get(value.split(":")[0].strip())
        return value if lang == "en" or origin is None else pick(origin, lang)
    return pick(codes.get(value, (value, value)), lang)


def _reader_text(column: str, value: str, lang: str, names: Mapping[str, Mapping[str, str]]) -> str | None:
    """A text value in words when its column holds codes or ids (None: the text is shown as it is)."""
    if column == "reason":
        reason = reason_of(value)
        return reason_words(reason, lang) if reason is not None else None
    if column == "status" and value in ("final", "preliminary", "derived", "unofficial"):
        return words(value, lang)  # an observation's status, in the reader's language
    if column == "status" and value:
        return status_words(value, lang) or value  # an assessment's status word
    if column in READER_VALUES:
        return _coded_words(column, value, lang)
    if column == "kind":
        phrase = words(f"kind_{value}", lang)
        return value if phrase == f"kind_{value}" else phrase
    return _reader_id_text(column, value, lang, names)


def _reader_id_text(column: str, value: str, lang: str, names: Mapping[str, Mapping[str, str]]) -> str | None:
    """An id (region, indicator, plan, source file) by its name, a unit and a review label in ``lang``."""
    if column in names:
        return names[column].get(value, value)
    if column == "plan_id":
        try:
            return plan_title(value, lang)
        except UnknownIdError:  # an analyst's plan outside its scope: its id
            return None
    if column == "unit":
        return unit_label(value, lang) or words("count_unit", lang)
    if column == "cn_label":
        return _review(value, lang)
    if column in ("source", "data_sources"):
        return "; ".join(document_title(part.strip(), lang) for part in value.split(";") if part.strip())
    return None


# a table's columns that hold a value in its row's unit: printed with the unit's decimals, as the deliverables do
_UNIT_VALUES = frozenset(
    {"value", "value_low", "value_high", "baseline_value", "last_value", "target", "actual", "expected_value"}
    | {"attainable"}
    | {"projected_value", "projected_lower_80", "projected_upper_80", "median", "mean"}
    | {f"{side}_{level}" for side in ("lower", "upper") for level in (80, 95)}
)


def _reader_cell(
    column: str,
    value: Any,
    lang: str,
    names: Mapping[str, Mapping[str, str]] | None = None,
    decimals: int | None = None,
) -> str:
    """One value as a reader sees it: missing as —, codes and ids in words, yes/no, numbers by :func:`cell_text`.

    ``decimals``: the row's unit's (:func:`ipdata.core.formats.unit_decimals`) for a value in that unit.
    """
    if isinstance(value, Reason):
        return reason_words(value, lang)
    if value is None or (not isinstance(value, (list, tuple, dict)) and pd.isna(value)) or value == "":
        return "—"
    if isinstance(value, str):
        text = _reader_text(column, value, lang, names if names is not None else _reader_names(lang))
        return value if text is None else text
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
    if decimals is not None and column in _UNIT_VALUES:
        return cell_text("value", value, decimals)
    return cell_text(_READER_FORMS.get(column, column), value)


def _reader_index(index: pd.Index, lang: str, names: Mapping[str, Mapping[str, str]]) -> tuple[pd.Index, str]:
    """A table's rows as a reader sees them, and the label of the header's first cell.

    An unnamed whole-number index (0, 1, 2 … or what is left of it after a selection) means nothing to a reader:
    the rows are numbered 1 … n (序号). A named one (date, year, status) is a column of values: shown in words.
    """
    if index.name is None and pd.api.types.is_integer_dtype(index.dtype):
        return pd.RangeIndex(1, len(index) + 1), _reader_label("number", lang)
    name = str(index.name) if index.name is not None else ""
    rows = pd.Index([_reader_cell(name, v, lang, names) for v in index])
    return rows, _reader_label(name, lang) if name else ""


def reader_table(data: pd.DataFrame | pd.Series, lang: str = "zh") -> pd.DataFrame:
    """A table (or one record, a Series) as a notebook reader should see it, in the pages' number forms.

    Notebook pages once showed pandas' own dumps: a 40-field Series repr ending in ``dtype: object``, ``NaN``
    cells, 9621.108338, column ids (``last_value``), codes (``on_track``) and English reasons on a Chinese
    page. This renders every value as the designed pages do (:func:`cell_text`; missing as —): every header in
    ``lang``, ids as names (regions, indicators, plans), codes in words (statuses, progress categories,
    comparators, models), reasons in ``lang`` (:func:`ipdata.core.words.reason_of`), yes/no in words. Rows
    numbered 0, 1, 2 … are numbered 1 … n (序号); a named index (dates, years, statuses) is shown in words. A
    record (a Series of fields) becomes a table of field and value; a count per value (``value_counts``) a
    table of value and count. The header's first cell names the rows, so the header is one line.
    """
    check_language(lang)
    names = _reader_names(lang)
    if isinstance(data, pd.Series) and data.index.name is None:  # one record: its fields are the rows
        keys = [str(k) for k in data.index]
        record_places = unit_decimals(data["unit"]) if "unit" in data.index else None
        context: dict[str, Any] = {"targets": bool({"target_id", "comparator"} & set(keys))}
        out = pd.DataFrame(
            {
                _reader_label("field_value", lang): [
                    _reader_cell(k, v, lang, names, record_places) for k, v in zip(keys, data)
                ]
            },
            index=pd.Index([_reader_label(k, lang, context) for k in keys]),
        )
        out.columns.name = _reader_label("field", lang)
        return out
    frame = data.to_frame(str(data.name) if data.name is not None else "count") if isinstance(data, pd.Series) else data
    context = {"targets": bool({"target_id", "comparator"} & set(frame.columns)), "year": frame.attrs.get("year")}
    index, corner = _reader_index(frame.index, lang, names)
    if "unit" in frame.columns:  # a row's unit, else the table's (a trajectory's forecast, what-if and points)
        places: list[int | None] = [unit_decimals(u) for u in frame["unit"]]
    else:
        unit = frame.attrs.get("unit")
        places = [unit_decimals(unit) if unit is not None else None] * len(frame)
    out = pd.DataFrame(
        {
            _reader_label(str(c), lang, context): [
                _reader_cell(str(c), v, lang, names, d) for v, d in zip(frame[c], places)
            ]
            for c in frame.columns
        },
        index=index,
    )
    out.columns.name = corner or None
    return out


def page_text(key: str, lang: str = "zh", **values: Any) -> str:
    """A notebook page's heading, explanation or printed line in ``lang``, its values shown as a reader sees them.

    Why: a notebook's markdown cells hold one language, while a report runs each notebook in Chinese or English;
    its words live in :data:`ipdata.core.words.NOTEBOOK_TEXT` as a (zh, en) pair and its cells print them with
    this. Each value is rendered as :func:`reader_table` renders a column of its name (``indicator_id`` by the
    indicator's name, ``year`` plain, counts with thousands separated); a list is joined with the language's
    separator.

    Args:
        key: A key of :data:`ipdata.core.words.NOTEBOOK_TEXT` (``dashboard_counts``, ``regions_title`` …).
        lang: ``zh`` or ``en``.
        **values: The fields of the text (``targets=36, assessed=1``).

    Returns:
        The text (Markdown for headings and explanations).

    Raises:
        KeyError: an unknown key (a heading missing from words.py is a bug, not a page without it).
    """
    check_language(lang)
    names = _reader_names(lang) if values else {}
    shown = {
        k: words("list_separator", lang).join(str(x) for x in v)
        if isinstance(v, (list, tuple))
        else _reader_cell(k, v, lang, names)
        for k, v in values.items()
    }
    return pick(NOTEBOOK_TEXT[key], lang).format(**shown)


def heading(key: str, lang: str = "zh", **values: Any) -> Markdown:
    """A notebook page's heading or explanation in ``lang``, displayed as Markdown (the last line of a cell).

    Why: the exported pages hide code and show outputs, so a heading a code cell displays is in the run's
    language where a markdown cell would be in one language only. See :func:`page_text` for ``key`` and
    ``values``.

    Returns:
        An ``IPython.display.Markdown`` of the text.
    """
    from IPython.display import Markdown

    return Markdown(page_text(key, lang, **values))
