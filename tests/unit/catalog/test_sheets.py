"""ipdata.catalog.sheets: an analyst's file read as the rows it really has, in the encodings Excel in China saves."""

from __future__ import annotations

import pytest

from ipdata.catalog.sheets import read_sheet
from ipdata.core.errors import DataValidationError

TEXT = "地区,指标,年份,数值\n嘉兴,发明专利授权量,2016,1500\n"


def _message(path) -> str:
    with pytest.raises(DataValidationError) as err:
        read_sheet(path)
    (problem,) = err.value.problems
    return str(problem)


@pytest.mark.parametrize(
    ("encoding", "bom"), [("gb18030", b""), ("gbk", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-8", b"")]
)
def test_chinese_csv_in_the_encodings_excel_saves(tmp_path, encoding, bom):
    path = tmp_path / "obs.csv"
    path.write_bytes(bom + TEXT.encode(encoding))
    sheet = read_sheet(path)
    assert sheet.header == ["地区", "指标", "年份", "数值"]
    assert sheet.rows == [(2, ["嘉兴", "发明专利授权量", "2016", "1500"])]
    assert sheet.encoding == ("gb18030" if encoding.startswith("gb") else "utf-8")


def test_utf16_unicode_text_is_tab_separated(tmp_path):
    path = tmp_path / "obs.csv"
    path.write_bytes(TEXT.replace(",", "\t").encode("utf-16"))  # Excel's "Unicode text": BOM + tabs
    sheet = read_sheet(path)
    assert sheet.encoding == "utf-16" and sheet.rows[0][1][1] == "发明专利授权量"


def test_blank_lines_keep_the_row_numbers(tmp_path):
    path = tmp_path / "obs.csv"
    path.write_text("a,b\n1,2\n\n,\n3,4\n", encoding="utf-8")
    assert [n for n, _ in read_sheet(path).rows] == [2, 5]


def test_a_row_with_extra_cells_is_reported_not_shifted(tmp_path):
    path = tmp_path / "obs.csv"
    path.write_text("a,b\n1,2\n3,4,5\n", encoding="utf-8")
    sheet = read_sheet(path)
    assert [n for n, _ in sheet.rows] == [2]
    (problem,) = sheet.problems
    assert problem.row == 3 and problem.column is None and "3 filled cells" in problem.message


@pytest.mark.parametrize(
    ("name", "fragment"), [("old.xls", "save it as .xlsx"), ("obs.txt", "expected a .csv or .xlsx")]
)
def test_other_formats_say_what_to_do(tmp_path, name, fragment):
    path = tmp_path / name
    path.write_bytes(b"x")
    assert fragment in _message(path)


def test_a_folder_is_not_a_file(tmp_path):
    assert "is a folder" in _message(tmp_path)


def test_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError):
        read_sheet(tmp_path / "nope.csv")


def test_unclosed_quote_names_the_file(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text('a,b\n"1,2\n', encoding="utf-8")
    assert "could not be read as a table" in _message(path)


def test_excel_percent_cells_dates_and_other_sheets(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    import datetime as dt

    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "data"
    ws.append(["region", "indicator", "date", "value"])
    ws.append(["jiaxing", "patent_case_closure_rate", 2019, 0.93])
    ws["D2"].number_format = "0%"  # shown as 93% in Excel
    ws.append(["jiaxing", "invention_grants", dt.datetime(2019, 12, 31), 1500.0])
    book.create_sheet("more").append(["jiaxing", "invention_grants", 2018, 1400])
    path = tmp_path / "obs.xlsx"
    book.save(path)
    sheet = read_sheet(path)
    assert sheet.rows == [
        (2, ["jiaxing", "patent_case_closure_rate", "2019", "93"]),
        (3, ["jiaxing", "invention_grants", "2019-12-31", "1500"]),
    ]
    (problem,) = sheet.problems
    assert "['more']" in problem.message and "first sheet ('data')" in problem.message
