"""``python -m ipdata``: the command line (:func:`ipdata.cli.main`), for machines where ``ipdata`` is not on PATH."""

from __future__ import annotations

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
