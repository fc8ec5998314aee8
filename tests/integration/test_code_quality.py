"""The habits CI holds the code to: ruff lint and format, mypy on ipdata/, and a docs site that builds.

Run as tests so the README's one test command checks them too (the tools are pinned in the ``test`` extra).
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import ipdata
from ipdata.core.outputs import OUTPUT_TABLES

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[2]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=REPO, capture_output=True, text=True)


def test_ruff_lint_is_clean():
    out = _run("ruff", "check", ".")
    assert out.returncode == 0, out.stdout + out.stderr


def test_ruff_format_is_clean():
    out = _run("ruff", "format", "--check", ".")
    assert out.returncode == 0, out.stdout + out.stderr


def test_mypy_is_clean_on_the_package():
    out = _run("mypy")  # files and settings: [tool.mypy] in pyproject.toml
    assert out.returncode == 0, out.stdout + out.stderr


def test_docs_site_builds_with_generated_pages_and_only_public_names(tmp_path):
    site = tmp_path / "site"
    out = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "build_docs.py"), str(site)], cwd=REPO, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-3000:]

    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    architecture = (site / "architecture" / "index.html").read_text(encoding="utf-8")
    layers = next(c for c in contracts if c["id"] == "layers")["layers"]
    assert [name for name in layers if f"<code>{name}</code>" not in architecture] == []
    modules = {m.strip() for c in contracts if c.get("containers") for row in c["layers"] for m in row.split("|")}
    assert [m for m in sorted(modules) if f"<code>{m}</code>" not in architecture] == []

    outputs = (site / "outputs" / "index.html").read_text(encoding="utf-8")
    for table, columns in OUTPUT_TABLES.items():
        assert f"<code>{table}</code>" in outputs
        assert [c.name for c in columns if f"<code>{c.name}</code>" not in outputs] == [], table

    api = (site / "api" / "index.html").read_text(encoding="utf-8")
    assert 'id="ipdata.read_plan"' in api and 'id="ipdata.run.run_report"' in api
    for package in ["ipdata.core", "ipdata.catalog", "ipdata.forecast", "ipdata.assess", "ipdata.run"]:
        assert f'id="{package}"' in api

    def shown(name: str) -> bool:  # in the front door's section, or rendered from where it lives (ipdata.assess)
        obj = getattr(ipdata, name)
        ids = {f"ipdata.{name}", f"{getattr(obj, '__module__', '')}.{getattr(obj, '__qualname__', '')}"}
        return any(f'id="{i}"' in api for i in ids) or f"<code>ipdata.{name}</code>" in api

    assert [name for name in ipdata.__all__ if name != "__version__" and not shown(name)] == []
    # private helpers and module-level names a package does not export stay out
    assert "_cagr" not in api and "_pooled_volatility" not in api
    assert 'id="ipdata.assess.assess_target"' not in api and 'id="ipdata.assess.targets.meets"' not in api
