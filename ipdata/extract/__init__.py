"""From a plan document to draft target rows: the analyst reviews a draft instead of typing every target.

:func:`read_document` turns a ``.txt``, ``.docx``, ``.pdf`` (with a text layer) or saved ``.html`` page into one
text whose character offsets every quote refers to; :func:`extract_targets` finds the quantitative targets in
it (prose clauses and indicator tables), each with its exact quote, its span and what the analyst should check.
``ipdata extract`` (:func:`ipdata.deliver.drafts.write_draft`) writes them into the plan workbook.
"""

from __future__ import annotations

from .documents import Document, read_document
from .targets import Extraction, extract, extract_targets

__all__ = ["Document", "Extraction", "extract", "extract_targets", "read_document"]
