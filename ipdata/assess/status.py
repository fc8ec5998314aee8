"""The target-status vocabulary: each status in reading order with its tone, and the probability scale.

One home for the rule: the Excel fills (:mod:`ipdata.deliver.workbook`), the figure colours
(:mod:`ipdata.views.figures`) and the page's CSS classes (:mod:`ipdata.deliver.pages`) all derive from
:data:`TONE` and :data:`STRONG`, so a new status is added here (and its words in :mod:`ipdata.core.words`).
"""

from __future__ import annotations

import math

from ..core.words import CN_REVIEW_LABELS

__all__ = ["STATUSES", "STRONG", "TONE", "probability_status", "tone"]

STATUSES = (
    "target_achieved",
    "very_likely",
    "likely",
    "about_as_likely_as_not",
    "unlikely",
    "very_unlikely",
    "target_missed",
)
"""The assessment ``status`` values in the order a reader scans them: achieved first, missed last."""

TONE = {
    "target_achieved": "good",
    "very_likely": "good",
    "likely": "good",
    "about_as_likely_as_not": "neutral",
    "unlikely": "bad",
    "very_unlikely": "bad",
    "target_missed": "bad",
    # the review words of Chinese plan evaluations (CN_REVIEW_LABELS keys)
    "achieved": "good",
    "ahead": "good",
    "on_schedule": "neutral",
    "behind": "bad",
}
"""Each status's (and review word's) tone: ``good``, ``neutral`` or ``bad``."""

STRONG = frozenset({"target_achieved", "very_likely", "very_unlikely", "target_missed"})
"""Statuses drawn in the strong shade of their tone (a certain outcome or a probability beyond 90 % / 10 %)."""

_REVIEW_KEY = {label: key for key, label in CN_REVIEW_LABELS.items()}


def tone(word: object) -> str | None:
    """The tone of a status id or of a review label as a table shows it (``提前实现``, ``提前实现 (…)``).

    Returns:
        ``good``, ``neutral``, ``bad``, or None for anything else (a missing status, an empty cell).
    """
    if not isinstance(word, str) or not word:
        return None
    first = word.split(" ")[0]
    return TONE.get(_REVIEW_KEY.get(first, first))


def probability_status(p: float) -> str:
    """Verbal scale for a probability of attainment (IPCC-style likelihood words)."""
    if p is None or (isinstance(p, float) and math.isnan(p)):
        return ""
    if p >= 0.9:
        return "very_likely"
    if p >= 0.66:
        return "likely"
    if p >= 0.33:
        return "about_as_likely_as_not"
    if p >= 0.1:
        return "unlikely"
    return "very_unlikely"
