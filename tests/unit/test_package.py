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
