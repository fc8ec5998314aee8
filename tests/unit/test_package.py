"""The package as a whole: public API listed and typed, import is light, version is the installed one."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys

import ipdata


def test_public_api_is_listed_and_typed():
    for name in ipdata.__all__:
        obj = getattr(ipdata, name)
        if callable(obj) and not isinstance(obj, type):
            assert obj.__doc__, name
            assert "return" in obj.__annotations__, name


def test_import_is_light():
    heavy = ("statsmodels", "matplotlib", "scipy", "dask", "distributed")  # dask: an optional extra
    code = f"import sys, ipdata; print(sorted(m for m in {heavy!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_version_is_the_installed_distribution_version():
    assert ipdata.__version__ == importlib.metadata.version("ipdata")
    assert "__version__" in ipdata.__all__


def _resolves(path: str) -> bool:
    """``ipdata.a.b.c`` names a module, or an attribute chain on the longest importable module prefix."""
    import importlib

    parts = path.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        try:
            for attr in parts[cut:]:
                obj = getattr(obj, attr)
        except AttributeError:
            return False
        return True
    return False


def test_every_cross_reference_in_the_docstrings_resolves():
    """After the move to subpackages, a docstring naming ``ipdata.history`` would send a reader nowhere."""
    import re
    from pathlib import Path

    role = re.compile(r":(?:func|mod|class|data|meth|attr|exc):`~?(ipdata(?:\.[A-Za-z_][A-Za-z_0-9]*)+)`")
    broken = []
    for path in sorted(Path(ipdata.__file__).parent.rglob("*.py")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            broken += [f"{path.name}:{n} {ref}" for ref in role.findall(line) if not _resolves(ref)]
    assert not broken


def test_import_ipdata_loads_only_the_engine_and_the_base():
    """``import ipdata`` stays cheap (benchmarks/bench_import.py): the layers above load on first use."""
    import subprocess
    import sys

    probe = "import sys, ipdata; print(sorted({m.split('.')[1] for m in sys.modules if m.startswith('ipdata.')}))"
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert not {"extract", "deliver", "run", "views", "cli"} & set(eval(loaded)), loaded
    probe = (
        "import ipdata, ipdata.assess.rankings, ipdata.forecast.backtest; "
        "print(type(ipdata.forecast).__name__, type(ipdata.assess).__name__, len(ipdata.targets()) > 0, "
        "ipdata.figures.__name__)"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["function", "function", "True", "ipdata.views.figures"]  # the functions, not the subpackages
