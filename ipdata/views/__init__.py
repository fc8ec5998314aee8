"""Layer 5, what a reader sees, in memory: trajectories, the completion and sources tables, figures."""

from __future__ import annotations

from . import figures
from .tables import completion_table, sources_table
from .trajectories import Trajectory, trajectory

__all__ = ["Trajectory", "completion_table", "figures", "sources_table", "trajectory"]
