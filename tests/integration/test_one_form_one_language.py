"""What a careful reader checks across the deliverables: one number reads the same everywhere, and a Chinese
report is Chinese throughout.

Both used to fail: the same probability read 6 % on the page and 5.7 % in Excel, a count 9,621.11; the Chinese
sources sheet said "final" and "derived", the page "notebook". Here every bundled plan's Chinese deliverables
(page, workbook, document, figures) are scanned for ASCII words, and each target of two plans is looked up in
all four and must show the same probability, projection and goal.

What a Chinese output may hold in Latin letters, and why: URLs and file names (addresses), target ids such as
zj13-01 (the plan's keys), the quotes of English sources (原文 is verbatim), and a few names (:data:`NAMES`).
The workbook is read as Excel prints it: each number through its own number format, rendered here anew.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from bs4 import BeautifulSoup
from docx import Document
from matplotlib.text import Text

from ipdata.assess.targets import TargetAssessment, assess_targets
from ipdata.catalog.tables import plans
from ipdata.core.words import COMPLETION_HEADERS
from ipdata.deliver.document import DOCUMENT_COLUMNS, evaluation_document
from ipdata.deliver.pages import plan_page
from ipdata.deliver.workbook import completion_workbook
from ipdata.views.figures import dashboard_figure, trajectory_figure
from ipdata.views.trajectories import trajectory

pytestmark = pytest.mark.integration

NAMES = {"ipdata", "PCT", "Jupyter", "English"}  # a program, a treaty, a file format, the other language's link
URL = re.compile(r"(?:https?://|www\.)\S+|\S+\.(?:html?|pdf|docx?|xlsx|csv|json|svg|png|ipynb|txt)\b")
TARGET_ID = re.compile(r"\b[a-z]{2,}\d+-\d+[a-z]?\b")
WORD = re.compile(r"[A-Za-z][A-Za-z_]+")


@pytest.fixture(scope="module")
def judged() -> dict[str, list[TargetAssessment]]:
    return {pid: assess_targets(plan=pid) for pid in plans()["plan_id"]}


def _english_words(text: str, allowed: set[str]) -> set[str]:
    text = TARGET_ID.sub(" ", URL.sub(" ", text))
    return {w for w in WORD.findall(text) if w not in allowed}


def _quoted_words(results: list[TargetAssessment]) -> set[str]:
    """The Latin words of the plan's quotes and its sources' quotes and titles: verbatim text, not ipdata's."""
    texts = [str(r.target["quote_zh"]) + str(r.target["indicator_text_zh"]) for r in results]
    for r in results:
        if r.history is not None:
            from ipdata.observed.observations import provenance

            texts += [str(q) for q in provenance(r.history)["quote"]]
    return {w for t in texts for w in WORD.findall(URL.sub(" ", t))}


def _workbook_texts(data: bytes) -> Iterator[str]:
    for ws in openpyxl.load_workbook(io.BytesIO(data)):
        for row in ws.iter_rows(values_only=True):
            yield from (v for v in row if isinstance(v, str))
        yield ws.title
        yield str(ws.oddHeader.center.text or "")


def _document_texts(data: bytes) -> Iterator[str]:
    doc = Document(io.BytesIO(data))
    yield from (p.text for p in doc.paragraphs)
    for table in doc.tables:
        for row in table.rows:
            yield from (c.text for c in row.cells)


def _page_texts(html: bytes) -> Iterator[str]:
    soup = BeautifulSoup(html.replace(b"<wbr>", b""), "html.parser")  # a URL's break points join it again
    for tag in soup(["script", "style"]):
        tag.decompose()
    yield from soup.stripped_strings
    yield from (str(img.get("alt", "")) for img in soup.find_all("img"))


def _figure_texts(fig) -> Iterator[str]:
    yield from (t.get_text() for t in fig.findobj(Text))


def test_chinese_deliverables_hold_no_english_word(judged, tmp_path: Path):
    found: dict[str, set[str]] = {}
    for pid, results in judged.items():
        allowed = NAMES | _quoted_words(results)
        outputs = {
            "完成情况表.xlsx": _workbook_texts(completion_workbook(results, "zh")),
            "评估报告.docx": _document_texts(evaluation_document(results, "zh")),
            "page": _page_texts(plan_page(results, "zh", tmp_path)),
            "dashboard figure": _figure_texts(dashboard_figure(results, "zh")),
        }
        for r in results[:6]:
            outputs[f"trajectory {r.target['target_id']}"] = _figure_texts(
                trajectory_figure(trajectory(assessed=r, plan=r.plan), "zh")
            )
        for what, texts in outputs.items():
            words = set().union(*(_english_words(t, allowed) for t in texts))
            if words:
                found[f"{pid} {what}"] = words
    assert not found, f"English words in Chinese outputs: {found}"


def test_an_english_word_would_be_found():
    """The scan above can fail: an English status word is caught, a URL, an id and a name are not."""
    assert _english_words("观测值 2015：7.38（final）", NAMES) == {"final"}
    assert not _english_words("出处：http://english.sipo.gov.cn/statistics/x.htm zj13-01 PCT国际专利申请", NAMES)


# --- one number, one form -------------------------------------------------------------------------------------

CHECKED = ("probability", "projected", "goal")


def _excel_text(value: object, number_format: str) -> str:
    """A number as Excel prints it in the few formats the workbook uses (``0%``, ``0.0%``, ``#,##0.00`` …)."""
    if not isinstance(value, (int, float)):
        return "" if value is None else str(value)
    percent = number_format.endswith("%")
    decimals = len(number_format.rstrip("%").split(".")[1]) if "." in number_format else 0
    grouping = "," if "#,##" in number_format else ""
    return f"{value * 100 if percent else value:{grouping}.{decimals}f}" + ("%" if percent else "")


def _workbook_rows(data: bytes, lang: str) -> dict[str, dict[str, str]]:
    ws = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    header = {c.value: k for k, c in enumerate(ws[1])}
    column = {key: header[zh if lang == "zh" else en] for key, (zh, en) in COMPLETION_HEADERS.items()}
    rows = {}
    for row in ws.iter_rows(min_row=2):
        number = str(row[column["number"]].value)
        rows[number] = {c: _excel_text(row[column[c]].value, row[column[c]].number_format) for c in CHECKED}
    return rows


def _document_rows(data: bytes, lang: str) -> dict[str, dict[str, str]]:
    doc = Document(io.BytesIO(data))
    headers = {pick_header(c, lang): c for c in DOCUMENT_COLUMNS}
    table = next(t for t in doc.tables if [c.text for c in t.rows[0].cells][0] in headers)
    names = [headers[c.text] for c in table.rows[0].cells]
    rows = {}
    for row in table.rows[1:]:
        cells = dict(zip(names, (c.text for c in row.cells)))
        rows[cells["number"]] = {c: cells[c] for c in CHECKED if c in cells}
    return rows


def pick_header(column: str, lang: str) -> str:
    zh, en = COMPLETION_HEADERS[column]
    return zh if lang == "zh" else en


def _page_rows(html: bytes, lang: str) -> dict[str, dict[str, str]]:
    soup = BeautifulSoup(html, "html.parser")
    table = next(t for t in soup.find_all("table") if t.find("th", string=pick_header("probability", lang)))
    names = [th.get_text(strip=True) for th in table.find("tr").find_all("th")]
    keys = {pick_header(c, lang): c for c in COMPLETION_HEADERS}
    rows = {}
    for tr in table.find_all("tr")[1:]:
        cells = {keys.get(n, n): td.get_text(strip=True) for n, td in zip(names, tr.find_all(["td", "th"]))}
        if "number" in cells:
            rows[cells["number"]] = {c: cells[c] for c in CHECKED if c in cells}
    return rows


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("pid", ["zhejiang_13fyp", "jiaxing_13fyp"])
def test_the_same_target_reads_the_same_in_page_workbook_document_and_figure(judged, tmp_path, pid, lang):
    results = judged[pid]
    book = _workbook_rows(completion_workbook(results, lang), lang)
    document = _document_rows(evaluation_document(results, lang), lang)
    page = _page_rows(plan_page(results, lang, tmp_path), lang)
    figure = " | ".join(_figure_texts(dashboard_figure(results, lang)))
    assert set(book) == {str(k) for k in range(1, len(results) + 1)}  # rows by 序号, the key all four share
    compared = 0
    for tid, cells in book.items():
        for column, text in cells.items():
            if not text:
                continue
            for where, other in (("document", document), ("page", page)):
                if column in other.get(tid, {}):
                    assert other[tid][column] == text, (pid, tid, column, where, other[tid][column], text)
                    compared += 1
        if cells["probability"]:
            assert re.search(rf"(?<![\d.]){re.escape(cells['probability'])}", figure), (tid, cells["probability"])
        if cells["goal"]:
            assert re.search(rf"(?<![\d.,]){re.escape(cells['goal'])}(?![\d])", figure), (tid, cells["goal"])
    for k, r in enumerate(results, start=1):  # the memo sentence (page, document) says the same probability
        if book[str(k)]["probability"] and r.reason is None:
            assert book[str(k)]["probability"] in trajectory(assessed=r, plan=r.plan).sentence(lang), k
    assert compared >= len(book), compared  # the page and the document were really compared
