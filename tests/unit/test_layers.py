"""The package's layers: the import-linter contracts hold, and what the tool cannot see.

The layers are declared once, as import-linter contracts in ``pyproject.toml`` (``docs/architecture.md`` is
generated from them). This file runs the tool and adds the checks it lacks, recursive over the subpackages:
every module stands in its subpackage's contract (a module left out is checked by nothing), no private name
crosses from one subpackage to another, and internal imports sit at the top of a module (imports inside
functions hid the old circles; only heavy third-party modules may be imported late, for import time).
"""

from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PACKAGE = REPO / "ipdata"
CONTRACTS = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]["contracts"]


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, tuple[Path, ast.Module]]:
    return {
        _module_name(p): (p, ast.parse(p.read_text(encoding="utf-8")))
        for p in sorted(PACKAGE.rglob("*.py"))
        if "__pycache__" not in p.parts
    }


def _subpackage(module: str) -> str:
    """``ipdata.forecast.engine`` -> ``ipdata.forecast``; a top-level module (``ipdata.cli``) is its own."""
    return ".".join(module.split(".")[:2])


def _absolute(module: str, node: ast.ImportFrom, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - node.level + 1]
    return ".".join(base + ([node.module] if node.module else []))


def _internal_imports(module: str, path: Path, tree: ast.Module) -> list[tuple[str, list[str], ast.ImportFrom]]:
    """(module imported from, names taken, node) for every ``from ... import`` of ipdata, at any depth."""
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            source = _absolute(module, node, path.name == "__init__.py")
            if source == "ipdata" or source.startswith("ipdata."):
                out.append((source, [a.name for a in node.names], node))
    return out


def test_import_linter_contracts_hold():
    lint = Path(sys.executable).with_name("lint-imports")
    run = subprocess.run([str(lint), "--no-cache"], capture_output=True, text=True, cwd=REPO)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert f"Contracts: {len(CONTRACTS)} kept, 0 broken." in run.stdout


def test_the_top_contract_names_every_subpackage_and_top_level_module():
    top = next(c for c in CONTRACTS if c["id"] == "layers")
    subpackages = {f"ipdata.{p.name}" for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    modules = {f"ipdata.{p.stem}" for p in PACKAGE.glob("*.py")} - {"ipdata.__init__", "ipdata.__main__"}
    assert subpackages | modules == set(top["layers"]), "the layers contract in pyproject.toml names every layer"


def test_every_subpackage_of_several_modules_has_its_contract():
    """A subpackage's second module must take its row in a contract: else its imports are checked by nothing."""
    contracted = {c["containers"][0] for c in CONTRACTS if c.get("containers")}
    for folder in (p for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()):
        if len([m for m in folder.glob("*.py") if m.stem != "__init__"]) > 1:
            assert f"ipdata.{folder.name}" in contracted, f"add a layers contract for ipdata.{folder.name}"


@pytest.mark.parametrize("contract", [c for c in CONTRACTS if c.get("containers")], ids=lambda c: c["id"])
def test_every_module_stands_in_its_subpackage_contract(contract):
    (container,) = contract["containers"]
    named = {m.strip() for row in contract["layers"] for m in row.split("|")}
    present = {p.stem for p in (PACKAGE / container.split(".")[1]).glob("*.py") if p.stem != "__init__"}
    assert present == named, f"{container}: modules missing from the contract {present - named}, gone {named - present}"


def test_no_private_name_crosses_a_subpackage():
    """A private name may be shared by the modules of one subpackage, never taken from another."""
    crossing = []
    for module, (path, tree) in _modules().items():
        for source, names, node in _internal_imports(module, path, tree):
            if _subpackage(source) != _subpackage(module):
                crossing += [f"{module}:{node.lineno} takes {source}.{n}" for n in names if n.startswith("_")]
        imported_modules = {
            a.asname or a.name
            for _, _, node in _internal_imports(module, path, tree)
            for a in node.names
            if _subpackage(_absolute(module, node, path.name == "__init__.py") + "." + a.name) != _subpackage(module)
        }
        for node in ast.walk(tree):  # attribute access on an imported module: fc._transform
            if (
                isinstance(node, ast.Attribute)
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
                and isinstance(node.value, ast.Name)
                and node.value.id in imported_modules
            ):
                crossing.append(f"{module}:{node.lineno} uses {node.value.id}.{node.attr}")
        for node in ast.walk(tree):  # import ipdata.x.y, then ipdata.x.y._name
            if isinstance(node, ast.Import):
                for a in node.names:
                    if a.name.startswith("ipdata.") and _subpackage(a.name) != _subpackage(module):
                        crossing += [
                            f"{module}:{n.lineno} uses {a.name}.{n.attr}"
                            for n in ast.walk(tree)
                            if isinstance(n, ast.Attribute)
                            and n.attr.startswith("_")
                            and not n.attr.startswith("__")
                            and ast.unparse(n.value) == (a.asname or a.name)
                        ]
    assert not crossing


def test_local_imports_are_only_for_heavy_third_party_modules():
    late = []
    for module, (_, tree) in _modules().items():
        for func in [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]:
            for node in ast.walk(func):
                if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").startswith("ipdata")):
                    late.append(f"{module}:{node.lineno}")
                if isinstance(node, ast.Import) and any(a.name.split(".")[0] == "ipdata" for a in node.names):
                    late.append(f"{module}:{node.lineno}")
    assert not late, f"import these at the top of the module: {late}"
