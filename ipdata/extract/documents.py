r"""Read a plan document (``.txt``, ``.docx``, ``.pdf``, saved ``.html``) into one text with one layout.

Why one text: every target the extractor finds carries the exact quote it came from and the character span
of that quote, so an analyst can check it against the document. Those offsets refer to
:attr:`Document.text`, which is therefore built once, here, and never re-read or re-flowed later.

Why one layout for every kind: the indicator-table parser of :mod:`ipdata.extract` reads tables in a single
format, the one the bundled plan texts (``shared/seeds``) already have, whatever the file was:

* paragraphs are lines separated by ``\n`` (never ``\r``); blank lines between them carry no meaning;
* a table has a blank line before and after it; each row is its cells, one cell per line, each cell line
  starting with one ``\t``; a cell of several lines keeps the further lines without the tab; rows are
  separated by exactly one blank line; an empty cell is a line holding just ``\t``;
* merged cells keep the column positions: a cell spanning columns is written once followed by empty cells,
  and the rows covered by a vertical merge hold an empty cell, so every row has one line per column.

Since a ``\t`` at the start of a line means "table cell", tabs inside paragraphs and cells of ``.docx`` and
``.html`` files become spaces. Since offsets must stay meaningful, the C0 control characters other than
``\t`` and ``\n`` become spaces (one for one) instead of being deleted.

Errors are :class:`~ipdata.core.errors.DataValidationError` with one problem naming the file, what it is and
what to do (save as ``.docx``, run OCR, ...): an analyst gets a sentence, never a library's traceback. The
heavy readers (python-docx, pypdf, BeautifulSoup) are imported only when a file of their kind is read, so
``import ipdata`` stays fast.
"""

from __future__ import annotations

import codecs
import io
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..catalog.sheets import decode_text
from ..core.errors import DataValidationError, MissingFileError, Problem
from ..core.words import pick

if TYPE_CHECKING:
    from bs4 import BeautifulSoup, Tag

__all__ = ["Document", "read_document"]

MAX_BYTES = 50 * 1024 * 1024
"""Largest file read: a plan's text is well under 1 MB; anything near this is scans or an attachment bundle."""

_KINDS = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "txt",
    ".docx": "docx",
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
}
_SUPPORTED = "a plan document is read from .txt, .docx, .pdf (with a text layer) or .html"
_RESAVE = "save it as .docx (or .pdf/.txt)"
_OTHER_FILES = {
    ".doc": f"is an old Word .doc file; {_RESAVE}",
    ".wps": f"is a WPS Writer .wps file; {_RESAVE}",
    ".rtf": f"is an RTF file; {_RESAVE}",
    ".odt": f"is an OpenDocument .odt file; {_RESAVE}",
    ".docm": f"is a macro-enabled Word .docm file; {_RESAVE}",
    ".ofd": "is an OFD file (the Chinese fixed-layout format); export it as .pdf from the OFD reader",
    ".mht": "is a web archive; save the page as 'Web page, HTML only' (.html)",
    ".mhtml": "is a web archive; save the page as 'Web page, HTML only' (.html)",
}
# the same reasons and hints in Chinese, for a Chinese reader of `ipdata extract` (Problem.message_zh)
_SUPPORTED_ZH = "规划文件可从 .txt、.docx、.pdf（含文字层）或 .html 读取"
_RESAVE_ZH = "请另存为 .docx（或 .pdf/.txt）"
_OTHER_FILES_ZH = {
    ".doc": f"是旧版 Word .doc 文件；{_RESAVE_ZH}",
    ".wps": f"是 WPS 文字 .wps 文件；{_RESAVE_ZH}",
    ".rtf": f"是 RTF 文件；{_RESAVE_ZH}",
    ".odt": f"是 OpenDocument .odt 文件；{_RESAVE_ZH}",
    ".docm": f"是启用宏的 Word .docm 文件；{_RESAVE_ZH}",
    ".ofd": "是 OFD 版式文件；请在 OFD 阅读器中导出为 .pdf",
    ".mht": "是网页归档文件；请把网页另存为“网页，仅 HTML”（.html）",
    ".mhtml": "是网页归档文件；请把网页另存为“网页，仅 HTML”（.html）",
}
_WORKBOOKS = (".xlsx", ".xlsm", ".xls", ".csv", ".et", ".ods")
_IMAGES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".gif", ".webp")
_ARCHIVES = (".zip", ".rar", ".7z", ".gz", ".tar")

_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old Office (.doc, .xls) and WPS files
_SNIFF_BYTES = 8192

# C0 controls other than \t and \n (\r is normalised first): each becomes one space, so offsets keep meaning
_CONTROLS = {code: " " for code in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20))}
# what marks a .txt as binary: C0 controls other than \t \n \r \f, and DEL
_BINARY_CONTROLS = frozenset(chr(c) for c in (*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F))


@dataclass(frozen=True)
class Document:
    """A plan document's text, ready for target extraction.

    Attributes:
        name: The file name (``Path(source).name``): extracted targets name it as their source.
        kind: ``"txt"``, ``"docx"``, ``"pdf"`` or ``"html"``: what the text was read from.
        text: The document's text in the layout described in this module: every quote offset of the
            extractor refers to this string.
    """

    name: str
    kind: str
    text: str


def read_document(source: str | os.PathLike[str]) -> Document:
    """Read a plan document into its text, whatever kind of file it is.

    Args:
        source: Path of a ``.txt`` (``.text``, ``.md``), ``.docx``, ``.pdf`` or ``.html`` (``.htm``) file.

    Returns:
        The document: its file name, its kind and its text (tables one cell per line, see the module docstring).

    Raises:
        FileNotFoundError: nothing is at ``source``.
        DataValidationError: the file is not a readable plan document (another format, corrupt, binary,
            encrypted, a scan without text, over 50 MB, empty); the one problem says what to do.
    """
    path = Path(source)
    if not path.exists():
        raise MissingFileError(path, "plan document")
    if path.is_dir():
        raise _fail(
            path,
            "is a folder, not a plan document; give the plan's .txt, .docx, .pdf or .html file",
            message_zh="是文件夹，不是规划文件；请给出规划的 .txt、.docx、.pdf 或 .html 文件",
        )
    kind = _KINDS.get(path.suffix.lower())
    if kind is None:
        raise _fail(path, _unsupported(path.suffix.lower()), message_zh=_unsupported(path.suffix.lower(), "zh"))
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise _fail(
            path,
            f"is {size / 1024 / 1024:.1f} MB, over the 50 MB read for a plan document (scanned pages or an "
            "attachment bundle?); give the plan's text as .docx, .txt or a PDF with a text layer",
            message_zh=f"大小为 {size / 1024 / 1024:.1f} MB，超过规划文件的读取上限 50 MB（是扫描页面还是附件合集？）；"
            "请以 .docx、.txt 或含文字层的 PDF 给出规划正文",
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _fail(
            path, f"cannot be read ({exc.strerror or exc})", message_zh=f"无法读取（{exc.strerror or exc}）"
        ) from exc
    text = _READERS[kind](path, data)
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_CONTROLS)
    if kind in ("txt", "pdf"):  # printed-page text (a PDF, or a .txt copied from one): lines joined up again
        text = _reflow(_without_page_furniture(text))
    if not text.strip():
        raise _fail(path, f"holds no text{_EMPTY_HINTS[kind]}", message_zh=f"没有文字{_EMPTY_HINTS_ZH[kind]}")
    return Document(path.name, kind, text)


def _fail(path: Path, message: str, message_zh: str | None = None) -> DataValidationError:
    return DataValidationError([Problem(str(path), None, None, message, message_zh=message_zh)])


# why a file of a kind is not read: kind -> (Chinese, English), ``{suffix}`` filled in
_NOT_READ = {
    "workbook": ("{suffix} 是表格文件，不是规划文件", "{suffix} is a workbook, not a plan document"),
    "image": (
        "{suffix} 是图片，不是文字文件（请先做 OCR 文字识别）",
        "{suffix} is an image, not a text document (run OCR first)",
    ),
    "archive": (
        "{suffix} 是压缩包；请解压后给出其中的规划文件",
        "{suffix} is an archive; unpack it and give the plan document inside",
    ),
    "other": ("扩展名 {suffix!r} 不是规划文件的扩展名", "the extension {suffix!r} is not a plan document's"),
    "none": ("文件没有扩展名", "the file has no extension"),
}


def _unsupported(suffix: str, lang: str = "en") -> str:
    """Why a file with this extension is not read, and what to give instead (in Chinese for ``lang="zh"``)."""
    other = _OTHER_FILES_ZH if lang == "zh" else _OTHER_FILES
    if suffix in other:
        return other[suffix]
    kinds = (("workbook", _WORKBOOKS), ("image", _IMAGES), ("archive", _ARCHIVES))
    kind = next((k for k, suffixes in kinds if suffix in suffixes), "other" if suffix else "none")
    what = pick(_NOT_READ[kind], lang).format(suffix=suffix)
    return f"{what}；{_SUPPORTED_ZH}" if lang == "zh" else f"{what}; {_SUPPORTED}"


def _reason(exc: BaseException) -> str:
    """A library exception as a short one-line reason for a message."""
    first = (str(exc).strip().splitlines() or [""])[0][:120]
    return f"{type(exc).__name__}: {first}" if first else type(exc).__name__


# --- .txt -------------------------------------------------------------------------------------------------


def _read_txt(path: Path, data: bytes) -> str:
    """Plain text decoded by the project's one encoding rule, refused when it is really binary data.

    A renamed binary (a ``.png`` or ``.doc`` saved as ``.txt``) may decode "successfully" as GB18030, which
    accepts most byte pairs, and would then feed garbage to the extractor: a NUL byte (which no text in these
    encodings holds, except UTF-16, recognised by its BOM) or many control characters refuse it instead.
    """
    utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    if not utf16 and b"\x00" in data[:_SNIFF_BYTES]:
        raise _binary(path)
    text, _encoding = decode_text(path, data)
    controls = sum(1 for char in text if char in _BINARY_CONTROLS)
    if controls > 0.01 * len(text):
        raise _binary(path)
    return text


def _binary(path: Path) -> DataValidationError:
    return _fail(
        path,
        "is not a text document (binary data; a renamed file?)",
        message_zh="不是文字文件（是二进制数据；是否改过扩展名？）",
    )


# --- shared layout ----------------------------------------------------------------------------------------


def _table_lines(rows: list[list[str]]) -> list[str]:
    """A table's rows in the one table layout: blank line, cells one per line behind a tab, blank line.

    Rows are padded with empty cells to the widest row, so a column is the same line position in every row.
    A cell's text lines are stripped and its empty lines dropped: a blank line inside a cell would read as
    the end of its row.
    """
    if not rows:
        return []
    width = max(len(row) for row in rows)
    lines = [""]
    for number, row in enumerate(rows):
        if number:
            lines.append("")
        for cell in row + [""] * (width - len(row)):
            parts = [part.strip() for part in cell.replace("\t", " ").split("\n")]
            parts = [part for part in parts if part]
            lines.append("\t" + (parts[0] if parts else ""))
            lines.extend(parts[1:])
    lines.append("")
    return lines


def _assemble(items: Iterable[tuple[str, bool]]) -> str:
    """Join ``(line, is_table_line)`` items into the text, collapsing runs of blank paragraph lines.

    A table's own blank lines (before it, between rows, after it) are kept exactly; a blank paragraph line
    next to another blank line is dropped. Two tables that touch are thus separated by two blank lines, which
    never occur inside a table, so the table parser sees where one ends.
    """
    out: list[str] = []
    hard: list[bool] = []  # the line is a table's own (kept), not a blank paragraph (collapsible)
    for line, in_table in items:
        if not in_table:
            if not line.strip():
                if not out or out[-1] == "":
                    continue
                line = ""
        elif line == "" and out and out[-1] == "" and not hard[-1]:
            hard[-1] = True  # the table's leading blank line takes the place of a blank paragraph
            continue
        out.append(line)
        hard.append(in_table)
    while out and out[-1] == "" and not hard[-1]:
        out.pop()
    return "\n".join(out)


# --- .docx ------------------------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# the text of a paragraph: its runs and hyperlinks as python-docx reads them (Paragraph.text), plus the runs
# that python-docx skips because a wrapper holds them: tracked insertions, smart tags, inline content
# controls, simple fields (a plan draft with tracked changes would otherwise lose the inserted targets)
_RUNS_XPATH = (
    "./w:r | ./w:hyperlink | ./w:ins/w:r | ./w:smartTag/w:r | ./w:sdt/w:sdtContent/w:r"
    " | ./w:fldSimple/w:r | ./w:customXml/w:r | ./w:ins/w:hyperlink"
)


def _read_docx(path: Path, data: bytes) -> str:
    """The body of a Word document: paragraphs and tables in document order.

    Headers, footers, footnotes, comments and text boxes are left out: they hold page furniture, not the
    plan's targets, and their text would interrupt the body's sentences.
    """
    if data.startswith(_OLE2_MAGIC):
        raise _fail(
            path,
            f"is an old Word .doc file (saved under a .docx name); {_RESAVE}",
            message_zh=f"是旧版 Word .doc 文件（以 .docx 的名字保存）；{_RESAVE_ZH}",
        )
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
        return _assemble(_docx_blocks(document.element.body))
    except Exception as exc:  # a zip that is not a Word document fails in many ways; all mean the same here
        raise _fail(
            path,
            f"is not a Word .docx file ({_reason(exc)}); open it in Word or WPS and save it as .docx",
            message_zh=f"不是 Word .docx 文件（{_reason(exc)}）；请在 Word 或 WPS 中打开并另存为 .docx",
        ) from exc


def _docx_children(element: Any) -> Iterator[Any]:
    """The block elements (``w:p``, ``w:tbl``) of a body or cell, looking into content controls.

    Block content controls (``w:sdt``) hold ordinary paragraphs in many templates, so they are read, except
    the one holding a table of contents.
    """
    for child in element.iterchildren():
        if child.tag in (f"{_W}p", f"{_W}tbl"):
            yield child
        elif child.tag == f"{_W}sdt" and not _is_table_of_contents(child):
            for content in child.iterchildren(f"{_W}sdtContent"):
                yield from _docx_children(content)
        elif child.tag == f"{_W}customXml":
            yield from _docx_children(child)


def _is_table_of_contents(sdt: Any) -> bool:
    """A Word table of contents: its lines repeat the headings (with page numbers), read twice they mislead."""
    gallery = sdt.find(f"{_W}sdtPr/{_W}docPartObj/{_W}docPartGallery")
    return gallery is not None and gallery.get(f"{_W}val") == "Table of Contents"


def _docx_blocks(body: Any) -> Iterator[tuple[str, bool]]:
    for element in _docx_children(body):
        if element.tag == f"{_W}p":
            for line in _docx_paragraph(element).split("\n"):
                yield line, False
        else:
            for line in _table_lines(_docx_rows(element)):
                yield line, True


def _docx_paragraph(p: Any) -> str:
    """A paragraph's text; its tabs become spaces (a tab at a line's start would read as a table cell)."""
    return "".join(run.text for run in p.xpath(_RUNS_XPATH)).replace("\t", " ")


def _docx_rows(tbl: Any) -> list[list[str]]:
    """A Word table as rows of cell texts, one per grid column.

    Read from the ``w:tc`` elements rather than ``row.cells`` (which repeats a merged cell's object for each
    column and row it covers): a cell spanning columns (``gridSpan``) gives its text then empty cells, a cell
    continuing a vertical merge (``vMerge``) gives empty cells, and the grid columns a row skips
    (``gridBefore``/``gridAfter``) give empty cells, so columns stay aligned.
    """
    rows = []
    for tr in tbl.iterchildren(f"{_W}tr"):
        cells = [""] * tr.grid_before
        for tc in tr.iterchildren(f"{_W}tc"):
            text = "" if tc.vMerge == "continue" else _docx_cell_text(tc)
            cells.append(text)
            cells.extend([""] * (tc.grid_span - 1))
        cells.extend([""] * tr.grid_after)
        rows.append(cells)
    return rows


def _docx_cell_text(tc: Any) -> str:
    """A cell's paragraphs as lines; a table nested in the cell adds its cells' lines in reading order."""
    lines = []
    for element in _docx_children(tc):
        if element.tag == f"{_W}p":
            lines.append(_docx_paragraph(element))
        else:
            lines.extend(cell for row in _docx_rows(element) for cell in row)
    return "\n".join(lines)


# --- .pdf -------------------------------------------------------------------------------------------------


def _read_pdf(path: Path, data: bytes) -> str:
    r"""The text layer of every page, as pypdf extracts it, pages joined by a line break.

    pypdf's line breaks follow the printed lines, not the paragraphs: a sentence that runs over a line comes
    back as ``…拥有量年均增\n长10%以上``. A printed line as long as the page's full lines that does not end a
    sentence is joined to the next (:func:`_reflow`), so a clause is one line again; short lines (headings,
    table rows, the last line of a paragraph) keep their breaks.
    """
    from pypdf import PdfReader
    from pypdf.errors import DependencyError

    if data.startswith(_OLE2_MAGIC) or data.startswith(b"PK"):
        raise _fail(
            path,
            "is not a PDF (it is an Office file under a .pdf name); give it its own extension",
            message_zh="不是 PDF（是以 .pdf 命名的 Office 文件）；请改回它本来的扩展名",
        )
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise _fail(
                path,
                "is an encrypted PDF that opens only with a password; save an unprotected copy "
                "(print it to PDF) or give the .docx or .txt of the plan",
                message_zh="是需要密码才能打开的加密 PDF；请保存一份未加密的副本（打印为 PDF），"
                "或给出规划的 .docx 或 .txt",
            )
        pages = [page.extract_text() or "" for page in reader.pages]
    except DataValidationError:
        raise
    except DependencyError as exc:
        raise _fail(
            path,
            f"is an encrypted PDF whose encryption needs the 'cryptography' package ({_reason(exc)}); "
            "install it, or save an unprotected copy",
            message_zh=f"是加密 PDF，解密需要 'cryptography' 包（{_reason(exc)}）；请安装该包，或保存一份未加密的副本",
        ) from exc
    except Exception as exc:  # pypdf reports damage with many exception types
        raise _fail(
            path,
            f"is not a readable PDF file ({_reason(exc)}); save it again as PDF",
            message_zh=f"不是可读取的 PDF 文件（{_reason(exc)}）；请重新另存为 PDF",
        ) from exc
    if not any(page.strip() for page in pages):
        raise _fail(
            path,
            "has no text layer (a scanned image?): run OCR first, or give the .docx or .txt of the plan",
            message_zh="没有文字层（是扫描图片吗？）：请先做 OCR 文字识别，或给出规划的 .docx 或 .txt",
        )
    return "\n".join(pages)


_SENTENCE_END = tuple("。；;！!？?：:”」）)")
_NEW_ITEM = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.、．]|——|第[一二三四五六七八九十]+|专栏)"
)


_COLUMNS = re.compile(r"\S(?: {3,}|\t)\S")  # a table row laid out in columns, not a run-on sentence
_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—–－]\s*\d{1,4}\s*[-—–－]|第\s*\d{1,4}\s*页(?:\s*[/／共]\s*\d+\s*页?)?|\d{1,4}\s*/\s*\d{1,4})\s*$"
)


def _without_page_furniture(text: str) -> str:
    """Printed pages' numbers (— 3 —, 第3页) and running heads (a short line repeated after them) left out.

    They fall in the middle of sentences that run over a page and would cut them; a running head is a line
    that stands right after a page number at least twice.
    """
    lines = text.split("\n")
    numbers = [i for i, line in enumerate(lines) if _PAGE_NUMBER.match(line)]
    if not numbers:
        return text
    after: dict[str, int] = {}
    for i in numbers:
        j = next((k for k in range(i + 1, min(i + 3, len(lines))) if lines[k].strip()), None)
        if j is not None and len(lines[j].strip()) <= 40:
            after[lines[j].strip()] = after.get(lines[j].strip(), 0) + 1
    heads = {line for line, n in after.items() if n >= 2}
    first_seen: set[str] = set()  # a running head is the title too: its first appearance stays
    drop = set(numbers)
    for i, line in enumerate(lines):
        if line.strip() in heads:
            if line.strip() in first_seen:
                drop.add(i)
            first_seen.add(line.strip())
    kept: list[str] = []
    for i, line in enumerate(lines):
        if i in drop:
            continue
        if not line.strip() and (i - 1 in drop or i + 1 in drop):
            continue  # the blank lines around a page break
        kept.append(line)
    return "\n".join(kept)


def _reflow(page: str) -> str:
    """A page's printed lines joined where a sentence runs on: a full line not ending a sentence, then more text."""
    lines = page.split("\n")
    lengths = sorted(len(line.strip()) for line in lines if line.strip())
    if not lengths:
        return page
    full = lengths[int(0.9 * (len(lengths) - 1))]  # the length of a full printed line on this page
    out: list[str] = []
    for line in lines:
        previous = out[-1] if out else ""
        joins = (
            len(previous.strip()) >= max(8, 0.85 * full)
            and not previous.rstrip().endswith(_SENTENCE_END)
            and line.strip()
            and not _NEW_ITEM.match(line)
            and not line.startswith("\t")
            and not previous.startswith("\t")
            and not _COLUMNS.search(previous)
            and not _COLUMNS.search(line)
        )
        if joins:
            out[-1] = previous.rstrip() + line.lstrip()
        else:
            out.append(line)
    return "\n".join(out)


# --- .html ------------------------------------------------------------------------------------------------

_DROP_TAGS = [
    "script",
    "style",
    "noscript",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "iframe",
    "button",
    "select",
    "template",
    "svg",
    "head",
    "title",
]
_CHROME = re.compile(r"nav|menu|breadcrumb|footer|header|share|sidebar", re.IGNORECASE)
_CONTENT = re.compile(r"content|article|zoom|trs_editor|custom_unionstyle", re.IGNORECASE)
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_BLOCKS = frozenset(
    ("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "br", "section", "article", "dd", "dt", "dl")
    + ("blockquote", "pre", "ul", "ol", "main", "center", "address", "figure", "figcaption", "hr", "caption")
    + ("table", "thead", "tbody", "tfoot", "tr", "td", "th")
)
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_GB_NAMES = frozenset({"gb2312", "gbk", "x-gbk", "cp936", "ms936", "windows-936", "euc-cn", "csgb2312", "gb_2312-80"})
# characters that are laid out without spaces: a source line break between two of them is no space
_CJK = "\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_BREAK = re.compile(f"(?<=[{_CJK}])[ \\t\\f]*\\n[ \\t\\n\\f]*(?=[{_CJK}])")
_SPACES = re.compile(r"[ \t\n\f\xa0]+")


def _read_html(path: Path, data: bytes) -> str:
    """The text a reader sees in a saved web page: its main content, without the site's menus and scripts.

    Chinese government pages wrap a plan in navigation, breadcrumbs, share buttons and footers; the plan
    itself sits in a content container (``TRS_Editor``, ``zoom``, ``article``...), which is preferred when
    present (the largest, by text). Tables with at least two columns are written in the table layout; a
    table used only for page layout (one column, or holding other tables) is read as ordinary blocks.
    """
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(_decode_html(data), "html.parser")
    renderer = _HtmlRenderer()
    renderer.walk(_content_root(soup))
    renderer.flush()
    return _assemble(renderer.items)


def _decode_html(data: bytes) -> str:
    """The page's characters: BOM, else UTF-8 when the bytes are valid UTF-8, else the declared charset.

    UTF-8 is tried before the declaration because re-saved pages often keep a stale ``gb2312`` declaration,
    and GBK text is practically never valid UTF-8. GB2312 and GBK declarations are read as GB18030, their
    superset: names such as 喆 or 镕 are outside GB2312 yet common in pages that declare it.

    Bytes that no encoding reads whole (a page pasted together from two) are read in the one of these that
    fits best, the bytes it cannot read shown as U+FFFD: a page is evidence to quote, not data to refuse.
    """
    if data.startswith(codecs.BOM_UTF8):
        return data.decode("utf-8-sig", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    found = _META_CHARSET.search(data[:16384])
    declared = found.group(1).decode("ascii").lower() if found else ""
    declared = "gb18030" if declared in _GB_NAMES else declared
    codecs_tried = []
    for codec in ("utf-8", declared, "gb18030"):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            codecs_tried.append(codec)
        except LookupError:  # no declaration, or a name Python does not know
            continue
    # bytes of more than one encoding (a GBK page with a stray byte): the reading that fits best, bad bytes as �
    readings = [data.decode(codec, errors="replace") for codec in codecs_tried]
    return min(readings, key=lambda text: text.count("\ufffd"))


def _marks(tag: Tag) -> str:
    """A tag's id and classes as one string, for the chrome and content patterns."""
    classes = tag.get("class")
    names = classes if isinstance(classes, list) else [classes or ""]
    return f"{tag.get('id') or ''} {' '.join(str(name) for name in names)}"


def _is_content(tag: Tag) -> bool:
    if tag.name in ("body", "html"):
        return False
    marks = _marks(tag)
    return (tag.name in ("article", "main") or bool(_CONTENT.search(marks))) and not _CHROME.search(marks)


def _is_chrome(tag: Tag) -> bool:
    return tag.name not in ("body", "html") and bool(_CHROME.search(_marks(tag)))


def _content_root(soup: BeautifulSoup) -> Tag:
    """The page's main content element, page chrome removed from it; the body when there is none.

    Chrome elements are removed first unless they hold a content container (a layout may mark a wrapper of
    the whole page ``main-with-sidebar``), so the largest container is measured without menus; inside the
    chosen container the remaining chrome goes too.
    """
    from bs4 import Tag

    for tag in soup.find_all(_DROP_TAGS):
        tag.decompose()
    for tag in soup.find_all(True):
        if not tag.decomposed and (tag.has_attr("hidden") or _HIDDEN.search(str(tag.get("style") or ""))):
            tag.decompose()
    for tag in soup.find_all(_is_chrome):
        if not tag.decomposed and tag.find(_is_content) is None and not _is_content(tag):
            tag.decompose()
    candidates = [tag for tag in soup.find_all(_is_content) if not tag.decomposed]
    sized = [(len("".join(tag.get_text().split())), tag) for tag in candidates]
    best = max(sized, key=lambda pair: pair[0], default=(0, None))
    root: Tag | None = best[1] if best[0] else None
    if root is None:
        root = soup.body if isinstance(soup.body, Tag) else soup
    for tag in root.find_all(_is_chrome):
        if not tag.decomposed:
            tag.decompose()
    return root


def _span(cell: Tag, name: str, most: int) -> int:
    """A ``colspan``/``rowspan`` as a count from 1 to ``most`` (a bad or absurd value counts as 1)."""
    try:
        value = int(str(cell.get(name) or "1").strip())
    except ValueError:
        return 1
    return value if 1 <= value <= most else 1


class _HtmlRenderer:
    """Walks an HTML tree into ``(line, is_table_line)`` items for :func:`_assemble`.

    Text is gathered into the current line; a block element ends it before and after. Lines are tidied
    when they end: a source line break between two CJK characters is dropped (as CSS lays it out), other
    whitespace runs, ``&nbsp;`` included, become one space, and the line is stripped.
    """

    def __init__(self) -> None:
        self.items: list[tuple[str, bool]] = []
        self._line: list[str] = []
        self._pre = 0  # inside how many <pre>: their line breaks are kept

    def flush(self) -> None:
        """End the current line (nothing is written when it is empty)."""
        if self._line:
            text = _SPACES.sub(" ", _CJK_BREAK.sub("", "".join(self._line))).strip()
            self._line = []
            if text:
                self.items.append((text, False))

    def walk(self, node: Tag) -> None:
        """Write a node's children."""
        from bs4.element import NavigableString, PreformattedString, Tag

        for child in node.children:
            if isinstance(child, NavigableString):
                if not isinstance(child, PreformattedString):  # comments, CDATA, doctype
                    self._text(str(child))
            elif isinstance(child, Tag):
                self._tag(child)

    def _text(self, text: str) -> None:
        if not self._pre:
            self._line.append(text)
            return
        first, *rest = text.split("\n")
        self._line.append(first)
        for part in rest:
            self.flush()
            self._line.append(part)

    def _tag(self, tag: Tag) -> None:
        if tag.name == "br":
            if self._line:
                self.flush()
            else:
                self.items.append(("", False))
            return
        if tag.name == "table" and _is_data_table(tag):
            self.flush()
            caption = tag.find("caption")
            if caption is not None and caption.find_parent("table") is tag:
                self.walk(caption)
                self.flush()
            self.items.extend((line, True) for line in _table_lines(_html_rows(tag)))
            return
        block, pre = tag.name in _BLOCKS, tag.name == "pre"
        if block:
            self.flush()
        self._pre += pre
        self.walk(tag)
        self._pre -= pre
        if block:
            self.flush()


def _own_rows(table: Tag) -> list[Tag]:
    """The ``tr`` of this table, not of tables nested in it."""
    return [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]


def _is_data_table(table: Tag) -> bool:
    """A table of data (two columns or more, no table inside), not one that only lays out the page."""
    if table.find("table") is not None:
        return False
    return any(len(tr.find_all(["td", "th"], recursive=False)) >= 2 for tr in _own_rows(table))


def _html_rows(table: Tag) -> list[list[str]]:
    """An HTML table as rows of cell texts, one per column.

    ``colspan`` gives the text then empty cells; ``rowspan`` gives empty cells in the rows below at the
    column it covers (as a vertically merged Word cell does), so the columns stay aligned.
    """
    rows: list[list[str]] = []
    pending: dict[int, int] = {}  # column -> rows below still covered by a rowspan from above
    for tr in _own_rows(table):
        cells: list[str] = []
        for td in tr.find_all(["td", "th"], recursive=False):
            _cover(cells, pending, until=None)
            columns, below = _span(td, "colspan", 100), _span(td, "rowspan", 1000) - 1
            if below:
                pending.update(dict.fromkeys(range(len(cells), len(cells) + columns), below))
            cells.append(_html_cell_text(td))
            cells.extend([""] * (columns - 1))
        covered = [column for column, left in pending.items() if left > 0 and column >= len(cells)]
        _cover(cells, pending, until=max(covered, default=-1) + 1)
        rows.append(cells)
    return rows


def _cover(cells: list[str], pending: dict[int, int], until: int | None) -> None:
    """Add the empty cells of columns covered by a rowspan from above.

    With ``until=None``, those at the row's next column (before its next cell); else every column up to
    ``until`` (the row's end), empty whether covered or simply missing.
    """
    while until is None and pending.get(len(cells), 0) > 0 or until is not None and len(cells) < until:
        if pending.get(len(cells), 0) > 0:
            pending[len(cells)] -= 1
        cells.append("")


def _html_cell_text(td: Tag) -> str:
    """A cell's text, its block elements and ``<br>`` as separate lines."""
    renderer = _HtmlRenderer()
    renderer.walk(td)
    renderer.flush()
    return "\n".join(line for line, _ in renderer.items)


_READERS: dict[str, Callable[[Path, bytes], str]] = {
    "txt": _read_txt,
    "docx": _read_docx,
    "pdf": _read_pdf,
    "html": _read_html,
}
_EMPTY_HINTS = {
    "txt": " (the file is empty or only whitespace)",
    "docx": " in its paragraphs and tables (text boxes, headers and footers are not read)",
    "pdf": "",
    "html": (
        " outside scripts, menus and page chrome (a page filled in by script? save it from the browser "
        "after it has loaded, or give the .docx or .pdf of the plan)"
    ),
}
_EMPTY_HINTS_ZH = {
    "txt": "（文件为空或只有空白）",
    "docx": "：段落和表格中都没有（文本框、页眉和页脚不读取）",
    "pdf": "",
    "html": (
        "：脚本、菜单和页面框架之外都没有（页面是由脚本填充的吗？请在浏览器中等页面加载完再保存，"
        "或给出规划的 .docx 或 .pdf）"
    ),
}
