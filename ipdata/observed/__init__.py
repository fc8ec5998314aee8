"""Layer 2, what was observed: bundled and analysts' observations merged, as series with their provenance."""

from __future__ import annotations

from .observations import (
    ObservationSet,
    ObservationsInput,
    latest_observations,
    observation_set,
    observations,
    provenance,
    series,
)

__all__ = [
    "ObservationSet",
    "ObservationsInput",
    "latest_observations",
    "observation_set",
    "observations",
    "provenance",
    "series",
]
