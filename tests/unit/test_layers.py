"""The package's layers: each module imports only from layers below it, and no private name crosses a module.

Why a test: import circles and upward imports creep in one convenient import at a time, and hide
behind imports placed inside functions. The graph below is read from the source (every ``import``,
at any depth), so it cannot decay unnoticed. Function-local imports are allowed only for heavy
third-party modules (import time); ``tests/unit/test_package.py`` checks that ``import ipdata`` stays light.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "ipdata"

# bottom to top; a module may import modules of its own layer that are listed before it, or of any lower layer
LAYERS: list[tuple[str, list[str]]] = [
    ("base", ["errors", "files", "dates", "wording", "sheets"]),
    ("bundled data", ["datapackage", "catalog", "user_observations", "plan_files", "build_data"]),
    ("observed values", ["history"]),
    ("forecasting", ["calibration", "forecasting"]),
    ("evaluation", ["outside", "backtest"]),
    ("assessment", ["assessment", "plan_backtests", "plan_summaries", "target_setting", "rankings"]),
    (
        "views",
        ["trajectories", "figures", "plan_templates", "completion_tables", "evaluation_documents", "report_pages"],
    ),
    ("orchestration", ["publishing", "manifests", "executors", "batch", "report", "cli"]),
]
RANK = {module: (layer, pos) for layer, (_, modules) in enumerate(LAYERS) for pos, module in enumerate(modules)}


def _modules() -> dict[str, ast.Module]:
    return {
        p.stem: ast.parse(p.read_text(encoding="utf-8")) for p in sorted(PACKAGE.glob("*.py")) if p.stem != "__init__"
    }


def _internal_imports(tree: ast.Module) -> list[tuple[str, list[str], int]]:
    """(module imported, names taken from it, line) for every import of a sibling module, at any depth."""
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            if node.module:
                out.append((node.module.split(".")[0], [a.name for a in node.names], node.lineno))
            else:  # from . import x
                out += [(a.name, [], node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("ipdata"):
            parts = (node.module or "").split(".")
            if len(parts) > 1:
                out.append((parts[1], [a.name for a in node.names], node.lineno))
            else:
                out += [(a.name, [], node.lineno) for a in node.names]
        elif isinstance(node, ast.Import):
            out += [(a.name.split(".")[1], [], node.lineno) for a in node.names if a.name.startswith("ipdata.")]
    return out


def test_every_module_has_a_layer():
    assert sorted(_modules()) == sorted(RANK), (
        "add the new module to LAYERS (and to the layout table in ipdata/__init__.py)"
    )


@pytest.mark.parametrize("module", sorted(RANK))
def test_imports_point_down(module):
    tree = _modules()[module]
    upward = [f"line {line}: {target}" for target, _, line in _internal_imports(tree) if RANK[target] >= RANK[module]]
    assert not upward, f"ipdata.{module} ({LAYERS[RANK[module][0]][0]}) imports from its own level or above: {upward}"


def test_no_private_name_crosses_a_module():
    crossing = []
    for module, tree in _modules().items():
        for target, names, line in _internal_imports(tree):
            crossing += [f"{module}:{line} takes {target}.{n}" for n in names if n.startswith("_")]
        for node in ast.walk(tree):  # attribute access on an imported module: fc._transform
            if (
                isinstance(node, ast.Attribute)
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
                and isinstance(node.value, ast.Name)
                and node.value.id not in ("self", "cls")
            ):
                crossing.append(f"{module}:{node.lineno} uses {node.value.id}.{node.attr}")
    assert not crossing


def test_local_imports_are_only_for_heavy_third_party_modules():
    """Imports inside functions hid the old circles; only heavy third-party modules may be imported late."""
    late = []
    for module, tree in _modules().items():
        for func in [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]:
            for node in ast.walk(func):
                if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").startswith("ipdata")):
                    late.append(f"{module}:{node.lineno}")
    assert not late, f"import these at the top of the module: {late}"
