"""environment.yml (conda) and pyproject.toml list the same dependencies with the same bounds."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]


def _split(spec: str) -> tuple[str, str]:
    m = re.fullmatch(r"\s*([A-Za-z0-9_.\-]+)\s*(.*?)\s*", spec)
    assert m, spec
    return m.group(1).lower(), m.group(2).replace(" ", "")


def test_environment_matches_pyproject():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    specs = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        specs += extra
    from_pyproject = dict(_split(s) for s in specs)
    env = yaml.safe_load((REPO / "environment.yml").read_text(encoding="utf-8"))
    strings = [_split(d) for d in env["dependencies"] if isinstance(d, str)]
    conda = {name: bound for name, bound in strings if name not in ("python", "pip")}  # python-docx is a package
    pip = [d for d in env["dependencies"] if isinstance(d, dict)]
    conda.update(_split(d) for d in (pip[0]["pip"] if pip else []) if d != "-e .")  # PyPI-only packages
    assert conda == from_pyproject
    python = [d for d in env["dependencies"] if isinstance(d, str) and _split(d)[0] == "python"]
    assert python == [f"python{project['requires-python']}"]
