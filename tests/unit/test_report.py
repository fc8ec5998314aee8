"""ipdata.report: parameters are checked before any notebook kernel starts (the runs: tests/integration)."""

from __future__ import annotations

import pytest

from ipdata import report
from ipdata.errors import UnknownIdError


class NoKernels:
    """Stands in for the process pool: parameter errors must surface before any notebook starts."""

    def __init__(self, *args, **kwargs):
        raise AssertionError("a notebook was started before the parameters were validated")


@pytest.mark.parametrize(
    "kwargs, error",
    [
        ({"plan": ["no_such_plan"]}, UnknownIdError),
        ({"workers": 0}, ValueError),
        ({"language": "fr"}, ValueError),
        ({"observations": "missing.csv"}, FileNotFoundError),
    ],
)
def test_bad_parameters_fail_before_any_kernel(tmp_path, monkeypatch, kwargs, error):
    monkeypatch.setattr(report, "ProcessPoolExecutor", NoKernels)
    with pytest.raises(error):
        report.run_report(tmp_path / "out", progress=False, **kwargs)
    assert not (tmp_path / "out").exists()
