"""The habits CI holds the code to: ruff lint and format, mypy on ipdata/, and an API reference that builds.

Run as tests so the README's one test command checks them too (the tools are pinned in the ``test`` extra).
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

import ipdata

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


def test_api_reference_builds_with_every_public_name(tmp_path):
    spec = importlib.util.spec_from_file_location("build_api_docs", REPO / "scripts" / "build_api_docs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    pages = {p.relative_to(tmp_path).as_posix() for p in module.build(tmp_path)}
    assert {"ipdata.html", "ipdata/assessment.html", "ipdata/wording.html", "ipdata/history.html"} <= pages
    top = (tmp_path / "ipdata.html").read_text(encoding="utf-8")
    missing = [name for name in ipdata.__all__ if name != "__version__" and f'id="{name}"' not in top]
    assert not missing, f"public names without an entry in the API reference: {missing}"
