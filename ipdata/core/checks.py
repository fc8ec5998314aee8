"""Argument checks: one answer everywhere to "is this a whole number, a probability, a number of seconds?".

Why one home: the same check written in eight places disagreed (``True`` accepted by one, refused by
another; ``numpy.int64`` refused by three). Here a whole number is a Python or NumPy integer and never a
``bool``; a number of seconds is a positive finite real. Each check names the parameter in its message.
"""

from __future__ import annotations

import math
from typing import TypeGuard

import numpy as np

__all__ = ["MAX_RETRIES", "YEARS", "is_whole", "probability", "seconds", "whole_number", "year"]

YEARS = (1900, 2100)
"""The years an argument may name (an ``as_of``, a template's last year): IP statistics start after 1900 and
plans end before 2100; the bound keeps a typo (``--through-year 20255``) from asking for work without end."""

MAX_RETRIES = 10
"""The most further attempts a notebook gets (``--retries``)."""


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
        raise error(f"{name} must be {what}{bounds}, got {value!r}")
    return int(value)


def year(name: str, value: object, what: str = "a year") -> int:
    """``value`` as a year: a whole number within :data:`YEARS`.

    Raises:
        ValueError: not a whole number, or outside :data:`YEARS`.
    """
    return whole_number(name, value, YEARS[0], high=YEARS[1], what=f"{what} (a whole number)")


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
