"""The completion table workbook (完成情况表): its numbers are the assessment's, its bytes reproducible."""

from __future__ import annotations

import io

import openpyxl
import pytest

import ipdata
from ipdata.core.words import COMPLETION_HEADERS
from ipdata.deliver.workbook import completion_workbook


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
        for column, key in (
            ("probability", "probability"),
            ("projected_value", "projected"),
            ("last_value", "current_value"),
            ("required_growth", "required_growth"),
        ):
            if t[column] == t[column]:  # not NaN
                assert r[h[key]] == pytest.approx(float(t[column])), (r[h["target_id"]], column)
            else:
                assert r[h[key]] is None  # missing is an empty cell, never 'nan'
        assert r[h["region"]] == "浙江省"
        assert (r[h["warning"]] == "预警") == (t["assessable"] and (t["probability"] < 0.5 or t["cn_label"] == "滞后"))


def test_layout_sources_and_the_english_twin(judged):
    data = completion_workbook(judged, "zh")
    book = openpyxl.load_workbook(io.BytesIO(data))
    ws = book["完成情况表"]
    assert ws.freeze_panes == "A2" and ws.page_setup.orientation == "landscape"
    headers = [c.value for c in ws[1]]
    assert headers[:4] == ["序号", "地区", "指标", "单位"] and "任务进度" in headers and "时间进度" in headers
    sources = _rows(data, 1)
    quotes = {r["原文"] for r in sources if r["类别"] == "目标"}
    assert {t["quote_zh"] for t in (r.target for r in judged)} <= quotes
    assert not any("000_f0803" in str(r["出处"]) for r in sources)  # documents by title, not seed file hash
    english = openpyxl.load_workbook(io.BytesIO(completion_workbook(judged, "en"))).worksheets[0]
    assert [c.value for c in english[1]][:3] == ["No.", "Region", "Indicator"]


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
    sources = _rows(data, 1)
    assert any(r["出处"] == evil for r in sources)
