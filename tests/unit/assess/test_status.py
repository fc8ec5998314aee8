"""ipdata.assess.status: one vocabulary of statuses with a tone, from which fills, colours and CSS derive."""

from __future__ import annotations

import math

import pytest

from ipdata.assess.status import STATUSES, STRONG, TONE, probability_status, tone
from ipdata.core.words import CN_REVIEW_LABELS, LANGUAGES, status_words
from ipdata.deliver.pages import status_chips
from ipdata.deliver.workbook import FILLS
from ipdata.views.figures import COLORS


def test_every_status_has_a_tone_words_a_colour_and_a_fill():
    for status in STATUSES:
        assert TONE[status] in FILLS
        assert all(status_words(status, lang) for lang in LANGUAGES)
        assert status in COLORS
    assert set(STATUSES) >= STRONG


def test_the_colours_and_fills_are_those_every_published_file_has():
    """Pinned: a change here changes every figure, workbook and page (they are byte-reproducible)."""
    assert {s: COLORS[s] for s in STATUSES} == {
        "target_achieved": "#1a7f37",
        "very_likely": "#1a7f37",
        "likely": "#7bb661",
        "about_as_likely_as_not": "#e3b505",
        "unlikely": "#e67e22",
        "very_unlikely": "#c0392b",
        "target_missed": "#c0392b",
    }
    fills = {label: FILLS[tone(label)] for label in CN_REVIEW_LABELS.values()}
    assert fills == {"提前实现": "C6EFCE", "快于预期": "C6EFCE", "基本符合预期": "FFEB9C", "滞后": "FFC7CE"}
    assert {s: FILLS[TONE[s]] for s in ("very_likely", "about_as_likely_as_not", "target_missed")} == {
        "very_likely": "C6EFCE",
        "about_as_likely_as_not": "FFEB9C",
        "target_missed": "FFC7CE",
    }


def test_colours_follow_tone_and_strength():
    assert COLORS["very_likely"] == COLORS["target_achieved"] != COLORS["likely"]
    assert COLORS["very_unlikely"] == COLORS["target_missed"] != COLORS["unlikely"]


def test_review_labels_take_their_tone_from_the_same_table():
    assert tone(CN_REVIEW_LABELS["achieved"]) == "good"
    assert tone(CN_REVIEW_LABELS["behind"] + " (behind)") == "bad"
    assert tone(CN_REVIEW_LABELS["on_schedule"]) == "neutral"
    assert tone("") is None and tone(None) is None and tone(float("nan")) is None and tone("???") is None


def test_chips_come_in_reading_order_with_the_tone_as_class():
    counts = {"target_missed": 1, "likely": 2, "target_achieved": 3}
    chips = status_chips(counts, "zh")
    assert [c["count"] for c in chips] == [3, 2, 1]
    assert [c["css"] for c in chips] == ["good", "good", "bad"]


@pytest.mark.parametrize(
    "p, status",
    [
        (0.95, "very_likely"),
        (0.9, "very_likely"),
        (0.7, "likely"),
        (0.5, "about_as_likely_as_not"),
        (0.2, "unlikely"),
        (0.01, "very_unlikely"),
        (math.nan, ""),
    ],
)
def test_probability_scale(p, status):
    assert probability_status(p) == status
