"""ipdata.core.errors: every problem says file, row and column; unknown ids suggest the closest ones."""

from __future__ import annotations

from ipdata.core.errors import AmbiguousScopeError, DataValidationError, Problem, UnknownIdError, closest


def test_problem_names_its_place():
    assert (
        str(Problem("obs.csv", 3, "value", "expected a number")) == "obs.csv, row 3, column 'value': expected a number"
    )
    assert str(Problem("obs.csv", None, None, "could not be read")) == "obs.csv: could not be read"
    assert str(Problem("plans.csv", 1, None, "expected columns")) == "plans.csv, row 1: expected columns"


def test_all_problems_are_kept_and_the_message_is_capped():
    problems = [Problem("obs.csv", row, "value", "expected a number") for row in range(2, 32)]
    error = DataValidationError(problems)
    assert error.problems == problems and isinstance(error, ValueError)
    text = str(error)
    assert text.startswith("30 problem(s) found:")
    assert text.count("  - obs.csv") == DataValidationError.MAX_SHOWN and text.endswith("... and 5 more")


def test_unknown_id_message():
    error = UnknownIdError("region", "jiaxng", ["jiaxing"])
    assert str(error) == "Unknown region 'jiaxng'. Did you mean: jiaxing? (ipdata.regions() lists them all.)"
    assert isinstance(error, KeyError) and error.suggestions == ["jiaxing"]
    assert "Did you mean" not in str(UnknownIdError("plan", "zzz", []))


def test_closest():
    assert closest("jiaxng", ["shantou", "jiaxing", "jiaxing"]) == ["jiaxing"]
    assert closest("Wu", ["wujiang", "jiaxing"]) == ["wujiang"]  # no close spelling: a name containing it
    assert closest("zzz", ["jiaxing"]) == []


def test_ambiguous_scope_error_says_how_to_choose():
    error = AmbiguousScopeError("china", "invention_grants", ["domestic", "total"])
    assert isinstance(error, ValueError) and error.scopes == ["domestic", "total"]
    assert "scope='total' or scope='domestic'" in str(error)
