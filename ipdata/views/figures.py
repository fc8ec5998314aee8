"""Bilingual, byte-reproducible figures: trajectory, plan dashboard, backtest.

Why it is built this way:

* Chinese must render after a plain ``pip install`` on a machine with no CJK font, and a figure
  regenerated years later must have the same bytes. So figures use only fonts that ship with the
  code: matplotlib's DejaVu Sans for Latin text and symbols, falling back to the package's own
  subset of Noto Sans CJK SC (OFL 1.1), renamed "ipdata CJK Sans" so an installed Noto can never
  be picked instead (``ipdata/fonts/``, built by ``scripts/build_font.py``). A missing glyph is an
  error in the tests, not a box in a published figure.
* No timestamps or version stamps: SVG ids come from a fixed ``svg.hashsalt`` (otherwise random
  per run), and the date/creator/producer metadata of SVG, PDF and PNG are set to ``None``.
* Every figure is a ``matplotlib.figure.Figure`` built without pyplot, so no global state leaks
  between figures and nothing accumulates in long report runs.
* Source lines are derived from the data's provenance (seed file names, URLs), never typed.
* No text is clipped: titles and source lines are wrapped to the width they have, measured in the fonts as
  drawn (a character count, as ``textwrap`` makes, fits English and overflows Chinese; matplotlib's own
  ``wrap=True`` breaks only at spaces, never in Chinese or a URL, and the layout does not see it), and the
  figure grows by the lines added. Notes beside bars are cut with an ellipsis where the tables give them whole.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..assess.status import STATUSES, STRONG, TONE
from ..assess.targets import TargetAssessment
from ..catalog.tables import PERIOD_KINDS, Plan, document_title, goal_value, indicators, plan_scope, plan_title, regions
from ..core.dates import to_years
from ..core.formats import goal_text, probability_text, value_text
from ..core.layout import FIGURE_FORMATS, figure_stem
from ..core.paths import FONT_FILE
from ..core.words import LANGUAGES, Reason, check_language, reason_words, status_words, unit_label, words
from ..core.writing import write_atomic
from ..observed.observations import year_end_points
from .trajectories import Trajectory

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.backends.backend_agg import RendererAgg
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties
    from matplotlib.text import Text

__all__ = [
    "FORMATS",
    "backtest_figure",
    "reliability_figure",
    "dashboard_figure",
    "figure_bytes",
    "ranking_figure",
    "save_figure",
    "show",
    "style",
    "trajectory_figure",
    "write_backtest_figures",
    "write_dashboard_figures",
    "write_ranking_figures",
    "write_trajectory_figures",
]


FONT_FAMILY = "ipdata CJK Sans"
FONTS = ["DejaVu Sans", FONT_FAMILY]  # Latin first, CJK glyphs fall back to the shipped font
FONT_SIZE = 9  # points, labels and ticks
SCREEN_DPI, PNG_DPI = 100, 150  # a figure on screen (and laid out), and in its PNG file
FORMATS = FIGURE_FORMATS
# fixed metadata: no creation date, software or version in the files (same bytes on every run)
METADATA = {
    "svg": {"Date": None, "Creator": None},
    "png": {"Software": None},
    "pdf": {"CreationDate": None, "ModDate": None, "Creator": None, "Producer": None},
}
RC = {
    "font.family": FONTS,
    "svg.hashsalt": "ipdata",  # deterministic element ids instead of random ones
    "svg.fonttype": "path",  # text as outlines: the SVG looks the same without the font installed
    "pdf.fonttype": 3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 11,
    "axes.titleweight": "normal",
    "font.size": FONT_SIZE,
    "figure.dpi": SCREEN_DPI,
    "savefig.dpi": PNG_DPI,
}
SHADES = {  # (tone, strong) -> colour of a status (ipdata.assess.status)
    ("good", True): "#1a7f37",
    ("good", False): "#7bb661",
    ("neutral", False): "#e3b505",
    ("bad", False): "#e67e22",
    ("bad", True): "#c0392b",
}
COLORS = {
    "observed": "#1b1b1b",
    "fan80": "#5b8db8",
    "fan95": "#bcd3e8",
    "median": "#1f5a8a",
    "target": "#c0392b",
    "required": "#c0392b",
    **{status: SHADES[TONE[status], status in STRONG] for status in STATUSES},
    "none": "#bdbdbd",
}


@contextmanager
def style() -> Iterator[None]:
    """Matplotlib settings for every ipdata figure (fonts, hash salt, sizes), restored afterwards."""
    import matplotlib
    from matplotlib import font_manager

    if FONT_FAMILY not in {f.name for f in font_manager.fontManager.ttflist}:
        font_manager.fontManager.addfont(str(FONT_FILE))
    with matplotlib.rc_context(RC):  # type: ignore[arg-type]  # the stubs want each key as a Literal
        yield


def _figure(width: float, height: float) -> Figure:
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def _source_line(sources: list[str], lang: str, limit: int = 3) -> str:
    """Sources under a figure: plan documents by title, at most ``limit`` named, each whole (a cut URL is no source).

    One line of text (empty without sources: "Source:" alone says nothing); :func:`_source_below` wraps it.
    """
    titles = list(dict.fromkeys(document_title(s, lang) for s in sources))
    if not titles:
        return ""
    more = words("and_more", lang, n=len(titles) - limit) if len(titles) > limit else ""
    text = f"{words('source', lang)}{words('colon', lang)}" + words("list_separator", lang).join(titles[:limit])
    return text + (f" {more}" if more else "")


SOURCE_SIZE = 6  # points, the source line under a figure
LINE_SPACING = 1.2  # matplotlib's default line spacing (text.Text linespacing), in font sizes
MARGIN = 6.0  # points kept free at a figure's (or axes') edge, for the small differences between renderers
# characters after which a line may break, and the ones a line may not start or end with (Chinese line breaking)
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef\u201c\u201d]")
_NO_LINE_START = set("，。、；：？！）》」』】”’,.;:!?)]%…")
_NO_LINE_END = set("（《「『【“‘([")


@cache
def _font(size: float) -> FontProperties:
    from matplotlib.font_manager import FontProperties

    return FontProperties(family=FONTS, size=size)


@cache
def _text_width(text: str, size: float) -> float:
    """Width in points of ``text`` at ``size`` in the figure fonts: the widest of the ways it is drawn.

    SVG and PDF draw outlines (unhinted); PNG and the screen draw with Agg, whose hinting makes small text up
    to 7% wider, differently at each resolution. Measured all three ways, a fitted text fits in each file.
    """
    from matplotlib.textpath import text_to_path

    shown = drawable(text)
    with style():  # the shipped CJK font registered, for the fallback
        widths = [text_to_path.get_text_width_height_descent(shown, _font(size), ismath=False)[0]]
        for dpi in (SCREEN_DPI, PNG_DPI):
            pixels = _agg(dpi).get_text_width_height_descent(shown, _font(size), ismath=False)[0]
            widths.append(pixels * 72 / dpi)
    return float(max(widths))


@cache
def _agg(dpi: float) -> RendererAgg:
    from matplotlib.backends.backend_agg import RendererAgg

    return RendererAgg(1, 1, dpi)


def _pieces(text: str) -> list[str]:
    """``text`` cut where a line may break.

    After spaces and slashes (a URL breaks between its parts, a word never), and between Chinese characters
    (not before closing or after opening punctuation).
    """
    pieces, start = [], 0
    for i in range(1, len(text)):
        before, after = text[i - 1], text[i]
        if after.isspace() or after in _NO_LINE_START or before in _NO_LINE_END:
            continue
        if before.isspace() or (before == "/" and after != "/") or _CJK.match(before) or _CJK.match(after):
            pieces.append(text[start:i])
            start = i
    return [*pieces, text[start:]] if text else []


def _wrap(text: str, width: float, size: float) -> str:
    """``text`` wrapped into lines at most ``width`` points wide at font ``size``, breaking at :func:`_pieces`.

    Measured, not counted: a Chinese character is about twice as wide as a Latin letter, so a character count
    (``textwrap``) that fits English overflows in Chinese. A piece wider than a line by itself (a long word
    with no place to break) is the one thing broken mid-word: a figure's text is never clipped.
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for piece in _pieces(paragraph):
            if line.strip() and _text_width((line + piece).rstrip(), size) > width:
                lines.append(line.rstrip())
                line = piece
            else:
                line += piece
            while _text_width(line.rstrip(), size) > width and len(line.rstrip()) > 1:
                cut = max(k for k in range(1, len(line)) if _text_width(line[:k], size) <= width or k == 1)
                lines.append(line[:cut])
                line = line[cut:]
        lines.append(line.rstrip())
    return "\n".join(lines)


def _shorten(text: str, width: float, size: float) -> str:
    """``text`` cut to ``width`` points with an ellipsis (a note whose full text is in the tables)."""
    if _text_width(text, size) <= width:
        return text
    keep = len(text)
    while keep > 1 and _text_width(text[:keep].rstrip(" ,;，；：:") + "…", size) > width:
        keep -= 1
    return text[:keep].rstrip(" ,;，；：:") + "…"


def _lines_height(lines: int, size: float) -> float:
    """The height in inches of ``lines`` lines of text at font ``size``."""
    return lines * size * LINE_SPACING / 72


def _room(fig: Figure, x: float) -> float:
    """Points from ``x`` (a figure fraction) to the figure's right edge, less the margin."""
    return (1 - x) * fig.get_figwidth() * 72 - MARGIN


def _grow(fig: Figure, lines: int, size: float) -> None:
    """Make ``fig`` taller by ``lines`` lines of text: wrapped titles and sources get room, the plot keeps its."""
    if lines > 0:
        fig.set_figheight(fig.get_figheight() + _lines_height(lines, size))


def _suptitle(fig: Figure, title: str, x: float = 0.01, size: float = 11) -> None:
    """``title`` above everything, left-aligned at ``x``, wrapped to the figure's width (never clipped)."""
    wrapped = _wrap(title, _room(fig, x), size)
    _grow(fig, wrapped.count("\n"), size)
    fig.suptitle(wrapped, x=x, ha="left", fontsize=size)


def _source_below(fig: Figure, text: str) -> None:
    """The source line under everything: as the figure's x label, so the layout makes room (no overlap).

    Wrapped at spaces and slashes to the figure's width; the figure grows by the lines beyond the first.
    """
    if not text:
        return
    wrapped = _wrap(text, _room(fig, 0.01), SOURCE_SIZE)
    _grow(fig, wrapped.count("\n"), SOURCE_SIZE)
    fig.supxlabel(wrapped, x=0.01, ha="left", fontsize=SOURCE_SIZE, color="#555555")


Fit = tuple["Text", str, "Axes | Figure"]
"""A text to fit once the figure is laid out: the artist, its full text, and what it must stay inside."""


def _settle(fig: Figure, wrap: Sequence[Fit] = (), shorten: Sequence[Fit] = ()) -> None:
    """Lay ``fig`` out once, then fit texts to the room they actually have: nothing runs past an edge.

    Where a text starts (an axes title starts at its axes, a note at a data position) is known only after the
    layout, which the labels on the left decide. ``wrap`` texts (titles, verdicts) are wrapped into more lines
    (the figure grows by the lines an axes title gains); ``shorten`` texts (one-line notes beside bars) are cut
    with an ellipsis. Texts inside an axes are kept out of the layout, so fitting them moves nothing else.
    """
    _drawable_texts(fig)  # a glyph the fonts lack becomes □ before anything is measured (or warned about)
    wrap = [(artist, drawable(full), within) for artist, full, within in wrap]
    shorten = [(artist, drawable(full), within) for artist, full, within in shorten]
    notes = {id(t) for ax in fig.axes for t in ax.texts}
    for artist, _, _ in [*wrap, *shorten]:  # measured without them: an over-long text must not narrow the axes
        artist.set_in_layout(False)
    fig.draw_without_rendering()
    grow = 0.0
    for artist, full, within in wrap:
        size = float(artist.get_fontsize())
        fitted = _wrap(full, _room_in(fig, artist, within), size)
        if id(artist) not in notes:  # a title: back in the layout, which makes room for its lines
            artist.set_in_layout(True)
            grow = max(grow, _lines_height(fitted.count("\n") - full.count("\n"), size))
        artist.set_text(fitted)
    for artist, full, within in shorten:
        artist.set_text(_shorten(full, _room_in(fig, artist, within), float(artist.get_fontsize())))
    if grow > 0:
        fig.set_figheight(fig.get_figheight() + grow)


def _room_in(fig: Figure, artist: Text, within: Axes | Figure) -> float:
    """Points a laid-out text has from where it is anchored to the far edge of ``within`` (and the figure)."""
    box, edge, page = artist.get_window_extent(), within.bbox, fig.bbox
    if artist.get_horizontalalignment() == "right":
        pixels = box.x1 - max(edge.x0, page.x0)
    else:
        pixels = min(edge.x1, page.x1) - box.x0
    return pixels * 72 / fig.dpi - MARGIN


def trajectory_figure(traj: Trajectory, lang: str = "zh") -> Figure:
    """History, forecast fan (80/95%), target, required path and verdict for one region x indicator.

    Args:
        traj: From :func:`ipdata.trajectory`.
        lang: ``zh`` or ``en`` for every label.

    Returns:
        A ``matplotlib.figure.Figure`` (not registered with pyplot).
    """
    check_language(lang)
    with style():
        fig = _figure(6.4, 4.0)
        ax = fig.add_subplot()
        unit = unit_label(traj.unit, lang)
        _draw_data(ax, traj, lang)
        _draw_goal(ax, traj, lang)
        region, indicator = traj.names["region"][lang], traj.names["indicator"][lang]
        title = ax.set_title(f"{region} · {indicator}", loc="left")
        ax.set_ylabel(unit or _wrap(indicator, fig.get_figheight() * 72 * 0.5, FONT_SIZE))
        ax.set_xlabel(words("year", lang))
        ax.xaxis.get_major_locator().set_params(integer=True)  # type: ignore[call-arg]  # an AutoLocator (MaxNLocator) takes it
        ax.set_ylim(bottom=0)
        if ax.get_legend_handles_labels()[0]:  # a target without data has nothing to explain
            ax.legend(loc="upper left", fontsize=7, frameon=False)
        verdict, fits = _verdict(traj, lang), [(title, title.get_text(), ax)]
        if verdict:
            verdict = _wrap(verdict, fig.get_figwidth() * 72 * 0.55, 8)  # a box in a corner, not across the plot
            box = ax.text(
                0.99,
                0.02,
                verdict,
                transform=ax.transAxes,
                ha="right",
                va="bottom",
                multialignment="left",  # wrapped lines read from the left
                fontsize=8,
                bbox={"boxstyle": "round,pad=0.3", "fc": "white", "ec": "#cccccc"},
            )
            fits.append((box, verdict, ax))
        _source_below(fig, _source_line(traj.sources, lang))
        fig.get_layout_engine().set(h_pad=0.2)  # type: ignore[union-attr, call-arg]  # constrained layout, set above
        _settle(fig, wrap=fits, shorten=[(a, a.get_text(), ax) for a in ax.texts if a not in (f[0] for f in fits)])
    return fig


def _draw_data(ax: Axes, traj: Trajectory, lang: str) -> None:
    """Observed points, then the forecast fan and median (or a note that there are too few points)."""
    if len(traj.history):
        ax.plot(
            to_years(traj.history).index.to_numpy(),
            traj.history.to_numpy(),
            "o-",
            color=COLORS["observed"],
            ms=3.5,
            lw=1.2,
            label=words("observed", lang),
            zorder=5,
        )
    f = traj.forecast
    if f is not None:
        f = _from_last_point(f, traj.history)
        x = f.index.to_numpy(dtype=float)
        ax.fill_between(x, f["lower_95"], f["upper_95"], color=COLORS["fan95"], lw=0, label=words("fan95", lang))
        ax.fill_between(
            x, f["lower_80"], f["upper_80"], color=COLORS["fan80"], lw=0, alpha=0.7, label=words("fan80", lang)
        )
        ax.plot(x, f["median"], "--", color=COLORS["median"], lw=1.2, label=words("median", lang))
    elif len(traj.history) < 2:
        ax.text(0.5, 0.5, words("no_forecast", lang), transform=ax.transAxes, ha="center", va="center", color="#666666")


def _from_last_point(f: pd.DataFrame, history: pd.Series) -> pd.DataFrame:
    """The fan starting at the last year-end observation.

    A forecast one year ahead (2024 data, a 2025 target: the usual review) is then a wedge, not a band of
    zero width that draws nothing.
    """
    annual = year_end_points(history)
    if not len(annual) or int(annual.index[-1]) >= int(f.index[0]):
        return f
    start = pd.DataFrame({c: [float(annual.iloc[-1])] for c in f.columns}, index=[int(annual.index[-1])])
    return pd.concat([start, f])


def _draw_goal(ax: Axes, traj: Trajectory, lang: str) -> None:
    """The path required to reach the target, the target itself, and the as-of line of a past forecast."""
    if traj.required_path is not None:
        ax.plot(
            traj.required_path.index,
            traj.required_path.to_numpy(),
            ":",
            color=COLORS["required"],
            lw=1.2,
            label=words("required", lang),
        )
    t = traj.target
    if t is not None and t["kind"] not in PERIOD_KINDS:
        ax.plot(
            [t["target_year"]],
            [goal_value(t)],
            marker="*",
            ms=12,
            color=COLORS["target"],
            ls="none",
            label=words("target", lang),
            zorder=6,
        )
    if traj.as_of is not None:
        ax.axvline(traj.as_of, color="#888888", lw=0.8)
        ax.annotate(
            f"{words('as_of', lang)} {traj.as_of}",
            (traj.as_of, 1),
            xycoords=("data", "axes fraction"),
            xytext=(3, -10),
            textcoords="offset points",
            fontsize=7,
            color="#555555",
        )


def _verdict(traj: Trajectory, lang: str) -> str:
    a = traj.assessment
    if a is None:
        return ""
    if not bool(a["assessable"]):
        reason = reason_words(traj.reason or Reason("no_data"), lang)
        return f"{words('not_assessed', lang)}{words('colon', lang)}{reason}"
    return f"{words('probability', lang)}: {probability_text(a['probability'])} ({status_words(a['status'], lang)})"


def dashboard_figure(assessment: Sequence[TargetAssessment], lang: str = "zh", title: str | None = None) -> Figure:
    """Every target of a plan: probability of attainment as a bar, or the reason it cannot be assessed.

    Args:
        assessment: From :func:`ipdata.assess_targets` (one plan, or any selection).
        lang: ``zh`` or ``en``.
        title: Figure title (default: the plan's title in ``lang`` when the targets are one plan's).

    Returns:
        A ``matplotlib.figure.Figure``; its height grows with the number of targets.
    """
    check_language(lang)
    if isinstance(assessment, pd.DataFrame):
        raise TypeError(
            "dashboard_figure takes the list ipdata.assess_targets(...) returns (each target with its "
            "reason and sources), not the table of ipdata.assess(...)"
        )
    plan_ids = {r.target["plan_id"] for r in assessment}
    if title is None:
        title = plan_title(_plan_of(assessment), lang) if len(plan_ids) == 1 else ""
    with style():
        fig = _figure(7.5, 1.0 + 0.24 * max(len(assessment), 1))
        ax = fig.add_subplot()
        y = np.arange(len(assessment))[::-1]
        labels = _target_labels(assessment, lang)
        for yi, r in zip(y, assessment):
            row = r.row
            if bool(row["assessable"]):
                p = float(row["probability"])
                ax.barh(yi, max(p, 0.005), color=COLORS.get(row["status"], COLORS["none"]), height=0.7)
                ax.text(
                    min(p, 1) + 0.01,
                    yi,
                    f"{probability_text(p)} {status_words(row['status'], lang)}",
                    va="center",
                    fontsize=7,
                )
            else:  # the reason as far as it fits (cut with an ellipsis: the tables give it whole)
                reason = reason_words(r.reason or Reason("no_data"), lang)
                text = f"{words('not_assessed', lang)}{words('colon', lang)}{reason}"
                ax.text(0.01, yi, text, va="center", fontsize=6.5, color="#777777")
        ax.set_yticks(y, labels, fontsize=7)
        ax.set_xlim(0, 1.35)
        ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0], ["0", "25%", "50%", "75%", "100%"])
        ax.axvline(1.0, color="#cccccc", lw=0.8)
        ax.set_xlabel(words("probability", lang))
        ax.set_ylim(-0.7, len(assessment) - 0.3)
        if title:  # over the whole width: the target labels take much of the axes' left
            _suptitle(fig, title)
        sources = sorted({s for r in assessment for s in r.sources})
        _source_below(fig, _source_line(sources, lang))
        _settle(fig, shorten=[(t, t.get_text(), ax) for t in ax.texts])
    return fig


def _target_labels(assessment: Sequence[TargetAssessment], lang: str) -> list[str]:
    """One label per target: its id, indicator (English name in English), year and goal.

    The region is named too when the targets are in several regions (the Jiaxing plan also sets Zhejiang's).
    """
    with plan_scope(assessment[0].plan if assessment else None):
        table = regions().set_index("region_id")
        names = table["name_zh" if lang == "zh" else "name_en"]
        english = indicators().set_index("indicator_id")["name_en"]
    several = len({r.target["region_id"] for r in assessment}) > 1
    labels = []
    for r in assessment:
        t = r.target
        indicator = t["indicator_text_zh"] if lang == "zh" else english[t["indicator_id"]]
        region = f"{names[t['region_id']]} · " if several else ""
        labels.append(
            f"{t['target_id']} {region}{_short(indicator, 18 if lang == 'zh' else 34)} "
            f"{int(t['target_year'])}: {goal_text(t)}"
        )
    return labels


def backtest_figure(plan_history: pd.DataFrame, metrics: pd.DataFrame, lang: str = "zh", title: str = "") -> Figure:
    """Left: forecasts made at a plan's start vs outcomes; right: pooled interval coverage per horizon.

    Args:
        plan_history: From :func:`ipdata.plan_backtest` (targets with and without outcomes).
        metrics: From :func:`ipdata.forecast.backtest.evaluate` (per-horizon coverage and Brier).
        lang: ``zh`` or ``en``.
        title: Figure title.
    """
    check_language(lang)
    with style():
        fig = _figure(8.0, 3.6)
        left, right = fig.subplots(1, 2, width_ratios=[1.3, 1])
        done = plan_history[plan_history["actual"].notna() & plan_history["projected_value"].notna()].reset_index(
            drop=True
        )
        if len(done):
            y = np.arange(len(done))[::-1]
            ratio = lambda c: done[c] / done["target"]  # noqa: E731 - scale everything to the target
            left.hlines(y, ratio("projected_lower_80"), ratio("projected_upper_80"), color=COLORS["fan80"], lw=4)
            left.plot(ratio("projected_value"), y, "|", color=COLORS["median"], ms=10, label=words("median", lang))
            left.plot(ratio("actual"), y, "o", color=COLORS["observed"], ms=4, label=words("observed", lang))
            left.axvline(1.0, color=COLORS["target"], lw=1, ls=":", label=words("target", lang))
            left.set_yticks(
                y, [f"{r.target_id} ({probability_text(r.probability)})" for r in done.itertuples()], fontsize=7
            )
            left.set_xlabel("÷ " + words("target", lang))
            left.legend(fontsize=7, frameon=False, loc="lower right")
        else:
            left.text(
                0.5,
                0.5,
                words("no_outcomes", lang),
                transform=left.transAxes,
                ha="center",
                va="center",
                color="#666666",
            )
            left.set_xticks([])
            left.set_yticks([])
        headings = [left.set_title(words("plan_history", lang), loc="left", fontsize=9)]
        h = metrics.index.to_numpy()
        right.plot(h, metrics["coverage80_raw"], "o--", color="#999999", label=f"80% {words('raw', lang)}")
        right.plot(
            h, metrics["coverage80_calibrated"], "o-", color=COLORS["median"], label=f"80% {words('calibrated', lang)}"
        )
        right.plot(
            h, metrics["coverage95_calibrated"], "s-", color=COLORS["fan80"], label=f"95% {words('calibrated', lang)}"
        )
        for level in (0.8, 0.95):
            right.axhline(level, color="#cccccc", lw=0.8)
        right.set_ylim(0, 1.05)
        right.set_xticks(h)
        right.set_xlabel(words("horizon", lang))
        right.set_ylabel(words("coverage", lang))
        headings.append(right.set_title(words("pooled", lang), loc="left", fontsize=9))
        right.legend(fontsize=7, frameon=False, loc="lower left")
        if title:
            _suptitle(fig, title)
        _settle(fig, wrap=[(h, h.get_text(), ax) for h, ax in zip(headings, (left, right))])
    return fig


def reliability_figure(tables: dict[str, pd.DataFrame], lang: str = "zh") -> Figure:
    """Reliability diagram: predicted attainment probability vs observed frequency, by decile, per backtest set.

    Args:
        tables: :func:`ipdata.forecast.backtest.reliability` per set: ``bundled`` and optionally ``outside``.
        lang: ``zh`` or ``en``.
    """
    check_language(lang)
    names = {"bundled": "bundled_series", "outside": "outside_panels"}
    colors = {"bundled": COLORS["median"], "outside": COLORS["target"]}
    with style():
        fig = _figure(5.2, 5.0)
        ax = fig.subplots()
        ax.plot([0, 1], [0, 1], color="#bbbbbb", lw=1, ls="--", label=words("perfect_calibration", lang))
        for key, table in tables.items():
            size = 12 + 120 * np.sqrt(table["cases"] / table["cases"].max())
            ax.plot(table["predicted"], table["observed"], "-", color=colors[key], lw=1.2)
            ax.scatter(
                table["predicted"],
                table["observed"],
                s=size,
                color=colors[key],
                label=words(names[key], lang),
                zorder=3,
            )
        ax.set_xlim(-0.03, 1.03)
        ax.set_ylim(-0.03, 1.03)  # a bin observed at 0 or 1 stays whole
        ax.set_aspect("equal")
        ax.set_xlabel(words("predicted_probability", lang))
        ax.set_ylabel(words("observed_frequency", lang))
        ax.legend(fontsize=7, frameon=False, loc="upper left", title=words("cases_per_bin", lang), title_fontsize=7)
        _suptitle(fig, words("reliability_title", lang), x=0.02, size=10)
    return fig


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def ranking_figure(ranks: pd.DataFrame, lang: str = "zh") -> Figure:
    """Regions ranked on an indicator by projected value: the rank by median and its 80 % rank interval.

    Args:
        ranks: From :func:`ipdata.assess.rankings.region_ranks` (its ``attrs`` name the indicator, year and sources).
        lang: ``zh`` or ``en``.

    Returns:
        A ``matplotlib.figure.Figure``, one row per region (best at the top); regions that could not be
        projected are listed at the bottom with the reason.
    """
    check_language(lang)
    info = indicators().set_index("indicator_id").loc[ranks.attrs["indicator"]]
    ranked = ranks[ranks["rank"].notna()]
    n = len(ranked)
    with style():
        fig = _figure(7.5, 1.2 + 0.22 * max(len(ranks), 1))
        ax = fig.add_subplot()
        y = np.arange(len(ranks))[::-1]
        names = ranks["name_zh" if lang == "zh" else "name_en"].tolist()
        for yi, (_, row) in zip(y, ranks.iterrows()):
            if pd.isna(row["rank"]):
                reason = ranks.attrs.get("reasons", {}).get(row["region_id"])
                why = reason_words(reason, lang) if reason is not None else str(row["reason"])
                text = f"{words('not_ranked', lang)}{words('colon', lang)}{why}"  # cut to fit by _settle
                ax.text(1, yi, text, va="center", fontsize=6.5, color="#777777")
                continue
            ax.plot(
                [row["rank_lower_80"], row["rank_upper_80"]],
                [yi, yi],
                color=COLORS["fan80"],
                lw=3,
                solid_capstyle="butt",
            )
            ax.plot([row["rank"]], [yi], "o", color=COLORS["median"], ms=4)
            median, low, high = (value_text(row[c], info["unit"]) for c in ("median", "lower_80", "upper_80"))
            label = f"{median} ({low}–{high})"
            ax.text(n + 1.5, yi, label, va="center", fontsize=6.5)
        ax.set_yticks(y, names, fontsize=7)
        ax.set_xlim(0.5, n + 9)
        ax.set_xticks([k for k in (1, 5, 10, 15, 20, 25, 30, 35, 40) if k <= max(n, 1)])
        ax.set_xlabel(words("rank_axis", lang))
        ax.set_ylim(-0.7, len(ranks) - 0.3)
        indicator = info["name_zh"] if lang == "zh" else info["name_en"]
        unit = unit_label(str(info["unit"]), lang)
        title = words("rank_title", lang, indicator=indicator, year=ranks.attrs["year"], n=n)
        heading = ax.set_title(title + (f" [{unit}]" if unit else ""), loc="left")
        _source_below(fig, _source_line(list(ranks.attrs["sources"]), lang))
        _settle(fig, wrap=[(heading, heading.get_text(), ax)], shorten=[(t, t.get_text(), ax) for t in ax.texts])
    return fig


def write_ranking_figures(ranks: pd.DataFrame, out_dir: str | Path) -> list[Path]:
    """Save the ranking figure in both languages under ``out_dir/regions/`` (``<indicator>_<lang>.svg``...)."""
    return _write_both(lambda lang: ranking_figure(ranks, lang), out_dir, "regions", ranks.attrs["indicator"])


MISSING_GLYPH = "□"  # drawn in place of a character neither shipped font has (GB 2312 holds it)


@cache
def _drawable_codepoints() -> frozenset[int]:
    """Every character the two figure fonts draw (DejaVu Sans and the shipped CJK subset)."""
    from matplotlib import font_manager, ft2font

    fonts = [font_manager.findfont("DejaVu Sans"), str(FONT_FILE)]
    return frozenset(c for path in fonts for c in ft2font.FT2Font(path).get_charmap())


def drawable(text: str) -> str:
    """``text`` with each character the figure fonts lack (a rare hanzi, an emoji, another script) as □.

    An analyst's plan may name an indicator in characters outside GB 2312: matplotlib would draw an
    empty box and warn per glyph; the mark is the same box, drawn on purpose, so no figure fails.
    """
    known = _drawable_codepoints()
    return "".join(ch if ord(ch) in known or ch in "\n\t $" else MISSING_GLYPH for ch in text)


def _drawable_texts(fig: Figure) -> None:
    """Every text of a figure (titles, tick labels, notes) made :func:`drawable` before it is drawn."""
    from matplotlib.text import Text
    from matplotlib.ticker import FuncFormatter

    for artist in fig.findobj(Text):
        text = artist.get_text()
        fixed = drawable(text)
        if fixed != text:
            artist.set_text(fixed)
    for ax in fig.axes:  # tick labels are made again from their formatter each time the figure is drawn
        for axis in (ax.xaxis, ax.yaxis):
            inner = axis.get_major_formatter()
            if not getattr(inner, "_ipdata_drawable", False):
                outer = FuncFormatter(lambda x, pos, f=inner: drawable(str(f(x, pos))))
                outer._ipdata_drawable = True  # type: ignore[attr-defined]
                outer.set_locs = inner.set_locs  # type: ignore[method-assign]
                axis.set_major_formatter(outer)


def figure_bytes(fig: Figure, fmt: str) -> bytes:
    """Render ``fig`` to ``fmt`` (svg, png or pdf) with fixed metadata: same figure, same bytes."""
    if fmt not in FORMATS:
        raise ValueError(f"figure format must be one of {FORMATS}, got {fmt!r}")
    buf = io.BytesIO()
    _drawable_texts(fig)
    with style():
        fig.savefig(buf, format=fmt, metadata=METADATA[fmt])
    return buf.getvalue()


def save_figure(fig: Figure, stem: str | Path, formats: tuple[str, ...] = FORMATS) -> list[Path]:
    """Write ``fig`` as ``stem.svg``, ``stem.png`` and ``stem.pdf``, each atomically.

    Returns:
        The paths written.
    """
    stem = Path(stem)
    paths = []
    for fmt in formats:
        path = stem.with_name(f"{stem.name}.{fmt}")
        write_atomic(path, figure_bytes(fig, fmt))
        paths.append(path)
    return paths


def show(fig: Figure) -> None:
    """Display ``fig`` in a notebook as PNG (PNG outputs are not compared by nbval; SVG would be)."""
    from IPython.display import Image, display

    display(Image(data=figure_bytes(fig, "png"), width=int(fig.get_figwidth() * 100)))


def _write_both(make: Callable[[str], Figure], out_dir: str | Path, kind: str, name: str) -> list[Path]:
    paths = []
    for lang in LANGUAGES:
        paths += save_figure(make(lang), Path(out_dir) / figure_stem(kind, name, lang))
    return paths


def write_trajectory_figures(traj: Trajectory, out_dir: str | Path) -> list[Path]:
    """Save the trajectory figure in both languages and all formats under ``out_dir/trajectory/``.

    Named by target id (``st13-03_zh.svg``), or ``region_indicator`` when there is no target.
    """
    name = traj.target["target_id"] if traj.target is not None else f"{traj.region_id}_{traj.indicator_id}"
    return _write_both(lambda lang: trajectory_figure(traj, lang), out_dir, "trajectory", name)


def write_dashboard_figures(assessment: Sequence[TargetAssessment], out_dir: str | Path) -> list[Path]:
    """Save the dashboard of one plan's assessment in both languages under ``out_dir/dashboard/``."""
    plan_id = _single_plan([r.target["plan_id"] for r in assessment])
    plan = _plan_of(assessment)
    return _write_both(
        lambda lang: dashboard_figure(assessment, lang, title=plan_title(plan, lang)),
        out_dir,
        "dashboard",
        plan_id,
    )


def write_backtest_figures(
    plan_history: pd.DataFrame, metrics: pd.DataFrame, out_dir: str | Path, plan: str | Plan | None = None
) -> list[Path]:
    """Save the backtest figure of one plan in both languages under ``out_dir/backtest/``.

    ``plan``: the plan the history is of (an id, or the analyst's plan from :func:`ipdata.read_plan`), whose
    title the figure shows (default: the plan id of the history's rows).
    """
    plan_id = _single_plan(list(plan_history["plan_id"]))
    return _write_both(
        lambda lang: backtest_figure(plan_history, metrics, lang, title=plan_title(plan or plan_id, lang)),
        out_dir,
        "backtest",
        plan_id,
    )


def _plan_of(assessment: Sequence[TargetAssessment]) -> str | Plan:
    """The plan of assessed targets: the analyst's plan they carry, else their bundled plan's id."""
    first = assessment[0]
    return first.plan if first.plan is not None else str(first.target["plan_id"])


def _single_plan(plan_ids: list[str]) -> str:
    ids = sorted(set(plan_ids))
    if len(ids) != 1:
        raise ValueError(f"expected the rows of one plan, got plans {ids}")
    return ids[0]
