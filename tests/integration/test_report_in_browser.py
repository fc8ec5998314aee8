"""The report as a reader sees it, in a real browser: Debian's headless Chromium, driven by Playwright.

For every page of a report run (the overview, each plan page in both languages, each notebook page):
every image loaded, every link resolves to a file of the report, nothing requested from the network,
a real title, and Chinese drawn with the report's web font (so it renders on a machine without a CJK
font); on the designed pages (overview and plan pages, the ones written for readers) no pandas repr,
raw column id or missing-value marker in the visible text; at a 1,280 px window no page scrolls sideways.
Screenshots of the overview and the plan pages are kept in the test's temporary folder for people to look at.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

pytestmark = [pytest.mark.integration, pytest.mark.kernels, pytest.mark.browser]

CHROMIUM = shutil.which("chromium")
BAD_TEXT = re.compile(r"dtype|\bNaN\b|<NA>|\bnan\b|Traceback|indicator_text_zh|projected_lower_80")


@pytest.fixture(scope="module")
def report(shantou_report: Path) -> Path:
    """The session's Shantou report (``ipdata report --plan shantou_13fyp --workers 2``)."""
    return shantou_report


def _pages(out: Path) -> list[Path]:
    return [out / "index.html", *sorted((out / "plans").glob("*.html")), *sorted((out / "html").rglob("*.html"))]


def test_every_page_reads_right_in_chromium(report: Path):
    assert CHROMIUM, "the browser test needs Debian's chromium (apt-get install chromium; .ci/run installs it)"
    from playwright.sync_api import sync_playwright

    pages = _pages(report)
    assert len(pages) >= 6  # overview, 2 plan pages, dashboard, backtest, trajectories
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        outside: list[str] = []
        page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(("file:", "data:")) else None)
        for path in pages:
            page.goto(path.as_uri(), wait_until="load")
            page.evaluate("document.fonts.ready")
            text = page.inner_text("body")
            designed = path.parent.name == "plans" or path.name == "index.html"  # notebook pages show computations
            assert not (designed and BAD_TEXT.search(text)), (path.name, BAD_TEXT.search(text))
            images = page.evaluate("[...document.images].map(i => [i.src, i.complete && i.naturalWidth > 0])")
            assert all(ok for _, ok in images), (path.name, [src for src, ok in images if not ok])
            links = page.evaluate("[...document.querySelectorAll('a[href]')].map(a => a.href)")
            for link in links:
                url = urlparse(link)
                assert url.scheme == "file", (path.name, link)  # nothing points off the report
                assert Path(unquote(url.path)).exists(), (path.name, link)
            if re.search(r"[\u4e00-\u9fff]", text):
                drawn = page.evaluate(
                    """async () => { await document.fonts.load('16px "ipdata CJK Sans"', '汕头规划');
                       const ours = [...document.fonts].filter(f => f.family.includes('ipdata CJK Sans'));
                       return ours.some(f => f.status === 'loaded')
                              && document.fonts.check('16px "ipdata CJK Sans"', '汕头规划'); }"""
                )
                assert drawn, f"{path.name}: Chinese is not drawn with the report's web font"
            assert page.title() and page.title() != "Notebook", path.name
        lang = {p.name: page.goto(p.as_uri()) and page.evaluate("document.documentElement.lang") for p in pages[:3]}
        assert lang["index.html"] == "zh-CN" and lang["shantou_13fyp.html"] == "zh-CN"
        assert lang["shantou_13fyp_en.html"] == "en"
        page.goto((report / "index.html").as_uri())
        page.screenshot(path=str(report.parent / "index.png"), full_page=True)
        page.goto((report / "plans" / "shantou_13fyp.html").as_uri())
        page.screenshot(path=str(report.parent / "plan_zh.png"), full_page=True)
        browser.close()
    assert outside == []
    print(f"screenshots: {report.parent / 'index.png'}, {report.parent / 'plan_zh.png'}")


SCREEN = 1280  # px, the narrowest office screen the pages are made for
WIDER_THAN_THE_SCREEN = """() => [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.scroll'))
    .slice(0, 5).map(e => `${e.tagName.toLowerCase()}.${e.className} ${(e.textContent || '').slice(0, 60)}`)"""


def test_no_page_scrolls_sideways_on_a_1280_px_screen(report: Path):
    """At a 1,280 px window the page body is never wider than the window (the English plan page was 1,707 px
    wide at 1,400): long words and URLs wrap, and a wide table scrolls inside its own box, not the page."""
    assert CHROMIUM, "the browser test needs Debian's chromium (apt-get install chromium; .ci/run installs it)"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": SCREEN, "height": 900})
        for path in _pages(report):
            page.goto(path.as_uri(), wait_until="load")
            page.evaluate("document.fonts.ready")
            width, window = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            assert width <= window, (path.name, width, page.evaluate(WIDER_THAN_THE_SCREEN))
        page.goto((report / "plans" / "shantou_13fyp_en.html").as_uri())
        page.screenshot(path=str(report.parent / "plan_en_1280.png"), full_page=True)
        browser.close()


def test_plan_page_shows_the_assessments_numbers(report: Path):
    """The completion table on the page carries the assessment's probabilities, formatted for a reader."""
    import ipdata

    html = (report / "plans" / "shantou_13fyp.html").read_text(encoding="utf-8")
    table = ipdata.assess(plan="shantou_13fyp")
    for p in table["probability"].dropna():
        assert f">{p:.0%}<" in html
    assert "指标完成情况表" in html and "返回总览" in html and "评估报告.docx" in html
