"""Property: any observations file that `ipdata validate` accepts runs through `assess` for every plan.

Hypothesis writes files of rows for the regions and indicators the plans' targets use, with values anywhere
inside each indicator's bounds (zeros, bounds themselves and huge values included), yearly and monthly dates,
and repeated dates; a file that validates must give a table with every target, never an exception.
"""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ipdata
from ipdata.core.errors import DataValidationError

pytestmark = pytest.mark.integration

TARGETS = ipdata.targets()
INDICATORS = ipdata.indicators().set_index("indicator_id")
PAIRS = sorted(set(zip(TARGETS["region_id"], TARGETS["indicator_id"])))


@st.composite
def rows(draw):
    region, indicator = draw(st.sampled_from(PAIRS))
    low, high = INDICATORS.loc[indicator, ["lower_bound", "upper_bound"]]
    low = -1e6 if low != low else float(low)
    high = 1e9 if high != high else float(high)
    value = draw(st.one_of(st.sampled_from([low, high, 0.0, 1.0]), st.floats(low, high, allow_nan=False)))
    year = draw(st.integers(2008, 2024))
    date = draw(st.sampled_from([str(year), f"{year}-12", f"{year}-{draw(st.integers(1, 11)):02d}"]))
    return region, indicator, date, repr(value)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(rows(), min_size=1, max_size=12))
def test_any_file_that_validates_assesses_every_target(tmp_path_factory, lines):
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["region", "indicator", "date", "value"])
    writer.writerows(lines)
    path = tmp_path_factory.mktemp("obs") / "obs.csv"
    path.write_text(buf.getvalue(), encoding="utf-8")
    try:
        mine = ipdata.read_observations(path)
    except DataValidationError:
        return  # rejected with file, row and column: that is the other acceptable outcome
    table = ipdata.assess(observations=mine, n_paths=100)
    assert list(table["target_id"]) == list(TARGETS["target_id"])
    assert (table["assessable"] | (table["reason"] != "")).all()  # every target judged or told why not
    judged = table[table["assessable"]]
    assert judged["probability"].between(0, 1).all()
