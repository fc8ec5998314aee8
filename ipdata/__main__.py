"""``python -m ipdata``: the command line (:func:`ipdata.cli.main`), for machines where ``ipdata`` is not on PATH."""

from __future__ import annotations

from .cli import entry

if __name__ == "__main__":
    entry()
