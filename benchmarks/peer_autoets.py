"""Run statsforecast's AutoETS in a separate Python environment (the benchmarks' peer).

statsforecast pins pandas < 3, so it cannot live in the project's environment: the series go to
``--peer-python`` as JSON and the forecasts come back the same way. Numba compilation is excluded
from the timing by a warm-up fit.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile

PEER = r"""
import json, sys, time, warnings
import numpy as np
from statsforecast.models import AutoETS
warnings.simplefilter("ignore")
series = json.load(open(sys.argv[1])); h = int(sys.argv[2])
AutoETS(season_length=1).forecast(y=np.arange(1.0, 21.0), h=h, level=[80, 95])  # numba warm-up
out = []
t0 = time.perf_counter()
for y in series:
    try:
        f = AutoETS(season_length=1).forecast(y=np.array(y, dtype=float), h=h, level=[80, 95])
        out.append([f["mean"].tolist(), f["lo-80"].tolist(), f["hi-80"].tolist(), f["lo-95"].tolist(), f["hi-95"].tolist()])
    except NotImplementedError:  # AutoETS refuses 'tiny datasets'
        out.append(None)
print(json.dumps({"seconds": time.perf_counter() - t0, "forecasts": out}))
"""


def run_autoets(
    peer_python: str, series: list[list[float]], horizon: int
) -> tuple[float, list[list[list[float]] | None]]:
    """Forecast every series with AutoETS in ``peer_python``.

    Returns:
        (seconds for all fits, per series ``[mean, lo80, hi80, lo95, hi95]`` or ``None`` where AutoETS refused).
    """
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "series.json")
        with open(path, "w") as fh:
            json.dump(series, fh)
        out = subprocess.run([peer_python, "-c", PEER, path, str(horizon)], capture_output=True, text=True, check=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    return result["seconds"], result["forecasts"]
