"""Same bytes and no crash whatever the machine's time zone, locale and hash seed (servers and cron run LANG=C).

The command line runs in Python's UTF-8 mode whatever the locale (``ipdata.cli._utf8_mode``): under a GB18030
locale the report's Chinese file names were written in GB18030 (4 of 46 files differed), and under ``LC_ALL=C``
without UTF-8 mode the report crashed on them. Each test runs ``python -m ipdata`` in a subprocess under another
environment and compares every byte, file names included.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

ODD = {"TZ": "America/St_Johns", "LC_ALL": "zh_CN.GB18030", "LANG": "zh_CN.GB18030", "PYTHONHASHSEED": "7"}
ASCII = {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0", "PYTHONIOENCODING": ""}
OBSERVATIONS = (  # invented test data (an analyst's file with a Chinese name); never bundled
    "region,indicator,date,value,unit,status,source_url,notes\n"
    "shantou,invention_grants,2021,999,件,final,https://example.org/invented,INVENTED TEST DATA\n"
)


def _env(extra: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LANG", "LC_CTYPE", "PYTHONUTF8", "TZ")}
    env.update({k: v for k, v in extra.items() if v}, OMP_NUM_THREADS="1")
    return {k: v for k, v in env.items() if not (k in extra and not extra[k])}


def _ipdata(args: list[str], extra: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "ipdata", *args], env=_env(extra), cwd=cwd, capture_output=True)


def _tree(folder: Path) -> dict[bytes, bytes]:
    """Every file under ``folder`` by its name as bytes on disk (the locale cannot re-decode them)."""
    root = os.fsencode(folder)
    out = {}
    for top, _, names in os.walk(root):
        for name in names:
            path = os.path.join(top, name)
            out[os.path.relpath(path, root)] = Path(os.fsdecode(path)).read_bytes()
    return out


@pytest.fixture(scope="module")
def gb18030() -> None:
    """The GB18030 locale must exist (``.ci/run`` generates it): else the odd environment is only C."""
    probe = subprocess.run(
        [sys.executable, "-c", "import locale, sys; print(sys.getfilesystemencoding())"],
        env=_env({**ODD, "PYTHONUTF8": "0"}),
        capture_output=True,
        text=True,
    )
    if probe.stdout.strip().lower() != "gb18030":
        if os.environ.get("CI"):
            pytest.fail("the zh_CN.GB18030 locale is missing in CI (.ci/run generates it with localedef)")
        pytest.skip("the zh_CN.GB18030 locale is not generated on this machine (localedef -i zh_CN -f GB18030)")


def test_tables_only_report_is_the_same_under_another_zone_locale_and_hash_seed(tmp_path, gb18030):
    runs = {}
    for name, extra in (("default", {}), ("odd", ODD)):
        run = _ipdata(["report", "--tables-only", "--plan", "shantou_13fyp", "--out", name], extra, tmp_path)
        assert run.returncode == 0, run.stderr.decode("utf-8", "replace")
        runs[name] = _tree(tmp_path / name)
    assert "deliverables/shantou_13fyp/完成情况表.xlsx".encode() in runs["odd"]  # UTF-8 names under GB18030
    assert runs["odd"] == runs["default"]


def test_an_ascii_locale_runs_the_report_and_reads_a_chinese_file_name(tmp_path):
    (tmp_path / "汕头观测.csv").write_text(OBSERVATIONS, encoding="utf-8")
    runs = {}
    for name, extra in (("default", {}), ("ascii", ASCII)):
        report = _ipdata(["report", "--tables-only", "--plan", "shantou_13fyp", "--out", name], extra, tmp_path)
        assert report.returncode == 0, report.stderr.decode("utf-8", "replace")
        args = ["assess", "--plan", "shantou_13fyp", "--observations", "汕头观测.csv", "--out", f"{name}.csv"]
        assessed = _ipdata(args, extra, tmp_path)
        assert assessed.returncode == 0, assessed.stderr.decode("utf-8", "replace")
        runs[name] = _tree(tmp_path / name), (tmp_path / f"{name}.csv").read_bytes()
    assert runs["ascii"] == runs["default"]
    assert ",999," in runs["ascii"][1].decode("utf-8-sig")  # the analyst's value, read from the Chinese-named file
    listed = _ipdata(["plans"], ASCII, tmp_path)  # Chinese on an ASCII terminal: shown as it can be, no crash
    assert listed.returncode == 0 and "汕头".encode() in listed.stdout


@pytest.mark.kernels
def test_the_full_report_is_the_same_under_another_environment(tmp_path, shantou_report, gb18030):
    run = _ipdata(["report", "--plan", "shantou_13fyp", "--workers", "2", "--quiet", "--out", "odd"], ODD, tmp_path)
    assert run.returncode == 0, run.stderr.decode("utf-8", "replace")
    assert _tree(tmp_path / "odd") == _tree(shantou_report)
