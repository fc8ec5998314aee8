"""The completion table workbook (完成情况表): its numbers are the assessment's, its bytes reproducible."""

from __future__ import annotations

import io

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

import ipdata
from ipdata.core.formats import unit_decimals
from ipdata.core.words import COMPLETION_HEADERS
from ipdata.deliver.workbook import FONT_PT, MIN_PRINTED_PT, completion_workbook, print_scale, text_lines, text_units
from ipdata.views.tables import sources_table


@pytest.fixture(scope="module")
def judged():
    return ipdata.assess_targets(plan="zhejiang_13fyp")


def _rows(data: bytes, sheet: int = 0) -> list[dict]:
    ws = openpyxl.load_workbook(io.BytesIO(data)).worksheets[sheet]
    header = [c.value for c in ws[1]]
    return [dict(zip(header, [c.value for c in r])) for r in ws.iter_rows(min_row=2)]


def test_numbers_match_the_assessment(judged):
    table = ipdata.assessment_table(judged).set_index("target_id")
    h = {k: zh for k, (zh, _) in COMPLETION_HEADERS.items()}
    rows = _rows(completion_workbook(judged, "zh"))
    assert [r[h["target_id"]] for r in rows] == list(table.index)
    for r in rows:
        t = table.loc[r[h["target_id"]]]
        step = 10.0 ** -unit_decimals(t["unit"])  # a cell holds the number rounded to what it shows
        for column, key, shown in (
            ("probability", "probability", 0.02),  # whole per cent, rounded down (up to 0.01 below)
            ("projected_value", "projected", step),
            ("last_value", "current_value", step),
            ("required_growth", "required_growth", 0.001),  # a tenth of a per cent
        ):
            if t[column] == t[column]:  # not NaN
                assert r[h[key]] == pytest.approx(float(t[column]), abs=shown / 2 + 1e-12), (r[h["target_id"]], column)
            else:
                assert r[h[key]] is None  # missing is an empty cell, never 'nan'
        assert r[h["region"]] == "浙江省"
        assert (r[h["warning"]] == "预警") == (t["assessable"] and (t["probability"] < 0.5 or t["cn_label"] == "滞后"))


def test_layout_sources_and_the_english_twin(judged):
    data = completion_workbook(judged, "zh")
    book = openpyxl.load_workbook(io.BytesIO(data))
    ws = book["完成情况表"]
    assert ws.freeze_panes == "A2" and ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A3) and ws.print_title_rows == "$1:$1"
    headers = [c.value for c in ws[1]]
    assert headers[:4] == ["序号", "地区", "指标", "单位"] and "任务进度" in headers and "时间进度" in headers
    sources = book["数据来源"]
    assert sources.max_column == 2 and sources.page_setup.orientation == "portrait"
    assert sources.print_title_rows == "$1:$1"
    assert sources.max_row == len(sources_table(judged, "zh")) + 1  # one entry per target and per value
    entries, cited = (" ".join(str(c.value) for c in col[1:]) for col in sources.iter_cols())
    assert all(f"原文：{t['quote_zh']}" in cited for t in (r.target for r in judged))
    assert all(str(t["target_id"]) in entries for t in (r.target for r in judged))
    assert "000_f0803" not in cited  # documents by title, not seed file hash
    english = openpyxl.load_workbook(io.BytesIO(completion_workbook(judged, "en")))
    assert [c.value for c in english.worksheets[0][1]][:3] == ["No.", "Region", "Indicator"]
    assert [c.value for c in english.worksheets[1][1]] == [
        "Target id / Indicator / Row / Date / Value / Status",
        "Source / Quote",
    ]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_it_prints_at_8_points_or_more_with_whole_numbers(judged, lang):
    """Fit-to-width never shrinks text under 8 pt; no number cell wraps, and each is as wide as its number."""
    book = openpyxl.load_workbook(io.BytesIO(completion_workbook(judged, lang)))
    for ws, paper in zip(book.worksheets, ("a3_landscape", "a4_portrait")):
        widths = [ws.column_dimensions[get_column_letter(i)].width for i in range(1, ws.max_column + 1)]
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
        assert FONT_PT * print_scale(sum(widths), paper) >= MIN_PRINTED_PT, (ws.title, sum(widths))
        for row in ws.iter_rows(min_row=2):
            for cell, width in zip(row, widths):
                if isinstance(cell.value, (int, float)):
                    assert not cell.alignment.wrap_text, cell.coordinate
                    assert text_units(_shown(cell.number_format, cell.value)) < width, (cell.coordinate, cell.value)
            wrapped = [(str(c.value), w) for c, w in zip(row, widths) if c.alignment.wrap_text and c.value]
            lines = max((text_lines(text, w) for text, w in wrapped), default=1)
            assert ws.row_dimensions[row[0].row].height >= lines * 15, row[0].coordinate  # the text fits its row


def _shown(number_format: str, value: float) -> str:
    """A number as Excel prints it in ``number_format`` (the few formats the workbook uses), written here anew."""
    percent = number_format.endswith("%")
    decimals = len(number_format.split(".")[1].rstrip("%")) if "." in number_format else 0
    text = f"{value * 100 if percent else value:{',' if '#,' in number_format else ''}.{decimals}f}"
    return text + ("%" if percent else "")


def test_text_lines_count_chinese_double_and_break_long_words():
    assert text_units("知识产权") == pytest.approx(4 * 2.1) and text_units("2020") == 4
    assert text_lines("知识产权" * 5, 22) == 2  # 20 characters of 2.1 units, ten to a line of 21.4 units
    assert text_lines("patent grants", 8) == 2  # wraps at the space
    assert text_lines("http://english.sipo.gov.cn/statistics/2012s/20123/977832.htm", 20) == 4
    assert text_lines("one\ntwo", 40) == 2


def test_same_inputs_same_bytes(judged):
    assert completion_workbook(judged, "zh") == completion_workbook(judged, "zh")


def test_a_formula_in_an_analysts_source_stays_text(tmp_path):
    """OWASP CSV/XLSX injection: a source typed as =cmd|... is stored as a text cell, never as a formula."""
    import shutil
    import zipfile
    from pathlib import Path

    from ipdata.catalog.plan_files import read_plan

    folder = Path(shutil.copytree(Path(__file__).resolve().parents[2] / "fixtures" / "invented_plan", tmp_path / "p"))
    text = (folder / "observations.csv").read_text(encoding="utf-8-sig")
    evil = "=cmd|' /C calc'!A0"
    (folder / "observations.csv").write_text(text.replace(",invented,", f',"{evil}",', 1), encoding="utf-8")
    judged = ipdata.assess_targets(plan=read_plan(folder))
    data = completion_workbook(judged, "zh")
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        sheets = [book.read(n).decode("utf-8") for n in book.namelist() if n.startswith("xl/worksheets/sheet")]
    assert not any("<f>" in s for s in sheets)
    cited = [str(c.value) for c in openpyxl.load_workbook(io.BytesIO(data)).worksheets[1]["B"]]
    assert any(evil in c for c in cited)
