"""The draft evaluation report (评估报告.docx): python-docx reads back the assessment's numbers."""

from __future__ import annotations

import io

import docx
import pytest

import ipdata
from ipdata.assess.summaries import plan_summary
from ipdata.core.formats import probability_text
from ipdata.deliver.document import CELL_MARGIN_CM, DOCUMENT_COLUMNS, TABLE_PT, evaluation_document, text_cm
from ipdata.views.tables import sources_table


@pytest.fixture(scope="module")
def judged():
    return ipdata.assess_targets(plan="zhejiang_13fyp")


def test_summary_and_table_carry_the_assessment(judged):
    document = docx.Document(io.BytesIO(evaluation_document(judged, "zh")))
    s = plan_summary(ipdata.assessment_table(judged))
    text = "\n".join(p.text for p in document.paragraphs)
    assert f"规划共有量化目标{s.targets}项，其中{s.assessed}项可以评估" in text
    assert f"预计实现{s.expected_met:.1f}项（80%区间：{s.met_lower_80}–{s.met_upper_80}项）" in text
    table = document.tables[0]
    assert len(table.rows) == len(judged) + 1 and len(table.columns) == len(DOCUMENT_COLUMNS)
    assessed = ipdata.assessment_table(judged)
    for row, (_, t) in zip(table.rows[1:], assessed.iterrows()):
        probability = row.cells[DOCUMENT_COLUMNS.index("probability")].text
        assert probability == probability_text(t["probability"])  # 99% for 0.9999: never 100% short of certain
    for heading in ("一、总体情况", "二、指标完成情况", "三、分指标评估", "四、预警", "附录：数据来源"):
        assert heading in text
    assert "nan" not in text.lower() and "dtype" not in text


def test_figures_are_embedded_and_the_english_twin(judged):
    from ipdata.views.figures import dashboard_figure, figure_bytes

    png = figure_bytes(dashboard_figure(judged, "en"), "png")
    document = docx.Document(io.BytesIO(evaluation_document(judged, "en", {"dashboard": png})))
    assert len(document.inline_shapes) == 1
    assert document.paragraphs[0].text.startswith("Evaluation of the Zhejiang")


def test_same_inputs_same_bytes(judged):
    assert evaluation_document(judged, "zh") == evaluation_document(judged, "zh")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_tables_print_whole(judged, lang):
    """Header rows repeat, no row splits across pages, the completion table fits its landscape line, numbers whole."""
    from docx.enum.section import WD_ORIENT
    from docx.oxml.ns import qn

    document = docx.Document(io.BytesIO(evaluation_document(judged, lang)))
    completion, sources = document.tables
    for table in (completion, sources):
        rows = [row._tr.trPr for row in table.rows]
        assert all(p is not None and p.find(qn("w:cantSplit")) is not None for p in rows)
        assert rows[0].find(qn("w:tblHeader")) is not None
        assert all(p.find(qn("w:tblHeader")) is None for p in rows[1:])
    landscape = document.sections[1]
    assert landscape.orientation == WD_ORIENT.LANDSCAPE and landscape.page_width > landscape.page_height
    line = (landscape.page_width - landscape.left_margin - landscape.right_margin) / 360000  # EMU to cm
    widths = [cell.width.cm for cell in completion.rows[0].cells]
    assert sum(widths) <= line + 0.01
    text = {"region", "indicator", "unit", "review", "warning"}
    for row in completion.rows[1:]:
        for column, cell, width in zip(DOCUMENT_COLUMNS, row.cells, widths):
            if column not in text:  # a number on one line, in 8 pt, inside the cell's margins
                assert text_cm(cell.text, TABLE_PT) + 2 * CELL_MARGIN_CM < width, (column, cell.text, width)
            assert cell.paragraphs[0].runs[0].font.size.pt >= 8
    assert len(sources.columns) == 2 and len(sources.rows) == len(sources_table(judged, lang)) + 1
    assert sources.rows[1].cells[0].text.startswith(str(judged[0].target["target_id"]))
