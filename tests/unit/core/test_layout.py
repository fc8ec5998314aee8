"""ipdata.core.layout: the one place report files are named, so writers and linkers agree."""

from __future__ import annotations

from pathlib import Path

from ipdata.core import layout


def test_a_figure_is_two_languages_times_three_formats_sorted():
    files = layout.figure_files("trajectory", "st13-03")
    assert files == sorted(files) and len(files) == 6
    assert "trajectory/st13-03_zh.svg" in files and "trajectory/st13-03_en.pdf" in files
    assert layout.figure_path("trajectory", "st13-03", "zh", "png") == Path("figures/trajectory/st13-03_zh.png")
    assert layout.figure_file("regions", "a.b", "en", "svg") == Path("regions/a.b_en.svg")  # a dot in a name stays


def test_pages_notebooks_and_deliverables():
    assert layout.page_path("shantou_13fyp", "zh") == Path("plans/shantou_13fyp.html")
    assert layout.page_path("shantou_13fyp", "en") == Path("plans/shantou_13fyp_en.html")
    assert layout.notebook_path("trajectory/st13-03") == Path("notebooks/trajectory/st13-03.ipynb")
    assert layout.html_path("dashboard/x") == Path("html/dashboard/x.html")
    assert layout.deliverable_path("p", "xlsx", "zh") == Path("deliverables/p/完成情况表.xlsx")
    assert {k for k, _ in layout.DELIVERABLES} == {"xlsx", "docx"}


def test_the_figure_writers_use_the_layout(tmp_path):
    """A figure written by views.figures lands where the layout says the report links it."""
    import ipdata
    from ipdata.views.figures import write_trajectory_figures

    written = write_trajectory_figures(ipdata.trajectory(target_id="st13-03"), tmp_path)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in written) == layout.figure_files("trajectory", "st13-03")
