"""Argument checks: one answer everywhere to "is this a whole number, a probability, a number of seconds?".

Why one home: the same check written in eight places disagreed (``True`` accepted by one, refused by
another; ``numpy.int64`` refused by three). Here a whole number is a Python or NumPy integer and never a
``bool``; a number of seconds is a positive finite real. Each check names the parameter in its message.
"""

from __future__ import annotations

import math
from typing import TypeGuard

import numpy as np

__all__ = ["is_whole", "probability", "seconds", "whole_number"]


def is_whole(value: object) -> TypeGuard[int | np.integer]:
    """True for an ``int`` or NumPy integer that is not a ``bool`` (``True`` is an int to Python, not to a user)."""
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool)


def whole_number(
    name: str,
    value: object,
    low: int | None = None,
    *,
    what: str = "a whole number",
    error: type[Exception] = ValueError,
) -> int:
    """``value`` as an ``int``, checked: a whole number (:func:`is_whole`), at least ``low`` when given.

    Args:
        name: The parameter as the caller knows it (``horizon``, ``--workers``), named in the message.
        value: What was passed.
        low: The smallest value allowed, or None.
        what: How the message calls the expected value (``a whole number of years``).
        error: The exception class to raise (``ForecastError`` for the engine's own arguments).

    Raises:
        ValueError (or ``error``): not a whole number, or below ``low``.
    """
    if not is_whole(value) or (low is not None and value < low):
        raise error(f"{name} must be {what}{f' >= {low}' if low is not None else ''}, got {value!r}")
    return int(value)


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
