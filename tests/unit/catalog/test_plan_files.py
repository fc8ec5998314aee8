"""read_plan: an analyst's plan workbook or folder, validated with sheet, row and column named.

The plan used here is tests/fixtures/invented_plan: invented test data (see its README), never in data/.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest

import ipdata
from ipdata.catalog.plan_files import SHEETS, is_plan_file, read_plan
from ipdata.catalog.sheets import choice_id
from ipdata.catalog.tables import plan_in_scope
from ipdata.core.errors import DataValidationError, UnknownIdError
from ipdata.deliver.plan_template import template_workbook, write_template

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "invented_plan"


@pytest.fixture
def plan_dir(tmp_path: Path) -> Path:
    """A copy of the invented plan folder that a test may break."""
    return Path(shutil.copytree(FIXTURE, tmp_path / "invented_plan"))


def _edit(folder: Path, name: str, row: int, column: str, value: str) -> None:
    """Set one cell of a plan CSV (row as a spreadsheet numbers it; column by its id on row 2)."""
    path = folder / name
    rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
    rows[row - 1][rows[1].index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)


def _problems(path: Path) -> list[tuple[str, int | None, str | None, str]]:
    with pytest.raises(DataValidationError) as err:
        read_plan(path)
    return [(p.file, p.row, p.column, p.message) for p in err.value.problems]


def _one(path: Path, file: str, row: int | None, column: str | None, words: str) -> None:
    """The file fails with exactly one problem, at that place, saying ``words``."""
    problems = _problems(path)
    assert len(problems) == 1, problems
    got_file, got_row, got_column, message = problems[0]
    assert (got_file, got_row, got_column) == (file, row, column), problems
    assert words in message, message


def test_the_invented_plan_reads_with_its_new_region_and_indicator():
    p = read_plan(FIXTURE)
    assert p.plan_id == "test_city_14fyp"
    assert list(p.tables["regions"]["region_id"]) == ["test_city"]
    assert list(p.tables["indicators"]["indicator_id"]) == ["test_ip_cases"]
    # a region typed by name is stored as its id; the empty 2024 row is a number not yet known, not read
    assert set(p.tables["targets"]["region_id"]) == {"test_city"}
    assert len(p.observations) == 15 and "2024" not in set(p.observations["date"])
    assert p.tables["targets"]["target_year"].dtype == ipdata.targets()["target_year"].dtype


def test_every_verb_takes_the_plan_and_nothing_leaks_out_of_it():
    p = read_plan(FIXTURE)
    assert list(ipdata.targets(plan=p)["target_id"]) == ["tc14-01", "tc14-02", "tc14-03", "tc14-04"]
    table = ipdata.assess(plan=p)
    assert table["assessable"].all() and table["probability"].between(0, 1).all()
    assert ipdata.series("测试市", "test_ip_cases", plan=p).loc[2023] == 680
    traj = ipdata.trajectory(target_id="tc14-02", plan=p)
    assert traj.names["region"]["zh"] == "测试市" and traj.forecast is not None
    assert ipdata.plan_title(p, "en").startswith("Test City")
    assert len(ipdata.plan_backtest(plan=p)) == 4
    assert plan_in_scope() is None
    with pytest.raises(UnknownIdError):
        ipdata.resolve_region("test_city")
    assert "test_city_14fyp" not in set(ipdata.plans()["plan_id"])


def test_an_observations_file_given_too_wins_for_its_dates(tmp_path):
    mine = tmp_path / "mine.csv"
    mine.write_text("region,indicator,year,value\ntest_city,test_ip_cases,2023,700\n", encoding="utf-8")
    p = read_plan(FIXTURE)
    with ipdata.plan_scope(p):
        s = ipdata.series("test_city", "test_ip_cases", observations=str(mine))
    assert s.loc[2023] == 700 and s.loc[2022] == 610


def test_folder_and_workbook_read_the_same(tmp_path):
    write_template(tmp_path / "jx.xlsx", plan="jiaxing_13fyp", through_year=2024)
    write_template(tmp_path / "jx", plan="jiaxing_13fyp", through_year=2024)
    book, folder = read_plan(tmp_path / "jx.xlsx"), read_plan(tmp_path / "jx")
    for name in ("plans", "targets"):
        assert book.tables[name].equals(folder.tables[name]), name
    cols = ["region_id", "indicator_id", "date", "value", "status"]
    assert book.observations[cols].equals(folder.observations[cols])
    assert is_plan_file(tmp_path / "jx.xlsx") and is_plan_file(tmp_path / "jx")


def test_templates_are_byte_reproducible_and_never_overwrite(tmp_path):
    assert template_workbook("shantou_13fyp", 2024) == template_workbook("shantou_13fyp", 2024)
    assert template_workbook(None) == template_workbook(None)
    path = tmp_path / "t.xlsx"
    write_template(path, plan="shantou_13fyp", through_year=2024)
    before = path.read_bytes()
    with pytest.raises(FileExistsError):
        write_template(path, plan="jiaxing_13fyp")
    assert path.read_bytes() == before


def test_a_prefilled_template_has_headers_drop_downs_and_empty_years(tmp_path):
    path = tmp_path / "t.xlsx"
    write_template(path, plan="jiaxing_13fyp", through_year=2024)
    book = openpyxl.load_workbook(path)
    ws = book[SHEETS["targets"].title]
    assert ws["A1"].value == "目标编号" and ws["A2"].value == "target_id" and ws.freeze_panes == "B3"
    rules = {str(r.sqref).split(":")[0][:1]: r.formula1 for r in ws.data_validations.dataValidation}
    kind_col = openpyxl.utils.get_column_letter(SHEETS["targets"].columns.index("kind") + 1)
    assert "期间累计 (cumulative)" in rules[kind_col]  # drop-downs show 名称 (id): a reader knows the name
    region_col = openpyxl.utils.get_column_letter(SHEETS["targets"].columns.index("region_id") + 1)
    assert ws[f"{region_col}3"].value == "嘉兴市 (jiaxing)"  # prefilled as the list shows it
    obs = book[SHEETS["observations"].title]
    assert [c.value for c in obs[1]][:4] == ["地区", "指标", "年份或年月", "观测值（数值）"]  # not 目标值
    rows = [[choice_id(c.value) if isinstance(c.value, str) else c.value for c in r] for r in obs.iter_rows(min_row=3)]
    # an empty row per year still without a value, from the baseline year (2015) to the year asked for
    empty = {r[2] for r in rows if r[0] == "jiaxing" and r[1] == "invention_patents_per_10k" and r[3] is None}
    assert empty == {str(y) for y in range(2016, 2025)}
    assert book["选项 lists"].sheet_state == "hidden"


def test_the_new_template_reads_as_an_empty_plan_only_because_examples_are_not_data(tmp_path):
    path = tmp_path / "new.xlsx"
    write_template(path)
    problems = _problems(path)
    assert [p[3] for p in problems] == [
        "expected exactly one plan row (the plan itself); found none (示例 rows are examples, not read)"
    ]


# --- every class of validation error, each named where it is -------------------------------------------------


def test_unknown_indicator_not_defined_in_the_file(plan_dir):
    _edit(plan_dir, "targets.csv", 3, "indicator_id", "no_such_indicator")
    _one(plan_dir, "invented_plan/targets.csv", 3, "indicator_id", "Unknown indicator 'no_such_indicator'")


def test_target_year_outside_the_plan_period(plan_dir):
    _edit(plan_dir, "targets.csv", 6, "target_year", "2019")
    _one(plan_dir, "invented_plan/targets.csv", 6, "target_year", "2019 is outside the plan period 2021–2025")


def test_range_with_low_above_high(plan_dir):
    _edit(plan_dir, "targets.csv", 6, "value_low", "950")
    _one(plan_dir, "invented_plan/targets.csv", 6, "value_high", "low end 950 is not below its high end 900")


def test_baseline_after_the_target_year(plan_dir):
    _edit(plan_dir, "targets.csv", 3, "baseline_year", "2026")
    _one(plan_dir, "invented_plan/targets.csv", 3, "baseline_year", "baseline year 2026 is after the target year 2025")


def test_unit_that_is_not_the_indicators(plan_dir):
    _edit(plan_dir, "targets.csv", 3, "unit", "件")
    _one(plan_dir, "invented_plan/targets.csv", 3, "unit", "expected '件/万人'")


def test_region_whose_parent_is_unknown(plan_dir):
    _edit(plan_dir, "regions.csv", 3, "parent_id", "atlantis")
    _one(plan_dir, "invented_plan/regions.csv", 3, "parent_id", "Unknown region 'atlantis'")


def test_a_bundled_region_defined_again(plan_dir):
    with (plan_dir / "regions.csv").open("a", encoding="utf-8") as fh:
        fh.write("jiaxing_city,嘉兴市,Jiaxing City,prefecture,zhejiang,\n")
    _one(plan_dir, "invented_plan/regions.csv", 4, "name_zh", "already ipdata's region 'jiaxing'")


def test_a_required_sheet_missing(plan_dir, tmp_path):
    (plan_dir / "targets.csv").unlink()
    _one(plan_dir, "invented_plan", None, None, "a file targets.csv is required")
    path = tmp_path / "plan.xlsx"
    write_template(path, plan="shantou_13fyp", through_year=2024)
    book = openpyxl.load_workbook(path)
    del book[SHEETS["targets"].title]
    book.save(path)
    _one(path, "plan.xlsx", None, None, "a sheet '目标 targets' is required")


def test_a_header_renamed(plan_dir):
    _edit(plan_dir, "targets.csv", 2, "value", "valeu")
    _one(
        plan_dir,
        "invented_plan/targets.csv",
        2,
        None,
        "'valeu' in column H is not a column of this sheet (did you mean 'value'?)",
    )


def test_an_observation_breaking_read_observations_rules(plan_dir):
    _edit(plan_dir, "observations.csv", 10, "value", "-5")
    _one(plan_dir, "invented_plan/observations.csv", 10, "value", "test_ip_cases cannot be below 0")


def test_excel_percent_and_date_cells_read_as_people_see_them(tmp_path):
    """A share typed as 80% is 80 (points); a period typed 2016-06 that Excel stored as a date is 2016-06."""
    path = tmp_path / "plan.xlsx"
    write_template(path, plan="shantou_13fyp", through_year=2024)
    book = openpyxl.load_workbook(path)
    ws = book[SHEETS["targets"].title]
    cols = {c.value: c.column for c in ws[2]}
    row = next(r for r in range(3, ws.max_row + 1) if choice_id(ws.cell(r, cols["kind"]).value or "") == "share")
    goal = ws.cell(row, cols["value"]).value
    ws.cell(row, cols["value"]).value = goal / 100
    ws.cell(row, cols["value"]).number_format = "0%"
    ws.cell(row, cols["period_start"]).value = dt.datetime(2016, 6, 1)
    ws.cell(row, cols["period_end"]).value = dt.datetime(2020, 12, 1)
    book.save(path)
    target_id = ws.cell(row, cols["target_id"]).value
    t = ipdata.targets(plan=read_plan(path)).set_index("target_id").loc[target_id]
    assert t["value"] == pytest.approx(goal)
    assert (t["period_start"], t["period_end"]) == ("2016-06", "2020-12")


def test_all_problems_at_once(plan_dir):
    _edit(plan_dir, "targets.csv", 3, "unit", "件")
    _edit(plan_dir, "targets.csv", 4, "kind", "levle")
    _edit(plan_dir, "plan.csv", 3, "period_start", "2021")
    places = {(p[0].split("/")[-1], p[1], p[2]) for p in _problems(plan_dir)}
    assert {("targets.csv", 3, "unit"), ("targets.csv", 4, "kind"), ("plan.csv", 3, "period_start")} <= places


def test_not_a_plan_file(tmp_path):
    (tmp_path / "a.csv").write_text("x\n1\n", encoding="utf-8")
    with pytest.raises(DataValidationError, match="expected a plan workbook"):
        read_plan(tmp_path / "a.csv")
    with pytest.raises(FileNotFoundError):
        read_plan(tmp_path / "missing.xlsx")
