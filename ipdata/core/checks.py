"""Argument checks: one answer everywhere to "is this a whole number, a year, a real number, a seed?".

Why one home: the same check written in eight places disagreed (``True`` accepted by one, refused by
another; ``numpy.int64`` refused by three), and a check left out let a bad argument travel until NumPy
failed far from it (``as_of='2015'`` ended in a ``UFuncTypeError``; ``n_paths=0`` returned an empty table).
Here a whole number is a Python or NumPy integer and never a ``bool``; a real number is never a ``bool``,
a ``complex`` or a text; a number of seconds is a positive finite real. Each check names the parameter in
its message and says what was expected.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from numbers import Real
from typing import TypeGuard

import numpy as np
import pandas as pd

__all__ = [
    "MAX_PATHS",
    "MAX_RETRIES",
    "YEARS",
    "as_of",
    "is_real",
    "is_whole",
    "n_paths",
    "probability",
    "real",
    "real_values",
    "seconds",
    "seed",
    "whole_number",
    "year",
]

YEARS = (1900, 2100)
"""The years an argument may name (an ``as_of``, a template's last year): IP statistics start after 1900 and
plans end before 2100; the bound keeps a typo (``--through-year 20255``) from asking for work without end."""

MAX_RETRIES = 10
"""The most further attempts a notebook gets (``--retries``)."""

MAX_PATHS = 1_000_000
"""The most simulated paths a call may ask for (``n_paths``). The default is 4,000; a million paths of a
15-year forecast already take about 120 MB, and the bound turns a typo (``n_paths=10**9``) into a clear
error instead of a process that exhausts memory."""


def is_whole(value: object) -> TypeGuard[int | np.integer]:
    """True for an ``int`` or NumPy integer that is not a ``bool`` (``True`` is an int to Python, not to a user)."""
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool)


def whole_number(
    name: str,
    value: object,
    low: int | None = None,
    *,
    high: int | None = None,
    what: str = "a whole number",
    error: type[Exception] = ValueError,
) -> int:
    """``value`` as an ``int``, checked: a whole number (:func:`is_whole`), at least ``low`` when given.

    Args:
        name: The parameter as the caller knows it (``horizon``, ``--workers``), named in the message.
        value: What was passed.
        low: The smallest value allowed, or None.
        high: The largest value allowed, or None (bounds the work an argument can ask for).
        what: How the message calls the expected value (``a whole number of years``).
        error: The exception class to raise (``ForecastError`` for the engine's own arguments).

    Raises:
        ValueError (or ``error``): not a whole number, below ``low`` or above ``high``.
    """
    if not is_whole(value) or (low is not None and value < low) or (high is not None and value > high):
        bounds = f" from {low} to {high}" if low is not None and high is not None else ""
        bounds = bounds or (f" >= {low}" if low is not None else f" <= {high}" if high is not None else "")
        hint = " (a text, not a number: write it without quotes)" if isinstance(value, str) else ""
        raise error(f"{name} must be {what}{bounds}, got {value!r}{hint}")
    return int(value)


def year(name: str, value: object, what: str = "a year") -> int:
    """``value`` as a year: a whole number within :data:`YEARS`.

    Raises:
        ValueError: not a whole number, or outside :data:`YEARS`.
    """
    return whole_number(name, value, YEARS[0], high=YEARS[1], what=f"{what} (a whole number)")


def as_of(name: str, value: object) -> int | None:
    """``value`` as the last year of data a call may use: None (all data) or a :func:`year`.

    Only years: every function taking ``as_of`` cuts its series at a year end (``cut_as_of``), and none
    documents a date, so a ``datetime.date``, a ``Timestamp`` or a text (``'2015'``) is refused here by name
    rather than compared with integer years deep inside NumPy.

    Raises:
        ValueError: neither None nor a whole number within :data:`YEARS`.
    """
    return None if value is None else year(name, value, what="None or a year")


def n_paths(name: str, value: object, *, error: type[Exception] = ValueError) -> int:
    """``value`` as a number of simulated paths: a whole number from 1 to :data:`MAX_PATHS`.

    ``simulate(n_paths=0)`` once returned an empty array of paths without a word; too many exhaust memory.

    Raises:
        ValueError (or ``error``): not a whole number, or outside 1 to :data:`MAX_PATHS`.
    """
    return whole_number(name, value, 1, high=MAX_PATHS, what="a whole number of paths", error=error)


def seed(name: str, value: object, *, error: type[Exception] = ValueError) -> int:
    """``value`` as a random seed: what :func:`numpy.random.default_rng` takes, a whole number >= 0.

    NumPy takes any size of non-negative integer (it hashes all its bits), so there is no upper bound; a
    negative one it refuses only when paths are drawn, after the work before them was done.

    Raises:
        ValueError (or ``error``): not a whole number, or negative.
    """
    return whole_number(name, value, 0, what="a whole number (a random seed)", error=error)


def is_real(value: object) -> TypeGuard[Real]:
    """True for a real number (``int``, ``float``, NumPy integers and floats, ``Fraction``) that is not a ``bool``.

    ``complex`` and texts are not real numbers; ``True`` is an int to Python, not a number to a user.
    """
    return isinstance(value, Real) and not isinstance(value, (bool, np.bool_))


def real(name: str, value: object, *, error: type[Exception] = ValueError) -> float:
    """``value`` as a float: a real, finite number (:func:`is_real`, neither NaN nor infinite).

    Raises:
        ValueError (or ``error``): a ``complex``, a text, a ``bool``, NaN, an infinity or anything else.
    """
    if not is_real(value) or not math.isfinite(value):
        raise error(f"{name} must be a real, finite number, got {value!r}")
    return float(value)


def real_values(name: str, values: object, *, error: type[Exception] = ValueError) -> np.ndarray:
    """The values of a series (or array) as floats, checked: real, finite numbers only.

    Why before any arithmetic: NumPy casts a ``complex`` series to floats by dropping the imaginary part
    (with only a warning), a series of texts ``'3'`` to 3.0 and ``True`` to 1.0, so each of them once came back
    as a forecast table. A missing value or an infinity is named with its label (the date, for a series).

    Raises:
        ValueError (or ``error``): a complex, boolean, text or date dtype; an object cell that is not a real
            number (a list, a text, ``complex``); a missing value; an infinity.
    """
    array = values.to_numpy() if isinstance(values, pd.Series) else np.asarray(values)
    dtype = values.dtype if isinstance(values, pd.Series) else array.dtype
    only = f"{name} must hold real, finite numbers only"
    if dtype.kind == "O":
        cells = list(np.ravel(array))
        bad = next((k for k, x in enumerate(cells) if not is_real(x) and not _missing(x)), None)
        if bad is not None:
            x = cells[bad]
            raise error(f"{only}: {x!r} at {_labels(values, [bad])} is a {type(x).__name__}, not a number")
        array = np.array([math.nan if _missing(x) else float(x) for x in cells], dtype=float)
    elif dtype.kind in "iuf":
        array = (
            values.to_numpy(dtype=float, na_value=math.nan) if isinstance(values, pd.Series) else array.astype(float)
        )
    else:
        raise error(f"{only}, got {dtype} values")
    for test, what in ((np.isnan, "missing values"), (np.isinf, "infinite values")):
        hits = np.flatnonzero(test(array))
        if len(hits):
            hint = " (drop them first)" if what == "missing values" else ""
            raise error(f"{only}: {what} at {_labels(values, hits)}{hint}")
    return array


def _labels(values: object, positions: Sequence[int] | np.ndarray) -> str:
    """The labels of ``positions`` in ``values`` as a reader writes them: a series' dates, else the positions."""
    if isinstance(values, pd.Series):
        return ", ".join(str(values.index[k]) for k in positions)
    return ", ".join(str(int(k)) for k in positions)


def _missing(x: object) -> bool:
    """A missing cell of an object series: ``None``, ``pd.NA`` or a float NaN (:func:`real_values` names it)."""
    return x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x))


def probability(name: str, p: object) -> float:
    """``p`` as a float strictly between 0 and 1 (a chance a target is asked to be met with).

    Raises:
        ValueError: not a real number, or not in (0, 1).
    """
    if isinstance(p, bool) or not isinstance(p, (int, float, np.integer, np.floating)) or not 0 < float(p) < 1:
        raise ValueError(f"{name} must be a number between 0 and 1 (exclusive), got {p!r}")
    return float(p)


def seconds(name: str, t: object) -> float:
    """``t`` as a positive, finite number of seconds.

    Raises:
        ValueError: not a real number, not finite, or not above 0.
    """
    if (
        isinstance(t, bool)
        or not isinstance(t, (int, float, np.integer, np.floating))
        or not math.isfinite(t)
        or t <= 0
    ):
        raise ValueError(f"{name} must be a positive number of seconds, got {t!r}")
    return float(t)
