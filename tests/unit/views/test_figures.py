"""ipdata.views.figures: bilingual, shipped font only, byte-reproducible (the committed set: tests/integration)."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

import ipdata
from ipdata.views import figures


def test_shipped_font_is_the_one_used_for_chinese():
    from matplotlib import font_manager

    with figures.style():
        found = font_manager.findfont(
            font_manager.FontProperties(family=figures.FONT_FAMILY), fallback_to_default=False
        )
    assert Path(found) == figures.FONT_FILE
    assert (figures.FONT_FILE.parent / "OFL.txt").read_text(encoding="utf-8").count("SIL OPEN FONT LICENSE") >= 1


def test_every_chinese_name_in_the_data_renders():
    """All region, indicator and plan names and target texts: no glyph may be missing (the warning is an error)."""
    from matplotlib.figure import Figure

    text = (
        "".join(ipdata.regions()["name_zh"])
        + "".join(ipdata.indicators()["name_zh"])
        + "".join(ipdata.plans()["title_zh"])
    )
    text += "".join(ipdata.targets()["indicator_text_zh"])
    with figures.style():
        fig = Figure()
        for i in range(0, len(text), 60):
            fig.text(0, i / len(text), text[i : i + 60])
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            figures.figure_bytes(fig, "png")


def test_a_missing_glyph_is_caught():
    """The check above can fail: a character outside the subset raises the warning as an error (drawn raw,
    without :func:`ipdata.views.figures.drawable`, which figure_bytes applies)."""
    import io

    from matplotlib.figure import Figure

    with figures.style():
        fig = Figure()
        fig.text(0.1, 0.5, "\U00020000")  # CJK Extension B, not in the subset
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            with pytest.raises(UserWarning, match="Glyph"):
                fig.savefig(io.BytesIO(), format="png")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_same_figure_same_bytes(lang):
    traj = ipdata.trajectory(target_id="st13-03", n_paths=500)
    first = {fmt: figures.figure_bytes(figures.trajectory_figure(traj, lang), fmt) for fmt in figures.FORMATS}
    second = {fmt: figures.figure_bytes(figures.trajectory_figure(traj, lang), fmt) for fmt in figures.FORMATS}
    assert first == second
    assert b"CreationDate" not in first["pdf"] and b"Matplotlib v" not in first["pdf"]
    assert b"<dc:date>" not in first["svg"]


def test_language_is_checked():
    traj = ipdata.trajectory(target_id="st13-03", n_paths=200)
    with pytest.raises(ValueError, match="language"):
        figures.trajectory_figure(traj, "fr")


def test_dashboard_lists_unassessable_targets_with_reason():
    results = ipdata.assess_targets(plan="wujiang_demo_2021", n_paths=200)
    fig = figures.dashboard_figure(results, "en")
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert len(texts) == len(results) and all(t.startswith("not assessed: ") for t in texts)


def test_reasons_are_shown_in_chinese_in_zh_figures():
    """Every reason the bundled assessment gives renders in Chinese from its code, and in English as the table says."""
    import re

    from ipdata.core.words import reason_words

    results = [r for r in ipdata.assess_targets() if r.reason is not None]
    assert len({r.row["reason"] for r in results}) > 5 and len({r.reason.code for r in results}) >= 5
    for r in results:
        assert not re.search("[A-Za-z]", reason_words(r.reason, "zh")), r.reason
        assert reason_words(r.reason, "en") == r.row["reason"]
    fig = figures.dashboard_figure(ipdata.assess_targets(plan="wujiang_demo_2021"), "zh")
    assert all(t.get_text() == "无法评估：没有年末观测值" for t in fig.axes[0].texts)


def test_the_dashboard_says_which_input_it_takes():
    with pytest.raises(TypeError, match="assess_targets"):
        figures.dashboard_figure(ipdata.assess(plan="wujiang_demo_2021", n_paths=100), "en")


def test_characters_the_fonts_lack_are_drawn_as_a_box_without_a_warning(recwarn):
    """An analyst's indicator in another script or a rare hanzi (found by the plan property test) draws."""
    from matplotlib.figure import Figure

    from ipdata.views.figures import MISSING_GLYPH, drawable, figure_bytes

    assert drawable("每万人发明专利拥有量 ܍\U00020000") == f"每万人发明专利拥有量 {MISSING_GLYPH}{MISSING_GLYPH}"
    with figures.style():  # as every ipdata figure is built
        fig = Figure()
        fig.add_subplot().set_title("专利 ܍ \U00020000")
    assert figure_bytes(fig, "png").startswith(b"\x89PNG")
    assert not [w for w in recwarn if "missing from font" in str(w.message)]
