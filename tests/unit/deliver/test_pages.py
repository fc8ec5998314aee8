"""ipdata.deliver.pages: a notebook as a report page, and the links a page makes (no kernel, no browser)."""

from __future__ import annotations

import nbformat

from ipdata.core.layout import FONT_PATH, deliverable_path
from ipdata.core.words import PAGE_TEXT
from ipdata.deliver.pages import deliverable_links, notebook_page


def _notebook() -> bytes:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("print('x')", outputs=[nbformat.v4.new_output("stream", text="嘉兴 x\n")])]
    return nbformat.writes(nb).encode("utf-8")


def test_a_notebook_page_is_titled_marked_chinese_and_loads_nothing_from_the_network():
    html = notebook_page(_notebook(), "trajectory/st13-03 · 汕头", "zh").decode("utf-8")
    assert '<html lang="zh-CN">' in html and "<title>trajectory/st13-03 · 汕头</title>" in html
    assert f'url("../../{FONT_PATH.as_posix()}")' in html
    assert f'<a href="../../index.html">{PAGE_TEXT["back"][0]}</a>' in html and "嘉兴 x" in html
    assert "print(" not in html  # code hidden
    assert '<script src=""></script>' not in html  # MathJax and require.js, which nbconvert loads from a CDN
    # nbconvert's template still names a mermaid module on a CDN, imported only when a page has a mermaid
    # diagram (these pages have none): noted for the deliverables issue, not changed by this refactor
    assert all("mermaid" in line for line in html.splitlines() if "https://cdn" in line)


def test_an_english_page_says_so():
    html = notebook_page(_notebook(), "backtest/p · A plan", "en").decode("utf-8")
    assert '<html lang="en">' in html and "<title>backtest/p · A plan</title>" in html
    assert f'<a href="../../index.html">{PAGE_TEXT["back"][1]}</a>' in html
    assert PAGE_TEXT["back"][0] not in html


def test_only_deliverables_that_exist_are_linked_relative_to_the_page(tmp_path):
    path = tmp_path / deliverable_path("p", "xlsx", "zh")
    path.parent.mkdir(parents=True)
    path.write_bytes(b"x")
    links = deliverable_links(tmp_path, deliverable_path("p", "docx", "zh").parent.parent / "x.html", "p")
    assert links == [{"name": "完成情况表.xlsx", "href": "p/完成情况表.xlsx"}]
    from pathlib import Path

    assert deliverable_links(tmp_path, Path("index.html"), "p")[0]["href"] == "deliverables/p/完成情况表.xlsx"


def test_urls_wrap_after_their_slashes_and_the_text_stays_escaped():
    from ipdata.deliver.pages import break_after_slashes

    shown = str(break_after_slashes("见 http://english.sipo.gov.cn/statistics/2012s/x.htm <b>"))
    assert shown == "见 http://<wbr>english.sipo.gov.cn/<wbr>statistics/<wbr>2012s/<wbr>x.htm &lt;b&gt;"


def test_wide_tables_scroll_in_their_own_box_not_the_page(tmp_path):
    """A plan page's tables sit in ``.scroll`` boxes, and its style lets nothing widen the page."""
    import re

    import ipdata
    from ipdata.deliver.pages import plan_page

    html = plan_page(ipdata.assess_targets(plan="shantou_13fyp", n_paths=200), "en", tmp_path).decode("utf-8")
    assert html.count("<table") == html.count('<div class="scroll"><table') > 0
    assert "overflow-wrap: break-word" in html and re.search(r"\.scroll \{ overflow-x: auto;", html)
    assert "<wbr>" in html  # the sources' URLs
