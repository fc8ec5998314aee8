"""Property: any plan workbook (here its folder of CSV files) that validates assesses every target and writes
every deliverable: the completion table (xlsx), the report (docx) and the pages (html), in both languages,
never an exception.

Hypothesis edits the INVENTED test plan (tests/fixtures/invented_plan): any text in the quote, qualifier and
indicator name cells (control characters, formulas, emoji, very long), values and baselines written anyhow
(inf, 10², full-width digits, negative, huge), any comparator and kind, years around the period.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ipdata
from ipdata.assess.targets import assess_targets
from ipdata.core.errors import DataValidationError
from ipdata.deliver.deliverables import write_deliverables
from ipdata.deliver.pages import write_pages

pytestmark = pytest.mark.integration

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "invented_plan"
NASTY = st.text(
    alphabet=st.one_of(st.characters(codec="utf-8"), st.sampled_from(["\x0b", "\x07", "=", "+", "@", "\t", "😀"])),
    max_size=60,
)
PLAIN = st.text(
    alphabet=st.sampled_from(list("到年全市每万人发明专利拥有量达以上左右力争（）%=+@-😀 ABC12\"'\\")),
    min_size=1,
    max_size=400,
)
TEXT = st.one_of(PLAIN, PLAIN, PLAIN, NASTY)  # mostly cells that validate, so the delivering is exercised
NUMBER = st.one_of(
    st.floats(-1e6, 1e7, allow_nan=False).map(repr),
    st.floats(0, 1e5, allow_nan=False).map(repr),
    st.sampled_from(["inf", "-inf", "nan", "10²", "１２", "0", "-5", "1e300", "", "1,000", "3.5"]),
)


@st.composite
def edits(draw):
    kind = draw(st.sampled_from(["level", "flow", "cumulative", "growth_rate", "share", "floor", "count"]))
    comparator = draw(st.sampled_from(["at_least", "at_most", "about", "range"]))
    low, high = sorted(draw(st.lists(st.floats(0, 1e5, allow_nan=False), min_size=2, max_size=2, unique=True)))
    edit = {
        "quote_zh": draw(TEXT),
        "qualifier_zh": draw(TEXT),
        "indicator_text_zh": draw(TEXT),
        "value": "" if comparator == "range" else draw(NUMBER),
        "value_low": repr(low) if comparator == "range" else "",
        "value_high": repr(high) if comparator == "range" else "",
        "baseline_value": draw(NUMBER),
        "comparator": comparator,
        "kind": kind,
        "target_year": str(draw(st.integers(2019, 2027))),
        "period_start": "2021-01" if kind == "cumulative" else "",
        "period_end": "2025-12" if kind == "cumulative" else "",
    }
    if kind == "growth_rate":
        edit["unit"] = "%"
    return edit


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits())
def test_any_plan_that_validates_assesses_and_delivers(tmp_path_factory, edit):
    folder = Path(shutil.copytree(FIXTURE, tmp_path_factory.mktemp("plan") / "plan"))
    path = folder / "targets.csv"
    rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
    header = rows[1]
    for column, value in edit.items():
        rows[2][header.index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    try:
        plan = ipdata.read_plan(folder)
    except DataValidationError:
        return  # refused with sheet, row and column: the other acceptable outcome
    judged = assess_targets(plan=plan, n_paths=50)
    assert judged, "a plan that validates has targets"
    assert len(judged) == len(plan.tables["targets"])
    table = ipdata.assess(plan=plan, n_paths=50)
    assert (table["assessable"] | (table["reason"] != "")).all()
    out = tmp_path_factory.mktemp("out")
    written = write_deliverables(out, {plan.plan_id: judged}) + write_pages(out, {plan.plan_id: judged})
    assert {".xlsx", ".docx", ".html"} <= {p.suffix for p in written}
