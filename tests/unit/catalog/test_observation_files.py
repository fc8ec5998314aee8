"""ipdata.catalog.observation_files: an analyst's observations file; each validation error names file, row, column."""

from __future__ import annotations

import pandas as pd
import pytest

import ipdata
from ipdata import DataValidationError

HEADER = "region,indicator,year,value,unit\n"


def _problems(path) -> list:
    with pytest.raises(DataValidationError) as info:
        ipdata.read_observations(path)
    return info.value.problems


def test_valid_file_in_chinese_and_english(write_csv):
    path = write_csv(HEADER + "嘉兴,每万人发明专利拥有量,2016,9.1,件/万人\njiaxing,invention_grants,2016-12,1500,\n")
    df = ipdata.read_observations(path)
    assert list(df["region_id"]) == ["jiaxing", "jiaxing"]
    assert list(df["date"]) == ["2016", "2016-12"]
    assert list(df["source_row"]) == ["2", "3"]
    assert (df["origin"] == "user").all()


def test_chinese_headers_and_bundled_headers(write_csv):
    zh = write_csv("地区,指标,年份,数值\n汕头,年发明专利授权量,2019,420\n", "zh.csv")
    ids = write_csv("region_id,indicator_id,date,value\nshantou,invention_grants,2019,420\n", "ids.csv")
    assert ipdata.read_observations(zh)[["region_id", "value"]].equals(
        ipdata.read_observations(ids)[["region_id", "value"]]
    )


def test_missing_file():
    with pytest.raises(FileNotFoundError, match="nope.csv"):
        ipdata.read_observations("nope.csv")


def test_wrong_extension(write_csv):
    (p,) = _problems(write_csv("x", "obs.txt"))
    assert "obs.txt" in p.file and "expected a .csv or .xlsx" in p.message


def test_malformed_file(write_csv):
    (p,) = _problems(write_csv('region,indicator,year,value\n"jiaxing,per10k,2016,9\n', "bad.csv"))
    assert "bad.csv" in p.file and "could not be read" in p.message


def test_missing_column(write_csv):
    problems = _problems(write_csv("region,year,amount\njiaxing,2016,3\n"))
    assert {(p.row, p.column) for p in problems} == {(1, "indicator"), (1, "value")}
    assert "missing required column" in problems[0].message


@pytest.mark.parametrize(
    ("line", "column", "expected"),
    [
        ("jiaxng,invention_grants,2016,10,", "region", "Did you mean: jiaxing"),
        ("jiaxing,invention_grant,2016,10,", "indicator", "Did you mean: invention_grants"),
        ("jiaxing,invention_grants,16,10,", "year", "expected YYYY"),
        ("jiaxing,invention_grants,2016-13,10,", "year", "expected YYYY"),
        ("jiaxing,invention_grants,2016,ten,", "value", "expected a number"),
        ("jiaxing,invention_grants,2016,,", "value", "expected a number"),
        ("jiaxing,invention_grants,2016,-5,", "value", "cannot be below 0"),
        ("jiaxing,patent_case_closure_rate,2016,101,%", "value", "cannot be above 100"),
        ("jiaxing,invention_grants,2016,10,亿元", "unit", "unit mismatch"),
    ],
)
def test_bad_cell_is_named(write_csv, line, column, expected):
    (p,) = _problems(write_csv(HEADER + "jiaxing,invention_grants,2015,1184,\n" + line + "\n"))
    assert (p.row, p.column) == (3, column)
    assert expected in p.message
    assert "obs.csv" in p.file


def test_all_problems_reported_at_once(write_csv):
    problems = _problems(
        write_csv(HEADER + "x,invention_grants,2016,1,\njiaxing,y,2016,1,\njiaxing,invention_grants,2016,z,\n")
    )
    assert [p.row for p in problems] == [2, 3, 4]


def test_conflicting_duplicates(write_csv):
    (p,) = _problems(write_csv(HEADER + "jiaxing,invention_grants,2016,1500,\n嘉兴,发明专利年授权量,2016,1600,件\n"))
    assert p.row == 3 and "conflicts with row 2" in p.message


def test_identical_duplicates_are_one_row(write_csv):
    df = ipdata.read_observations(
        write_csv(HEADER + "jiaxing,invention_grants,2016,1500,\njiaxing,invention_grants,2016,1500,\n")
    )
    assert len(df) == 1


def test_known_units_are_converted_and_flagged(write_csv):
    df = ipdata.read_observations(
        write_csv(
            HEADER + "zhejiang,invention_patents_per_10k,2017,1900,件/百万人\njiaxing,invention_grants,2018,0.25,万件\n"
        )
    )
    assert df["value"].tolist() == [19.0, 2500.0]
    assert df["derivation"].str.contains("converted").all()


def test_excel_file_rows_match_the_sheet(tmp_path):
    path = tmp_path / "obs.xlsx"
    pd.DataFrame(
        {
            "region": ["jiaxing", "jiaxing"],
            "indicator": ["invention_grants"] * 2,
            "year": [2016, 2017],
            "value": [1500, "n/a"],
        }
    ).to_excel(path, index=False)
    (p,) = _problems(path)
    assert (p.row, p.column) == (3, "value")


# The bad-input matrix: one row per case an analyst's file can hold, and what validation does with it.
# (cell text in the year/value columns) -> the column blamed and a fragment of the message, or the value read.
MATRIX = [
    ("2016", '"19,5"', "value", "comma may only separate thousands"),  # a decimal comma is not 195
    ("2016", '"1,2,3,4"', "value", "comma may only separate thousands"),
    ("2016", '"12,345"', None, 12345.0),  # a thousands separator in its place
    ("2016", "inf", "value", "expected a number"),
    ("2016", "1e999", "value", "finite number"),
    ("2016", "nan", "value", "expected a number"),
    ("2016", "1e308", "value", "finite number"),  # projected to 4.8e293 before
    ("2016", "-5", "value", "cannot be below 0"),
    ("0000", "10", "year", "outside 1949"),
    ("9999", "10", "year", "outside 1949"),
    ("2018-02-31", "10", "year", "not a date of the calendar"),
    ("2016-13", "10", "year", "not a date of the calendar"),
    ("2020/2011", "10", "year", "earlier year to the later one"),
    ("１９０５-07-11", "10", "year", "formatted as a date"),  # a year typed into a date-formatted Excel cell
    ("２０１６", "10", None, 10.0),  # full-width digits from a Chinese input method
    ("2016.0", "10", None, 10.0),  # a year Excel stored as a number
]


@pytest.mark.parametrize(("year", "value", "column", "expected"), MATRIX)
def test_bad_input_matrix(write_csv, year, value, column, expected):
    path = write_csv(HEADER + f"jiaxing,invention_grants,{year},{value},\n")
    if column is None:
        (row,) = ipdata.read_observations(path).itertuples()
        assert row.value == expected and row.date == "2016"
        return
    (p,) = _problems(path)
    assert (p.row, p.column) == (2, column)
    assert expected in p.message


def test_a_year_and_its_december_are_one_date(write_csv):
    same = write_csv(HEADER + "jiaxing,invention_grants,2019,10,\njiaxing,invention_grants,2019-12,10,\n")
    assert len(ipdata.read_observations(same)) == 1
    differ = write_csv(HEADER + "jiaxing,invention_grants,2019,10,\njiaxing,invention_grants,2019-12,11,\n", "b.csv")
    (p,) = _problems(differ)
    assert p.row == 3 and "conflicts with row 2" in p.message


def test_problems_of_the_sheet_are_reported_with_the_cells(tmp_path):
    path = tmp_path / "obs.csv"
    path.write_text(
        HEADER + "jiaxing,invention_grants,2016,10,\n\njiaxing,invention_grants,2017,x,,extra\n"
        "jiaxing,invention_grants,2018,y,\n",
        encoding="utf-8",
    )
    problems = _problems(path)
    assert [(p.row, p.column) for p in problems] == [(4, None), (5, "value")]  # blank line 3 keeps the numbering


def test_gbk_file_from_excel_reads(tmp_path):
    path = tmp_path / "obs.csv"
    path.write_bytes("地区,指标,年份,数值\n嘉兴,发明专利授权量,2016,1500\n".encode("gbk"))
    (row,) = ipdata.read_observations(path).itertuples()
    assert (row.region_id, row.indicator_id, row.value) == ("jiaxing", "invention_grants", 1500.0)
