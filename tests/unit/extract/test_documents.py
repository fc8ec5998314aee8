"""Reading plan documents: every kind gives the one text layout, and every bad file one clear problem."""

from __future__ import annotations

import codecs
import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from pypdf import PdfReader, PdfWriter

from ipdata.core.errors import DataValidationError
from ipdata.core.paths import shared_dir
from ipdata.extract import documents
from ipdata.extract.documents import Document, read_document

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "extract"
NOTE = "本文件为测试用虚构文本（invented test fixture）"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489") + b"\x00" * 40


def problem(path: Path, *, fragment: str) -> str:
    """read_document refuses ``path`` with exactly one one-line problem naming it and holding ``fragment``."""
    with pytest.raises(DataValidationError) as caught:
        read_document(path)
    assert caught.type is DataValidationError  # never a library's exception type
    (only,) = caught.value.problems
    assert only.file == str(path)
    assert "\n" not in only.message
    assert fragment in only.message, only.message
    return only.message


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


# --- .txt --------------------------------------------------------------------------------------------------


def test_the_seed_plans_read_exactly_as_their_text():
    folder = shared_dir()
    if folder is None:
        pytest.skip("../shared/seeds is not beside this checkout")
    seeds = sorted((folder / "seeds").glob("*.txt"))
    assert len(seeds) == 5
    for seed in seeds:
        expected = seed.read_bytes().decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
        document = read_document(seed)
        assert document == Document(seed.name, "txt", expected)


def test_txt_line_ends_are_normalised_and_a_utf8_bom_dropped(tmp_path):
    path = write(tmp_path, "plan.txt", codecs.BOM_UTF8 + f"{NOTE}\r\n第一段\r第二段\n\t单元格\r\n".encode())
    assert read_document(path).text == f"{NOTE}\n第一段\n第二段\n\t单元格\n"


@pytest.mark.parametrize("suffix", [".txt", ".text", ".md", ".TXT"])
def test_gb18030_text_is_decoded(tmp_path, suffix):
    text = f"{NOTE}\n到2025年，全市每万人发明专利拥有量达到30件（王喆）。"
    document = read_document(write(tmp_path, f"plan{suffix}", text.encode("gb18030")))
    assert (document.kind, document.text, document.name) == ("txt", text, f"plan{suffix}")


def test_utf16_text_with_its_bom_is_not_taken_for_binary(tmp_path):
    text = f"{NOTE}\n专利密度达到12件"
    assert read_document(write(tmp_path, "plan.txt", text.encode("utf-16"))).text == text


def test_a_form_feed_becomes_a_space_so_offsets_keep_their_meaning(tmp_path):
    text = read_document(write(tmp_path, "plan.txt", f"{NOTE}\n第一页\f第二页")).text
    assert text == f"{NOTE}\n第一页 第二页"


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (PNG, "is not a text document (binary data; a renamed file?)"),
        (NOTE.encode() + b"\x01\x02\x03\x04\x05" * 3, "is not a text document"),
        (b"", "holds no text"),
        (b" \r\n\t\n  \n", "holds no text"),
        (b"abc\x81", "is not UTF-8, UTF-16 or GBK/GB18030 text"),
    ],
    ids=["png-renamed", "control-characters", "empty", "whitespace-only", "undecodable"],
)
def test_bad_text_files_are_refused(tmp_path, data, fragment):
    problem(write(tmp_path, "plan.txt", data), fragment=fragment)


# --- .docx -------------------------------------------------------------------------------------------------


def _word_plan(path: Path) -> Path:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "页眉文字不应出现"
    document.add_paragraph(NOTE)
    document.add_paragraph("一、主要指标\t（表1）")
    table = document.add_table(rows=4, cols=3)
    table.cell(0, 0).text = "指标"
    table.cell(0, 1).merge(table.cell(0, 2)).text = "目标值"  # a header cell spanning two columns
    for column, text in enumerate(["", "2020年", "2025年"]):
        table.cell(1, column).text = text
    table.cell(1, 0).merge(table.cell(0, 0))  # 指标 spans the two header rows
    cell = table.cell(2, 0)
    cell.text = "每万人发明专利拥有量"
    cell.add_paragraph("（件）")  # a cell of two paragraphs
    table.cell(2, 1).text, table.cell(2, 2).text = "20", "30"
    table.cell(3, 0).text, table.cell(3, 1).text, table.cell(3, 2).text = "PCT国际专利申请量", "  800 ", "1200"
    document.add_paragraph("")
    document.add_paragraph("")
    document.add_paragraph("到2025年，全市每万人发明专利拥有量达到30件。")
    document.save(path)
    return path


def test_docx_paragraphs_and_table_read_in_the_table_layout(tmp_path):
    document = read_document(_word_plan(tmp_path / "plan.docx"))
    assert document.kind == "docx"
    assert document.text == (
        f"{NOTE}\n"
        "一、主要指标 （表1）\n"  # a tab in a paragraph is a space: a tab first on a line means a table cell
        "\n"
        "\t指标\n\t目标值\n\t\n"  # the merged header once, then an empty cell for the column it spans
        "\n"
        "\t\n\t2020年\n\t2025年\n"  # the vertical merge's second row: an empty cell
        "\n"
        "\t每万人发明专利拥有量\n（件）\n\t20\n\t30\n"  # the cell's second paragraph: a line without the tab
        "\n"
        "\tPCT国际专利申请量\n\t800\n\t1200\n"
        "\n"
        "到2025年，全市每万人发明专利拥有量达到30件。"  # the two empty paragraphs: no extra blank lines
    )


def test_docx_tracked_insertions_and_content_controls_are_read_but_not_the_table_of_contents(tmp_path):
    document = docx.Document()
    paragraph = document.add_paragraph("专利密度达到")
    inserted = paragraph._p.makeelement(qn("w:ins"), {qn("w:id"): "1", qn("w:author"): "x"})
    run = paragraph.add_run("12件")._r
    inserted.append(run)  # moves the run into the tracked insertion
    paragraph._p.append(inserted)
    sdt = document.element.body.makeelement(qn("w:sdt"), {})
    content = sdt.makeelement(qn("w:sdtContent"), {})
    control = document.add_paragraph("内容控件里的段落")._p
    content.append(control)
    sdt.append(content)
    document.element.body.insert(len(document.element.body) - 1, sdt)
    toc = document.element.body.makeelement(qn("w:sdt"), {})  # a table of contents: left out
    toc_properties = toc.makeelement(qn("w:sdtPr"), {})
    part = toc_properties.makeelement(qn("w:docPartObj"), {})
    part.append(part.makeelement(qn("w:docPartGallery"), {qn("w:val"): "Table of Contents"}))
    toc_properties.append(part)
    toc_content = toc.makeelement(qn("w:sdtContent"), {})
    toc_content.append(document.add_paragraph("一、发展目标\t3")._p)
    toc.extend([toc_properties, toc_content])
    document.element.body.insert(0, toc)
    document.save(tmp_path / "plan.docx")
    assert read_document(tmp_path / "plan.docx").text == "专利密度达到12件\n内容控件里的段落"


def test_two_touching_word_tables_stay_two(tmp_path):
    document = docx.Document()
    for values in (["甲", "1"], ["乙", "2"]):
        table = document.add_table(rows=1, cols=2)
        table.cell(0, 0).text, table.cell(0, 1).text = values
    document.save(tmp_path / "plan.docx")
    assert read_document(tmp_path / "plan.docx").text == "\n\t甲\n\t1\n\n\n\t乙\n\t2\n"


def test_a_table_nested_in_a_word_cell_adds_its_cells_as_lines_of_that_cell(tmp_path):
    document = docx.Document()
    document.add_paragraph("表前")
    document.add_paragraph("")  # a blank paragraph before a table: the table's own blank line replaces it
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "指标"
    inner = table.cell(0, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "2020年", "2025年"
    document.add_paragraph("")  # a blank paragraph last: dropped
    document.save(tmp_path / "plan.docx")
    assert read_document(tmp_path / "plan.docx").text == "表前\n\n\t指标\n\t2020年\n2025年\n"


@pytest.mark.parametrize(
    ("name", "data", "fragment"),
    [
        ("plan.docx", os.urandom(2000), "is not a Word .docx file (BadZipFile"),
        ("plan.docx", b"", "is not a Word .docx file"),
        ("plan.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "is an old Word .doc file"),
        ("plan.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "is an old Word .doc file; save it as .docx"),
    ],
    ids=["random-bytes", "empty", "doc-named-docx", "doc"],
)
def test_files_that_are_not_word_documents_are_refused(tmp_path, name, data, fragment):
    problem(write(tmp_path, name, data), fragment=fragment)


def test_a_zip_that_is_not_a_word_document_is_refused(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not a document")
    problem(write(tmp_path, "plan.docx", buffer.getvalue()), fragment="is not a Word .docx file (")


def test_a_docx_without_body_text_holds_no_text(tmp_path):
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "只有页眉"
    document.save(tmp_path / "plan.docx")
    problem(tmp_path / "plan.docx", fragment="holds no text in its paragraphs and tables")


# --- .pdf --------------------------------------------------------------------------------------------------


def test_a_libreoffice_pdf_reads_its_chinese_text_layer():
    document = read_document(FIXTURES / "plan_for_pdf.pdf")
    assert (document.name, document.kind) == ("plan_for_pdf.pdf", "pdf")
    source = (FIXTURES / "plan_for_pdf.txt").read_text(encoding="utf-8").splitlines()
    lines = document.text.split("\n")
    # pypdf gives the CJK text without spurious spaces, one printed line per line ...
    assert lines[:3] == source[:3]
    assert "到2025年，全市每万人发明专利拥有量达到30件。" in lines
    # ... and a sentence longer than the printed line (pypdf cut it inside 增长) is one line again: the
    # extractor reads it as one sentence, and the short lines (heading, one-line paragraph) keep their breaks
    assert lines == source


def test_an_image_only_pdf_has_no_text_layer(tmp_path):
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    with open(tmp_path / "scan.pdf", "wb") as out:
        writer.write(out)
    problem(tmp_path / "scan.pdf", fragment="has no text layer (a scanned image?): run OCR first")


def _encrypted_copy(path: Path, user_password: str) -> Path:
    writer = PdfWriter(clone_from=PdfReader(FIXTURES / "plan_for_pdf.pdf"))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
    with open(path, "wb") as out:
        writer.write(out)
    return path


def test_a_pdf_with_only_an_owner_password_is_read(tmp_path):
    text = read_document(_encrypted_copy(tmp_path / "plan.pdf", "")).text
    assert "到2025年，全市每万人发明专利拥有量达到30件。" in text


def test_a_pdf_that_needs_a_password_is_refused(tmp_path):
    problem(_encrypted_copy(tmp_path / "plan.pdf", "secret"), fragment="is an encrypted PDF that opens only with")


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"%PDF-1.7\n" + os.urandom(3000), "is not a readable PDF file ("),
        (b"", "is not a readable PDF file ("),
        (b"PK\x03\x04" + b"\x00" * 100, "is not a PDF (it is an Office file under a .pdf name)"),
    ],
    ids=["damaged", "empty", "office-file"],
)
def test_files_that_are_not_readable_pdfs_are_refused(tmp_path, data, fragment):
    problem(write(tmp_path, "plan.pdf", data), fragment=fragment)


# --- .html -------------------------------------------------------------------------------------------------


def test_a_gbk_government_page_reads_its_content_without_the_page_chrome():
    document = read_document(FIXTURES / "plan_gbk.html")
    assert document.kind == "html"
    assert document.text == (
        f"{NOTE}。\n"
        "一、发展目标\n"
        # the source's line break between two Chinese characters is no space (as a browser lays it out)
        "到2025年，全市每万人发明专利拥有量达到30件，知识产权质押融资额累计达到50亿元。\n"
        "联系人：王喆 （虚构）\n"  # declared gb2312, read as GB18030: 喆 is outside GB2312; &nbsp;&nbsp; one space
        "\n"
        "\t指标\n\t目标值\n\t\n"  # colspan=2: the text, then an empty cell
        "\n"
        "\t\n\t2020年\n\t2025年\n"  # under rowspan=2: an empty cell
        "\n"
        "\t每万人发明专利拥有量\n（件）\n\t20\n\t30\n"  # <br> in a cell: a further line of the cell
        "\n"
        "\tPCT国际专利申请量（件）\n\t800\n\t1200\n"
        "\n"
        "二、保障措施\n"
        "加强组织领导。"
    )
    for chrome in (
        "页头",
        "首页",
        "当前位置",
        "发布日期",
        "分享到",
        "版权所有",
        "脚本",
        "color",
        "某某市知识产权发展规划",
    ):
        assert chrome not in document.text


def _page(body: str, head: str = '<meta charset="utf-8">') -> str:
    return f"<!DOCTYPE html><html><head>{head}<title>标题</title></head><body>{body}</body></html>"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(
            '<div id="menu">导航</div><p>甲  段\n落</p><p>乙&nbsp;段</p><div class="footer">页脚</div>',
            "甲 段落\n乙 段",
            id="no-container-reads-the-body-without-chrome",
        ),
        pytest.param(
            '<div class="content">短</div><article><p>正文第一段</p><p>正文第二段</p></article>',
            "正文第一段\n正文第二段",
            id="largest-container-wins",
        ),
        pytest.param(
            '<div id="main-with-sidebar"><div id="zoom"><p>正文</p><div class="share">分享</div></div></div>',
            "正文",
            id="content-inside-a-chrome-wrapper",
        ),
        pytest.param(
            "<table><tr><td><p>整页布局表格里的正文</p><table><tr><td>甲</td><td>1</td></tr></table></td></tr></table>",
            "整页布局表格里的正文\n\n\t甲\n\t1\n",
            id="layout-table-read-as-blocks",
        ),
        pytest.param(
            "<p>一<br>二<br><br>三</p><pre>第一行\n  第二行</pre><p>A\tB</p>",
            "一\n二\n\n三\n第一行\n第二行\nA B",
            id="line-breaks",
        ),
        pytest.param(
            '<p>可见</p><p style="display: none">隐藏</p><p hidden>也隐藏</p><!-- 注释 --><p>控\x01制</p>',
            "可见\n控 制",
            id="hidden-comments-controls",
        ),
        pytest.param(
            "<table><tr><td rowspan='3'>甲</td><td>1</td><td rowspan='2'>x</td></tr>"
            "<tr><td>2</td></tr><tr><td>3</td></tr></table>",
            "\n\t甲\n\t1\n\tx\n\n\t\n\t2\n\t\n\n\t\n\t3\n\t\n",
            id="rowspans-keep-columns",
        ),
    ],
)
def test_html_layout(tmp_path, body, expected):
    assert read_document(write(tmp_path, "page.htm", _page(body))).text == expected


def test_a_utf8_page_with_a_stale_gb2312_declaration_is_read_as_utf8(tmp_path):
    page = _page("<p>专利密度达到12件</p>", head='<meta http-equiv="Content-Type" content="text/html; charset=gb2312">')
    assert read_document(write(tmp_path, "page.html", page)).text == "专利密度达到12件"


def test_a_table_caption_is_a_line_before_the_table(tmp_path):
    page = _page("<table><caption>表1 主要指标</caption><tr><th>指标</th><th>2025年</th></tr></table>")
    assert read_document(write(tmp_path, "page.html", page)).text == "表1 主要指标\n\n\t指标\n\t2025年\n"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (codecs.BOM_UTF8 + _page("<p>专利</p>", head="<meta charset=gbk>").encode(), "专利"),
        (_page("<p>专利</p>", head='<meta charset="no-such-codec">').encode("gb18030"), "专利"),
        (_page("<p>专利</p>").encode("utf-16"), "专利"),
        (_page("<p>专利</p><p>X</p>").encode("gbk").replace(b"X", b"\xff"), "专利\n\ufffd"),  # no encoding fits
    ],
    ids=["utf8-bom-beats-the-declaration", "unknown-charset", "utf16-bom", "mixed-bytes"],
)
def test_page_encodings(tmp_path, data, expected):
    assert read_document(write(tmp_path, "page.html", data)).text == expected


def test_a_page_with_only_chrome_holds_no_text(tmp_path):
    page = _page('<div class="nav">首页</div><script>render()</script>')
    problem(write(tmp_path, "page.html", page), fragment="holds no text outside scripts, menus")


# --- any kind ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "fragment"),
    [
        ("plan.xlsx", ".xlsx is a workbook, not a plan document; a plan document is read from .txt, .docx, .pdf"),
        ("plan.png", ".png is an image, not a text document (run OCR first)"),
        ("plan.wps", "is a WPS Writer .wps file; save it as .docx"),
        ("plan.xyz", "the extension '.xyz' is not a plan document's; a plan document is read from .txt"),
        ("plan", "the file has no extension"),
    ],
)
def test_other_extensions_are_refused_with_what_is_read(tmp_path, name, fragment):
    problem(write(tmp_path, name, "到2025年"), fragment=fragment)


def test_a_missing_document_is_not_found(tmp_path):
    with pytest.raises(FileNotFoundError, match="plan.txt: plan document not found"):
        read_document(tmp_path / "plan.txt")


def test_a_folder_is_refused(tmp_path):
    (tmp_path / "plans.txt").mkdir()
    problem(tmp_path / "plans.txt", fragment="is a folder")


def test_a_file_over_50_mb_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "plan.pdf"
    with open(path, "wb") as out:
        out.truncate(documents.MAX_BYTES + 1)  # sparse: nothing is written
    problem(path, fragment="is 50.0 MB, over the 50 MB")


def test_the_document_is_frozen_and_read_from_a_str_path(tmp_path):
    document = read_document(str(write(tmp_path, "plan.txt", NOTE)))
    with pytest.raises(AttributeError):
        document.text = "x"  # type: ignore[misc]


def test_no_reader_library_is_imported_until_a_file_of_its_kind_is_read():
    code = (
        "import sys, ipdata.extract.documents; print(sorted(m for m in ('docx', 'pypdf', 'bs4') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_reflow_joins_only_lines_that_run_on():
    from ipdata.extract.documents import _reflow

    page = (
        "一、发展目标\n到2025年，全市发明专利授权量达到三千件，PCT国际专利申\n请量年均增长10%以上。\n"
        "指标 2020年 2025年\n（一）强化保护"
    )
    assert _reflow(page).split("\n") == [
        "一、发展目标",
        "到2025年，全市发明专利授权量达到三千件，PCT国际专利申请量年均增长10%以上。",
        "指标 2020年 2025年",
        "（一）强化保护",
    ]
