"""Layer 0, the base: errors, argument checks, dates, words (zh/en), where files live and how they are written.

Imports nothing else of ipdata; every other layer may import it.
"""

from __future__ import annotations

from .checks import whole_number
from .errors import AmbiguousScopeError, DataValidationError, ForecastError, Problem, UnknownIdError
from .layout import DELIVERABLES, figure_files, page_path
from .paths import data_dir, notebooks_dir, shared_dir
from .words import LANGUAGES, Reason, check_language, reason_words
from .writing import csv_text, write_atomic, write_table

__all__ = [
    "AmbiguousScopeError",
    "DELIVERABLES",
    "DataValidationError",
    "ForecastError",
    "LANGUAGES",
    "Problem",
    "Reason",
    "UnknownIdError",
    "check_language",
    "csv_text",
    "data_dir",
    "figure_files",
    "notebooks_dir",
    "page_path",
    "reason_words",
    "shared_dir",
    "whole_number",
    "write_atomic",
    "write_table",
]
