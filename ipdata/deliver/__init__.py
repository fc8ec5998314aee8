"""Layer 6, the files a person opens: the completion workbook, the draft report, the pages, the plan template."""

from __future__ import annotations

from .deliverables import write_deliverables
from .document import evaluation_document
from .pages import write_pages
from .plan_template import write_template
from .workbook import completion_workbook

__all__ = ["completion_workbook", "evaluation_document", "write_deliverables", "write_pages", "write_template"]
