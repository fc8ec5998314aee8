"""Build the API reference (HTML) from the docstrings with pdoc: ``python scripts/build_api_docs.py [OUT]``.

Writes ``OUT/index.html`` (default ``build/api``) with one page per module of ``ipdata``, in the
layer order of ``ipdata/__init__.py``. pdoc only documents what a package's ``__all__`` lists, so the
modules are named explicitly here (derived from the package, not typed, so a new module appears by
itself). ``tests/integration/test_api_docs.py`` builds it and checks every public name is on a page.
"""

from __future__ import annotations

import pkgutil
import sys
from pathlib import Path

import pdoc

import ipdata


def modules() -> list[str]:
    """``ipdata`` and each of its modules, by name."""
    return ["ipdata"] + sorted(f"ipdata.{m.name}" for m in pkgutil.iter_modules(ipdata.__path__) if not m.ispkg)


def build(out: Path) -> list[Path]:
    """Write the reference under ``out``; returns the module pages written."""
    pdoc.render.configure(docformat="google", footer_text=f"ipdata {ipdata.__version__}")
    pdoc.pdoc(*modules(), output_directory=out)
    return sorted(out.rglob("*.html"))


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("build/api")
    pages = build(target)
    print(f"{len(pages)} pages written under {target}/ (open {target / 'index.html'})")
