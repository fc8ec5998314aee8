"""Rebuild ``data/observations_sources.csv`` from the raw files in ``../shared/sources``.

The raw files are pinned by SHA-256 in ``datapackage.json`` (``raw_inputs``): a changed raw file
stops the build instead of silently changing published numbers. Each output row keeps the raw
file name and line number (``source_row``), so any number can be traced back to its source row.

Mapping decisions (documented here because they change numbers):

* per-million densities (CNIPA Table 8, 每百万人口) are divided by 100 into 件/万人 and the
  conversion is written in ``derivation``;
* a December snapshot of a stock is the year-end value and gets the annual date ``YYYY``; other
  months keep ``YYYY-MM`` and are never treated as year-end values;
* national counts published both for all applicants and for domestic ones get ``scope``
  ``total`` / ``domestic`` so the two are never mixed in one series;
* status comes from the raw notes: 'PRELIMINARY'/预计 (unless the note also says final) -> preliminary,
  sums 'computed by compiler' -> derived, 'NOT official'/'LOW RELIABILITY'/第三方 -> unofficial, else final.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from pathlib import Path

from ..core.errors import DataValidationError, Problem
from ..core.paths import data_dir, shared_dir
from ..core.writing import write_atomic
from .schema import field_names, load_datapackage

__all__ = ["build_source_observations", "check_raw_inputs"]

OUTPUT = "observations_sources.csv"

# Indicators published nationally both for all applicants (total) and for domestic ones.
SCOPED = {
    "pct_applications",
    "invention_grants",
    "patent_grants",
    "valid_invention_patents",
    "valid_patents",
    "valid_trademarks",
    "invention_applications",
}
NATIONAL_SCOPE = {"全国": "total", "全国(合计,含国外)": "total", "全国(国内)": "domestic", "全国(国内小计)": "domestic"}
PER_MILLION = "件/百万人"
MISSING = {"", "--"}

# observations_collected.csv indicator name -> (indicator id, status override or None)
COLLECTED_INDICATORS: dict[str, tuple[str, str | None]] = {
    "PCT国际专利申请受理量": ("pct_applications", None),
    "PCT国际专利申请量(中国申请人,WIPO口径)": ("pct_applications_wipo", None),
    "专利授权量(三种合计)": ("patent_grants", None),
    "发明专利授权量": ("invention_grants", None),
    "发明专利授权量(第三方统计)": ("invention_grants", "unofficial"),
    "发明专利授权量(第三方汇总)": ("invention_grants", "unofficial"),
    "发明专利申请量": ("invention_applications", None),
    "专利申请量": ("patent_applications", None),
    "专利申请量(第三方汇总)": ("patent_applications", "unofficial"),
    "技术合同成交额": ("technology_market_turnover", None),
    "技术市场成交额(认定登记)": ("technology_market_turnover", None),
    "技术市场成交额(吸纳技术)": ("technology_market_turnover_absorbed", None),
    "有效发明专利量": ("valid_invention_patents", None),
    "有效发明专利量(2014年1月末)": ("valid_invention_patents", None),
    "有效专利量(三种合计)": ("valid_patents", None),
    "有效注册商标量": ("valid_trademarks", None),
    "累计注册商标量": ("registered_trademarks_cumulative", None),
    "每万人口发明专利拥有量": ("invention_patents_per_10k", None),
    "每万人口发明专利拥有量(国内,截至2018年6月)": ("invention_patents_per_10k", None),
    "每万人口发明专利拥有量(CNIPA表8,每百万人口口径)": ("invention_patents_per_10k", None),
    "每百万人口有效发明专利(月度快照,2012年3月末)": ("invention_patents_per_10k", None),
    "每百万人口有效发明专利(月度快照,2014年1月末)": ("invention_patents_per_10k", None),
    "每百万人口有效发明专利(月度快照,2014年9月末)": ("invention_patents_per_10k", None),
    "每万人口高价值发明专利拥有量": ("high_value_invention_patents_per_10k", None),
    "知识产权(专利)质押融资金额": ("patent_pledge_financing", None),
    "知识产权质押融资金额(专利商标)": ("ip_pledge_financing", None),
    "商标质押融资(授信额)": ("trademark_pledge_credit", None),
}


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def check_raw_inputs(shared: Path) -> list[str]:
    """Return a message per raw input whose SHA-256 differs from the pin in datapackage.json."""
    msgs = []
    for item in load_datapackage()["raw_inputs"]:
        path = shared / item["path"]
        if not path.is_file():
            msgs.append(f"{path}: missing (pinned sha256 {item['sha256'][:12]}...)")
        elif _sha256(path) != item["sha256"]:
            msgs.append(f"{path}: sha256 {_sha256(path)[:12]}... differs from the pinned {item['sha256'][:12]}...")
    return msgs


def _month_date(year: str, month: str, is_stock: bool) -> str:
    """Year-end snapshots of a stock are annual values; other months stay monthly."""
    return year if (is_stock and int(month) == 12) else f"{int(year):04d}-{int(month):02d}"


def _status(notes: str, override: str | None) -> str:
    if override:
        return override
    low = notes.lower()
    if "not official" in low or "low reliability" in low or "第三方" in notes:
        return "unofficial"
    if ("preliminary" in low or "预计" in notes) and "final" not in low:
        return "preliminary"
    if "computed by compiler" in low:
        return "derived"
    return "final"


def _fmt(value: float) -> str:
    """Format a number without float noise (802.6/100 -> '8.026')."""
    return f"{value:.10g}"


def _region_lookup(regions_csv: Path) -> dict[str, str]:
    lookup = {}
    with regions_csv.open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            for name in [r["region_id"], r["name_zh"], r["name_en"], *filter(None, r["aliases"].split(";"))]:
                lookup[name] = r["region_id"]
    return lookup


def _indicator_units(indicators_csv: Path) -> dict[str, tuple[str, str]]:
    with indicators_csv.open(encoding="utf-8") as fh:
        return {r["indicator_id"]: (r["unit"], r["kind"]) for r in csv.DictReader(fh)}


def _collected_rows(path: Path, regions: dict[str, str], units: dict[str, tuple[str, str]]) -> list[dict[str, str]]:
    out, problems = [], []
    with path.open(encoding="utf-8", newline="") as fh:
        for line, raw in enumerate(csv.DictReader(fh), start=2):
            name = raw["indicator"]
            if name not in COLLECTED_INDICATORS:
                problems.append(
                    Problem(
                        path.name,
                        line,
                        "indicator",
                        f"no mapping for {name!r}; add it to COLLECTED_INDICATORS",
                        message_zh=f"{name!r} 没有对应的指标；请把它加入 COLLECTED_INDICATORS",
                    )
                )
                continue
            ind, override = COLLECTED_INDICATORS[name]
            label = raw["region"]
            region = regions.get(label) or regions.get(re.sub(r"\(.*\)$", "", label))
            if region is None:
                problems.append(
                    Problem(
                        path.name,
                        line,
                        "region",
                        f"unknown region {label!r}; add it to regions.csv",
                        message_zh=f"未知的地区 {label!r}；请把它加入 regions.csv",
                    )
                )
                continue
            unit, kind = units[ind]
            value, derivation = float(raw["value"]), ""
            if raw["unit"] == PER_MILLION:
                value, derivation = (
                    value / 100,
                    f"converted from {raw['value']} {PER_MILLION} (per million people) by dividing by 100",
                )
            elif raw["unit"] != unit:
                problems.append(
                    Problem(
                        path.name,
                        line,
                        "unit",
                        f"expected {unit!r} for {ind}, found {raw['unit']!r}",
                        message_zh=f"{ind} 的单位应为 {unit!r}，实际为 {raw['unit']!r}",
                    )
                )
                continue
            snapshot = re.search(r"(\d{4})年(\d{1,2})月", name + raw["notes"].split(";")[0])
            date = raw["year"]
            if snapshot and snapshot.group(1) == raw["year"]:
                date = _month_date(snapshot.group(1), snapshot.group(2), kind == "stock")
            elif "截至2018年6月" in name:
                date = "2018-06"
            scope = NATIONAL_SCOPE.get(label, "") if (region == "china" and ind in SCOPED) else ""
            out.append(
                dict(
                    obs_id=f"collected-{line:03d}",
                    region_id=region,
                    indicator_id=ind,
                    scope=scope,
                    date=date,
                    value=_fmt(value),
                    unit=unit,
                    status=_status(raw["notes"], override),
                    source_file=path.name,
                    source_row=str(line),
                    source_url=raw["source_url"],
                    quote=raw["quote"],
                    derivation=derivation,
                    notes=raw["notes"],
                )
            )
    if problems:
        raise DataValidationError(problems)
    return out


def _cnipa_rows(
    path: Path, prefix: str, columns: dict[str, str], regions: dict[str, str], units: dict[str, tuple[str, str]]
) -> list[dict[str, str]]:
    """Map a CNIPA monthly table: each column in ``columns`` (raw column -> indicator) gives one row."""
    out, problems = [], []
    with path.open(encoding="utf-8", newline="") as fh:
        for line, raw in enumerate(csv.DictReader(fh), start=2):
            region = regions.get(raw["region"])
            if region is None:
                problems.append(
                    Problem(
                        path.name,
                        line,
                        "region",
                        f"unknown region {raw['region']!r}; add it to regions.csv",
                        message_zh=f"未知的地区 {raw['region']!r}；请把它加入 regions.csv",
                    )
                )
                continue
            cells = " | ".join(
                f"{k}={raw[k]}" for k in raw if k not in ("table", "source_url") and raw[k] not in MISSING
            )
            for col, ind in columns.items():
                if raw[col] in MISSING:  # '--' = not published by CNIPA: missing stays missing
                    continue
                unit, kind = units[ind]
                value, derivation = float(raw[col]), ""
                if col == "density_per_million":
                    value, derivation = (
                        value / 100,
                        f"converted from {raw[col]} {PER_MILLION} (per million people) by dividing by 100; "
                        "CNIPA's population base lags",
                    )
                date = _month_date(raw["year"], raw["month"], kind == "stock")
                note = (
                    ""
                    if date == raw["year"]
                    else f"Monthly snapshot (end of {raw['year']}-{int(raw['month']):02d}), not a year-end value."
                )
                out.append(
                    dict(
                        obs_id=f"{prefix}-{line:03d}-{col}",
                        region_id=region,
                        indicator_id=ind,
                        scope="domestic" if (region == "china" and ind in SCOPED) else "",
                        date=date,
                        value=_fmt(value),
                        unit=unit,
                        status="final",
                        source_file=path.name,
                        source_row=str(line),
                        source_url=raw["source_url"],
                        quote=f"{raw['table']}: {cells}",
                        derivation=derivation,
                        notes=note,
                    )
                )
    if problems:
        raise DataValidationError(problems)
    return out


def build_source_observations(shared: Path | None = None, out_dir: Path | None = None, check_pins: bool = True) -> Path:
    """Map every row of the raw source files to tidy observations and write them atomically.

    Args:
        shared: The ``shared`` folder (default: ``../shared`` beside the checkout).
        out_dir: Where to write ``observations_sources.csv`` (default: the bundled data folder).
        check_pins: Refuse to build when a raw file's SHA-256 differs from its pin.

    Returns:
        Path of the written CSV.

    Raises:
        FileNotFoundError: when the shared folder is not there.
        DataValidationError: for a changed raw file or a raw row that cannot be mapped.
    """
    shared = shared or shared_dir()
    if shared is None:
        raise FileNotFoundError("../shared (the raw sources) was not found; set IPDATA_SHARED to its path.")
    if check_pins and (msgs := check_raw_inputs(shared)):
        raise DataValidationError(
            Problem(
                m.split(":")[0],
                None,
                None,
                m.split(": ", 1)[1] + "; review the change, then update raw_inputs in datapackage.json",
                message_zh=m.split(": ", 1)[1] + "；请核查改动，再更新 datapackage.json 中的 raw_inputs",
            )
            for m in msgs
        )
    data = data_dir()
    regions = _region_lookup(data / "regions.csv")
    units = _indicator_units(data / "indicators.csv")
    src = shared / "sources"
    rows = _collected_rows(src / "observations_collected.csv", regions, units)
    rows += _cnipa_rows(
        src / "cnipa_valid_inventions_by_region.csv",
        "cnipa_valid",
        {"valid_number": "valid_invention_patents", "density_per_million": "invention_patents_per_10k"},
        regions,
        units,
    )
    rows += _cnipa_rows(
        src / "cnipa_invention_grants_by_region.csv",
        "cnipa_grants",
        {
            "monthly_total": "invention_grants_month",
            "yearly_total": "invention_grants_ytd",
            "total": "invention_grants_cumulative",
        },
        regions,
        units,
    )
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=field_names("observations_sources"), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    target = (out_dir or data) / OUTPUT
    write_atomic(target, buf.getvalue().encode("utf-8"))
    return target
