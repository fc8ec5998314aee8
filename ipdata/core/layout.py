"""The report folder as names: where each figure, page, notebook and deliverable lives, relative to it.

One home for the file-naming rule, so the notebooks that write a file and the pages, documents and reruns
that link or copy it cannot disagree (a renamed figure used to drop its links silently). Figures are
``figures/<kind>/<name>_<lang>.<fmt>``; a figure folder on its own (``ipdata figures --out figures``) holds
the same ``<kind>/<name>_<lang>.<fmt>`` tree.
"""

from __future__ import annotations

from pathlib import Path

from .paths import FONT_FILE
from .words import LANGUAGES

__all__ = [
    "DELIVERABLES",
    "FIGURES_DIR",
    "FIGURE_FORMATS",
    "FONT_PATH",
    "HTML_LANG",
    "deliverable_path",
    "figure_file",
    "figure_files",
    "figure_path",
    "figure_paths",
    "figure_stem",
    "html_path",
    "notebook_path",
    "page_path",
]

FIGURES_DIR = Path("figures")
"""The report's figure folder, relative to the report folder (the notebooks write into it)."""

FIGURE_FORMATS = ("svg", "png", "pdf")
"""Every figure is written in each of these formats."""

DELIVERABLES = {  # (kind, language) -> file name under deliverables/<plan id>/
    ("xlsx", "zh"): "完成情况表.xlsx",
    ("xlsx", "en"): "completion_table_en.xlsx",
    ("docx", "zh"): "评估报告.docx",
    ("docx", "en"): "evaluation_report_en.docx",
}

FONT_PATH = Path("assets") / FONT_FILE.name
"""The web font the pages link, relative to the report folder."""

HTML_LANG = {"zh": "zh-CN", "en": "en"}
"""A page's ``<html lang>`` per ipdata language."""


def figure_stem(kind: str, name: str, lang: str) -> Path:
    """One figure relative to a figures folder, without its format: ``kind/name_<lang>``."""
    return Path(kind) / f"{name}_{lang}"


def figure_file(kind: str, name: str, lang: str, fmt: str) -> Path:
    """One figure file relative to a figures folder: ``kind/name_<lang>.<fmt>``."""
    stem = figure_stem(kind, name, lang)
    return stem.with_name(f"{stem.name}.{fmt}")


def figure_files(kind: str, name: str) -> list[str]:
    """Every file one figure is written as, relative to the figures folder (both languages, every format), sorted."""
    return sorted(figure_file(kind, name, lang, fmt).as_posix() for lang in LANGUAGES for fmt in FIGURE_FORMATS)


def figure_path(kind: str, name: str, lang: str, fmt: str) -> Path:
    """One figure file relative to the report folder: ``figures/kind/name_<lang>.<fmt>``."""
    return FIGURES_DIR / figure_file(kind, name, lang, fmt)


def figure_paths(kind: str, name: str) -> list[str]:
    """:func:`figure_files` relative to the report folder (``figures/kind/name_<lang>.<fmt>``), sorted."""
    return [(FIGURES_DIR / f).as_posix() for f in figure_files(kind, name)]


def page_path(plan_id: str, lang: str) -> Path:
    """Where a plan's page lives in the report folder: ``plans/<id>.html`` (zh) and ``plans/<id>_en.html``."""
    return Path("plans") / (f"{plan_id}.html" if lang == "zh" else f"{plan_id}_en.html")


def notebook_path(job_name: str) -> Path:
    """An executed notebook in the report folder: ``notebooks/<kind>/<name>.ipynb``."""
    return Path("notebooks") / f"{job_name}.ipynb"


def html_path(job_name: str) -> Path:
    """A notebook's page in the report folder: ``html/<kind>/<name>.html``."""
    return Path("html") / f"{job_name}.html"


def deliverable_path(plan_id: str, kind: str, lang: str) -> Path:
    """A plan's workbook (``xlsx``) or document (``docx``) in the report folder, by language."""
    return Path("deliverables") / plan_id / DELIVERABLES[(kind, lang)]
