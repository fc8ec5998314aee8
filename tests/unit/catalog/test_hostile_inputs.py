"""Issue 23's defect classes at the door: nothing read short, odd text refused, what validates is what the engine needs.

Every file here is written by the test from INVENTED rows (the invented plan of tests/fixtures/invented_plan).
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest

from ipdata.catalog import sheets
from ipdata.catalog.observation_files import read_observations
from ipdata.catalog.plan_files import plan_rows, plan_warnings, read_plan
from ipdata.catalog.sheets import workbook_warnings
from ipdata.core.errors import DataValidationError
from ipdata.deliver.plan_template import template_workbook

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "invented_plan"
HEADER = ["region", "indicator", "date", "value", "source_url", "quote"]


def _rows(n: int) -> list[list[object]]:
    return [["jiaxing", "invention_grants", str(2010 + i), 1000 + i, "invented", "invented"] for i in range(n)]


def _workbook(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    book.active.append(HEADER)
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def _understate_dimension(path: Path, ref: str = "A1:F2") -> None:
    """Rewrite every sheet's <dimension> to ``ref``, as some tools write it (the cells stay)."""
    with zipfile.ZipFile(path) as src:
        parts = {name: src.read(name) for name in src.namelist()}
    for name, data in parts.items():
        if name.startswith("xl/worksheets/sheet"):
            parts[name] = re.sub(rb'<dimension ref="[^"]*"/>', f'<dimension ref="{ref}"/>'.encode(), data)
    with zipfile.ZipFile(path, "w") as out:
        for name, data in parts.items():
            out.writestr(name, data)


def _message(path: Path, read=read_observations) -> str:
    with pytest.raises(DataValidationError) as err:
        read(path)
    return str(err.value)


def test_a_workbook_whose_dimension_understates_the_sheet_is_read_whole(tmp_path):
    path = _workbook(tmp_path / "obs.xlsx", _rows(10))
    _understate_dimension(path)
    assert len(read_observations(path)) == 10  # openpyxl's read-only mode read 2 of them


def test_a_plan_workbook_whose_dimension_understates_the_sheets_is_read_whole(tmp_path):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(template_workbook("jiaxing_13fyp", through_year=2020))
    whole = read_plan(path)
    _understate_dimension(path, "A1:B3")
    short = read_plan(path)
    assert len(short.tables["targets"]) == len(whole.tables["targets"]) == 28
    assert len(short.observations) == len(whole.observations) > 2


@pytest.mark.parametrize("char", ["\x0b", "\x07", "\x00"])
def test_a_control_character_in_a_cell_is_refused_with_its_place(write_csv, char):
    path = write_csv(f"region,indicator,date,value,quote\njiaxing,invention_grants,2018,5,bad{char}quote\n")
    message = _message(path)
    assert "row 2" in message and "'quote'" in message and f"U+{ord(char):04X}" in message


def test_a_control_character_in_a_plan_quote_is_refused(tmp_path):
    folder = Path(shutil.copytree(FIXTURE, tmp_path / "plan"))
    targets = folder / "targets.csv"
    targets.write_text(targets.read_text(encoding="utf-8-sig").replace("到2025年", "到2025年\x0b", 1), encoding="utf-8")
    message = _message(folder, read_plan)
    assert "targets.csv" in message and "control character" in message and "row 3" in message


@pytest.mark.parametrize("value", ["10²", "①", "½", "inf", "Infinity", "-inf", "nan", "1_000"])
def test_only_digits_are_numbers(write_csv, value):
    path = write_csv(f"region,indicator,date,value\njiaxing,invention_grants,2018,{value}\n")
    assert "'value'" in _message(path)


def test_full_width_digits_still_read(write_csv):
    path = write_csv("region,indicator,date,value\njiaxing,invention_grants,２０１８,１２３４\n")
    assert read_observations(path)["value"].tolist() == [1234.0]


@pytest.mark.parametrize("value", ["inf", "Infinity", "-inf", "nan", "10²"])
def test_a_plan_target_or_baseline_must_be_a_finite_number(tmp_path, value):
    for column in ("value", "baseline_value"):
        folder = Path(shutil.copytree(FIXTURE, tmp_path / f"plan_{column}"))
        book = (folder / "targets.csv").read_text(encoding="utf-8-sig").splitlines()
        header = book[1].split(",")
        cells = book[2].split(",")
        cells[header.index(column)] = value
        book[2] = ",".join(cells)
        (folder / "targets.csv").write_text("\n".join(book) + "\n", encoding="utf-8")
        message = _message(folder, read_plan)
        assert f"column '{column}'" in message and "row 3" in message
        shutil.rmtree(folder)


def test_a_year_not_yet_over_has_no_year_end_value(write_csv):
    this_year = dt.date.today().year
    path = write_csv(f"region,indicator,date,value\njiaxing,invention_grants,{this_year},5\n")
    message = _message(path)
    assert "not over yet" in message and f"{this_year}-" in message
    path = write_csv(f"region,indicator,date,value\njiaxing,invention_grants,{this_year - 1},5\n", "ok.csv")
    assert len(read_observations(path)) == 1


@pytest.mark.parametrize("header", ["region,indicator,date,value,value", "region,region,indicator,date,value"])
def test_a_column_named_twice_is_refused(write_csv, header):
    path = write_csv(f"{header}\njiaxing,invention_grants,2018,5,6\n")
    assert "appears twice" in _message(path)


def test_a_stray_byte_in_a_utf8_file_is_named_not_read_as_gbk(tmp_path):
    text = "地区,指标,年份,数值,来源\n" + "".join(
        f"嘉兴,发明专利授权量,{2010 + i},{100 + i},统计年鉴第{i}页\n" for i in range(8)
    )
    data = text.encode("utf-8")
    at = data.index("第3页".encode())
    path = tmp_path / "obs.csv"
    path.write_bytes(data[:at] + b"\xff" + data[at:])
    message = _message(path)
    assert "invalid byte on line 5" in message


def test_a_gbk_file_still_reads(tmp_path):
    path = tmp_path / "obs.csv"
    path.write_bytes("地区,指标,年份,数值\n嘉兴,发明专利授权量,2018,5\n".encode("gb18030"))
    assert len(read_observations(path)) == 1


def test_a_national_value_must_say_its_scope(write_csv):
    path = write_csv("region,indicator,date,value\nchina,valid_invention_patents,2019,1000000\n")
    assert "'scope'" in _message(path) and "domestic" in _message(path)
    path = write_csv("region,indicator,date,value,scope\nchina,valid_invention_patents,2019,1000000,total\n", "ok.csv")
    assert read_observations(path)["scope"].tolist() == ["total"]


def test_a_workbook_that_unzips_beyond_the_limit_is_refused_before_parsing(tmp_path, monkeypatch):
    path = _workbook(tmp_path / "obs.xlsx", _rows(3))
    monkeypatch.setattr(sheets, "MAX_UNZIPPED_BYTES", 1000)
    assert "unzips to" in _message(path)


def test_a_renamed_csv_is_not_a_workbook(tmp_path):
    path = tmp_path / "obs.xlsx"
    path.write_text("region,indicator,date,value\n", encoding="utf-8")
    assert "is not an Excel .xlsx workbook" in _message(path)


def test_hidden_rows_sheets_and_merged_cells_are_named(tmp_path):
    path = _workbook(tmp_path / "obs.xlsx", _rows(5))
    book = openpyxl.load_workbook(path)
    book.active.row_dimensions[3].hidden = True
    book.active.merge_cells("E5:F5")
    book.create_sheet("notes").sheet_state = "hidden"
    book.save(path)
    text = " | ".join(str(p) for p in workbook_warnings(path))
    assert "rows 3 are hidden" in text and "merged cells E5:F5" in text and "sheet 'notes' is hidden" in text
    assert len(read_observations(path)) == 5  # a hidden row is read all the same


def test_a_plan_workbook_reports_its_rows_and_keeps_its_own_lists_sheet_quiet(tmp_path):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(template_workbook("jiaxing_13fyp", through_year=2020))
    assert plan_warnings(path) == []  # the template's hidden drop-down lists are not the analyst's
    counts = plan_rows(path)
    assert counts["targets"] == (28, 0) and counts["observations"][0] > counts["observations"][1] > 0


def test_arguments_refused_where_the_verbs_meet_them():
    """The last three API holes of issue 23: a series from an empty table, a trajectory's as_of, a ranking's seed."""
    import pandas as pd

    import ipdata

    with pytest.raises(DataValidationError, match="no rows"):
        ipdata.series("jiaxing", "invention_grants", observations=pd.DataFrame(columns=["region"]))
    with pytest.raises((TypeError, ValueError), match="as_of"):
        ipdata.trajectory(target_id="st13-03", as_of="2015")  # type: ignore[arg-type]
    with pytest.raises((TypeError, ValueError), match="seed"):
        ipdata.region_ranks("invention_patents_per_10k", seed=-1)


def test_a_comparator_against_the_indicators_direction_is_a_warning(tmp_path):
    """at_most on an indicator that should grow validates (a plan may cap it) but validate names it."""
    folder = Path(shutil.copytree(FIXTURE, tmp_path / "plan"))
    targets = folder / "targets.csv"
    rows = targets.read_text(encoding="utf-8-sig").splitlines()
    header = rows[1].split(",")
    cells = rows[2].split(",")
    cells[header.index("comparator")] = "at_most"
    rows[2] = ",".join(cells)
    targets.write_text("\n".join(rows) + "\n", encoding="utf-8")
    plan = read_plan(folder)
    (warning,) = plan_warnings(folder, plan)
    assert warning.column == "comparator" and "at_most" in warning.message and "increase" in warning.message
    assert plan_warnings(FIXTURE) == []
