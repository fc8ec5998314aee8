"""Every text of every figure lies inside the figure, and no title or source line is cut.

Each figure kind (trajectory, dashboard, backtest, ranking, reliability) is drawn for every bundled plan in
both languages, laid out and drawn with Agg at the screen's and the PNG's resolution (text widths differ
between them), and every text's drawn extent is compared with the figure's canvas. Titles and source lines
are compared with the text they were made from: wrapped (at spaces and slashes, or between Chinese
characters), never shortened. Only the notes beside a dashboard's or ranking's bars may end in an ellipsis,
and then as the start of their full text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from unittest import mock

import numpy as np
import pandas as pd
import pytest

import ipdata
from ipdata.assess.hindcasts import plan_backtest
from ipdata.assess.rankings import region_ranks
from ipdata.assess.targets import assessment_table
from ipdata.catalog.tables import indicators, plan_title
from ipdata.core.words import LANGUAGES, Reason, reason_words, unit_label, words
from ipdata.forecast.backtest import pooled_metrics
from ipdata.run.jobs import REGION_INDICATORS, trajectory_targets
from ipdata.views import figures

PLANS = ipdata.plans()["plan_id"].tolist()
CJK = re.compile(r"[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef\u201c\u201d]")


def inside_the_canvas(fig) -> list[tuple[str, list[float]]]:
    """The texts drawn (partly) outside ``fig`` at 100 and 150 dpi: (text, its extent in pixels).

    Only texts actually drawn count: an axis keeps labels for ticks outside its limits, and does not draw them.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.text import Text

    outside = []
    figures._drawable_texts(fig)  # as figure_bytes draws it
    for dpi in (figures.SCREEN_DPI, figures.PNG_DPI):
        fig.set_dpi(dpi)
        canvas = FigureCanvasAgg(fig)
        drawn: dict[int, Text] = {}
        with figures.style(), mock.patch.object(Text, "draw", autospec=True, side_effect=_recorded(drawn)):
            canvas.draw()
        renderer = canvas.get_renderer()
        page = fig.bbox
        for text in drawn.values():
            if not text.get_visible() or not text.get_text().strip():
                continue
            box = text.get_window_extent(renderer)
            if box.x0 < page.x0 - 0.5 or box.x1 > page.x1 + 0.5 or box.y0 < page.y0 - 0.5 or box.y1 > page.y1 + 0.5:
                outside.append((f"{dpi} dpi: {text.get_text()}", [round(v) for v in box.extents]))
    return outside


def _recorded(drawn: dict):
    """A stand-in for ``Text.draw`` that notes each text drawn, then draws it."""
    from matplotlib.text import Text

    draw = Text.draw

    def record(text, renderer):
        drawn[id(text)] = text
        return draw(text, renderer)

    return record


def wrapped_from(rendered: str, intended: str) -> bool:
    """``rendered`` is ``intended`` broken into lines, at a space (dropped), after a slash or beside Chinese."""
    lines, pos = rendered.split("\n"), 0
    for k, line in enumerate(lines):
        if not intended.startswith(line, pos):
            return False
        pos += len(line)
        if k == len(lines) - 1:
            break
        rest = intended[pos:]
        if rest[:1].isspace():
            pos += len(rest) - len(rest.lstrip())
        elif not (line.endswith("/") or CJK.match(line[-1:]) or CJK.match(rest[:1])):
            return False  # broken inside a word
    return pos == len(intended)


def test_wrapped_from_tells_a_wrap_from_a_cut():
    assert wrapped_from("Zhejiang Province\nPlan", "Zhejiang Province Plan")
    assert wrapped_from("http://a.cn/\nb.htm", "http://a.cn/b.htm")
    assert wrapped_from("嘉兴市知识\n产权规划", "嘉兴市知识产权规划")
    assert not wrapped_from("Zhejiang Province Devel", "Zhejiang Province Development Plan")
    assert not wrapped_from("Zhejiang Province Devel\nopment Plan", "Zhejiang Province Development Plan")


def test_wrapping_measures_chinese_wider_and_breaks_urls_at_slashes():
    with figures.style():
        text = "来源：http://english.sipo.gov.cn/statistics/2012s/20123/977832.htm"
        wrapped = figures._wrap(text, 100, 6)
        assert wrapped_from(wrapped, text) and wrapped.count("\n") >= 1
        assert all(figures._text_width(line, 6) <= 100 for line in wrapped.split("\n"))
        assert figures._text_width("规划" * 10, 9) > 1.5 * figures._text_width("ab" * 10, 9)
        short = figures._shorten("not assessed: no year-end observations of x for zhejiang", 60, 6.5)
        assert short.endswith("…") and figures._text_width(short, 6.5) <= 60


def _note_is_whole_or_cut_with_ellipsis(shown: str, full: str) -> bool:
    return shown == full or (shown.endswith("…") and full.startswith(shown[:-1]))


@pytest.fixture(scope="module")
def plans_judged() -> dict[str, list]:
    return {pid: ipdata.assess_targets(plan=pid) for pid in PLANS}


def _trajectories(plans_judged) -> Iterator[tuple[str, ipdata.Trajectory]]:
    for results in plans_judged.values():
        by_id = {str(r.target["target_id"]): r for r in results}
        chosen = trajectory_targets(assessment_table(results))  # the report's, and one it cannot assess
        chosen += [tid for tid, r in by_id.items() if not bool(r.row["assessable"])][:1]
        for tid in dict.fromkeys(chosen):
            yield tid, ipdata.trajectory(assessed=by_id[tid])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_dashboard_texts_fit(plans_judged, lang):
    for pid, results in plans_judged.items():
        fig = figures.dashboard_figure(results, lang)
        assert inside_the_canvas(fig) == [], pid
        assert wrapped_from(fig.get_suptitle(), plan_title(pid, lang)), (pid, fig.get_suptitle())
        sources = sorted({s for r in results for s in r.sources})
        assert wrapped_from(fig.get_supxlabel(), figures._source_line(sources, lang)), fig.get_supxlabel()
        notes = [
            f"{words('not_assessed', lang)}{words('colon', lang)}{reason_words(r.reason or Reason('no_data'), lang)}"
            for r in results
            if not bool(r.row["assessable"])
        ]
        shown = [t.get_text() for t in fig.axes[0].texts if not t.get_text()[:1].isdigit()]
        assert all(_note_is_whole_or_cut_with_ellipsis(s, f) for s, f in zip(shown, notes)), pid


@pytest.mark.parametrize("lang", LANGUAGES)
def test_trajectory_texts_fit(plans_judged, lang):
    for tid, traj in _trajectories(plans_judged):
        fig = figures.trajectory_figure(traj, lang)
        assert inside_the_canvas(fig) == [], tid
        title = f"{traj.names['region'][lang]} · {traj.names['indicator'][lang]}"
        assert wrapped_from(fig.axes[0].get_title(loc="left"), title), tid
        assert wrapped_from(fig.get_supxlabel(), figures._source_line(traj.sources, lang)), tid


@pytest.mark.parametrize("lang", LANGUAGES)
def test_backtest_texts_fit(lang):
    metrics = pooled_metrics()
    for pid in PLANS:
        fig = figures.backtest_figure(plan_backtest(pid), metrics, lang, title=plan_title(pid, lang))
        assert inside_the_canvas(fig) == [], pid
        assert wrapped_from(fig.get_suptitle(), plan_title(pid, lang)), pid
        left, right = fig.axes
        assert wrapped_from(left.get_title(loc="left"), words("plan_history", lang))
        assert wrapped_from(right.get_title(loc="left"), words("pooled", lang))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_ranking_texts_fit(lang):
    for indicator in REGION_INDICATORS:
        ranks = region_ranks(indicator)
        fig = figures.ranking_figure(ranks, lang)
        assert inside_the_canvas(fig) == [], indicator
        info = indicators().set_index("indicator_id").loc[indicator]
        unit = unit_label(str(info["unit"]), lang)
        name = info["name_zh" if lang == "zh" else "name_en"]
        title = words("rank_title", lang, indicator=name, year=ranks.attrs["year"], n=int(ranks["rank"].notna().sum()))
        title += f" [{unit}]" if unit else ""
        assert wrapped_from(fig.axes[0].get_title(loc="left"), title), indicator
        assert wrapped_from(fig.get_supxlabel(), figures._source_line(list(ranks.attrs["sources"]), lang))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_reliability_texts_fit(lang):
    bins = np.arange(10)
    table = pd.DataFrame(
        {
            "bin": [f"{k / 10:.1f}-{(k + 1) / 10:.1f}" for k in bins],
            "cases": 5 + 40 * bins,
            "predicted": (bins + 0.5) / 10,
        }
    )
    table["observed"] = np.clip(table["predicted"] + 0.08, 0, 1)
    fig = figures.reliability_figure({"bundled": table, "outside": table.assign(observed=table["predicted"])}, lang)
    assert inside_the_canvas(fig) == []
    assert wrapped_from(fig.get_suptitle(), words("reliability_title", lang))
