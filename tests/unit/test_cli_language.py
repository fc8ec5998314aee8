"""The ``ipdata`` command in Chinese: ``--lang zh`` or a Chinese locale; English stays the default.

Help, what the commands print and the input errors (their sheet, row, column and message) are read by
Chinese analysts; cron and CI logs by engineers. The plan workbooks broken here are bundled plans written by
``write_template``, one cell changed with openpyxl (as tests/unit/catalog/test_plan_files.py does).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import openpyxl
import pytest

from ipdata import cli
from ipdata.catalog.plan_files import SHEETS
from ipdata.deliver.plan_template import write_template

PACKAGE = Path(cli.__file__).resolve().parent
COMMANDS = sorted(cli.COMMANDS)
# ASCII words a Chinese help may hold besides option names, metavariables, choices and defaults: the program,
# names of tools and formats, which stay as they are in Chinese text
NAMES = {"ipdata", "Dask", "LocalCluster"}


@pytest.fixture(autouse=True)
def english_locale(monkeypatch):
    """No locale from the machine running the tests: each test sets the one it means."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)


def _help(capsys, *argv: str) -> str:
    with pytest.raises(SystemExit) as info:
        cli.main([*argv, "--help"])
    assert info.value.code == 0
    return capsys.readouterr().out


def _allowed(parser) -> set[str]:
    """The words a parser's help may show in any language: its option names, metavariables, choices, defaults."""
    words = set(NAMES)
    for action in parser._actions:
        for text in [*action.option_strings, action.dest, action.metavar, action.default, *(action.choices or [])]:
            if isinstance(text, str):
                words.update(re.findall(r"[A-Za-z]+", text))
    return words


def _english_words(text: str, allowed: set[str]) -> list[str]:
    """ASCII words of ``text`` that are prose: not an option, file suffix, path, id, acronym or allowed word."""
    found = []
    for token in re.findall(r"[!-~]+", text):
        for part in re.split(r"[,|{}\[\]()]", token):
            part = part.rstrip(":;.")
            if not re.search(r"[A-Za-z]", part) or part.startswith("-") or re.search(r"[._/:=0-9]", part):
                continue  # an option, a suffix (.xlsx), a path, an id (plan_id), a URL, a year
            if part.isupper() or part in allowed:
                continue  # a metavariable (PLAN_FILE), an acronym (CSV), a choice or default
            found.append(part)
    return found


def _sub_parsers(top):
    sub = next(a for a in top._actions if a.dest == "command")
    return sub.choices


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_chinese_help_holds_no_english_prose(capsys, command):
    top = cli.parser("zh")
    parser = top if command is None else _sub_parsers(top)[command]
    allowed = _allowed(parser) | set(COMMANDS) | {w for c in COMMANDS for w in c.split("-")}
    argv = ["--lang", "zh"] + ([command] if command else [])
    text = _help(capsys, *argv)
    assert text.startswith("用法：ipdata") and "选项：" in text
    assert _english_words(text, allowed) == [], text
    # the same scan finds the English help's prose: it would see an English phrase left in the Chinese help
    assert len(_english_words(_help(capsys, *argv[2:]), allowed)) > 3


def test_chinese_help_lines_fit_the_terminal(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    for command in COMMANDS:
        for line in _help(capsys, "--lang", "zh", command).splitlines():
            if re.search(r"[^\x00-\x7f]", line) and not line.startswith("用法"):  # argparse wraps the usage
                assert cli._width(line) <= 80, line


@pytest.mark.parametrize(
    ("environ", "argv", "expected"),
    [
        ({}, [], "usage:"),
        ({"LANG": "zh_CN.UTF-8"}, [], "用法："),
        ({"LANG": "en_US.UTF-8", "LC_MESSAGES": "zh_TW.UTF-8"}, [], "用法："),  # LC_MESSAGES before LANG
        ({"LANG": "zh_CN.UTF-8", "LC_ALL": "C.UTF-8"}, [], "usage:"),  # the first one set decides, as in gettext
        ({"LANG": "zh_CN.UTF-8", "LC_MESSAGES": ""}, [], "用法："),  # an empty variable is not set
        ({"LANG": "zh_CN.UTF-8"}, ["--lang", "en"], "usage:"),  # the option over the locale
        ({"LANG": "C"}, ["--lang=zh"], "用法："),
        ({}, ["--la", "zh"], "用法："),  # an option prefix, as argparse takes it
    ],
)
def test_the_language_follows_the_option_then_the_locale(monkeypatch, capsys, environ, argv, expected):
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    assert _help(capsys, *argv).startswith(expected)


def test_report_language_stays_the_notebooks_language(monkeypatch):
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    args = cli.parser("en").parse_args(["report", "--lang", "en"])  # after the command: report --language
    assert (args.language, args.cli_lang) == ("en", None)
    args = cli.parser("en").parse_args(["--lang", "en", "report"])
    assert (args.language, args.cli_lang) == ("zh", "en")
    assert cli._language(["report", "--lang", "en"], {"LANG": "zh_CN.UTF-8"}) == "zh"


def _broken_plan(tmp_path: Path) -> Path:
    """The Shantou plan as a workbook, one target value typed in words and one region misspelt."""
    path = tmp_path / "plan.xlsx"
    write_template(path, plan="shantou_13fyp", through_year=2024)
    book = openpyxl.load_workbook(path)
    ws = book[SHEETS["targets"].title]
    cols = {c.value: c.column for c in ws[2]}
    ws.cell(3, cols["value"]).value = "三十"
    ws.cell(4, cols["region_id"]).value = "汕投"
    book.save(path)
    return path


def test_validate_a_broken_plan_workbook_in_chinese(tmp_path, capsys):
    path = _broken_plan(tmp_path)
    assert cli.main(["--lang", "zh", "validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("ipdata validate：发现2处问题：\n")
    assert (
        "plan.xlsx，工作表“目标 targets”，第3行，“value”列：应为数值（有限的阿拉伯数字，如 12.5），实际为 '三十'" in err
    )
    assert "第4行，“region_id”列：未知的地区 '汕投'。是否指：汕头？" in err
    assert not re.search(r"\b(row|column|sheet|expected|found|Unknown)\b", err), err


def test_validate_a_broken_plan_workbook_in_english_is_unchanged(tmp_path, capsys):
    path = _broken_plan(tmp_path)
    assert cli.main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("ipdata validate: 2 problem(s) found:\n")
    assert "plan.xlsx, sheet '目标 targets', row 3, column 'value': expected a number (finite, in digits: 12.5)" in err
    assert "row 4, column 'region_id': Unknown region '汕投'. Did you mean: 汕头?" in err


def test_validate_counts_with_measure_words(tmp_path, capsys):
    path = tmp_path / "plan.xlsx"
    write_template(path, plan="shantou_13fyp", through_year=2024)
    assert cli.main(["--lang", "zh", "validate", str(path)]) == 0
    out = capsys.readouterr().out
    assert "：规划 shantou_13fyp：14项目标，6条观测值，0个新地区，0个新指标：校验通过" in out
    assert "  工作表“目标 targets”：14行，已读取14行" in out and "（其中128行尚未填数值），已读取6行" in out
    assert cli.main(["validate", str(path)]) == 0
    out = capsys.readouterr().out
    assert ": plan shantou_13fyp: 14 targets, 6 observations, 0 new regions, 0 new indicators: valid" in out
    assert "  sheet '目标 targets': 14 rows, 14 read" in out


def test_validate_an_observations_file_in_chinese(monkeypatch, write_csv, capsys):
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    good = write_csv("region,indicator,year,value\njiaxing,invention_grants,2016,1500\n")
    assert cli.main(["validate", str(good)]) == 0
    assert "：1行观测值有效（文件共1行）" in capsys.readouterr().out
    bad = write_csv("region,indicator,year,value\njiaxing,invention_grants,2016年,1\n", "bad.csv")
    assert cli.main(["validate", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "bad.csv，第2行，“year”列：日期应为 YYYY（年份或年末值）" in err and "实际为 '2016年'" in err


def test_extract_then_validate_in_chinese(tmp_path, capsys):
    doc = tmp_path / "plan.txt"  # INVENTED plan text
    doc.write_text(
        "嘉兴市知识产权行动方案（2024—2026年）\n到2026年，全市新建知识产权服务站20个以上。\n", encoding="utf-8"
    )
    out = tmp_path / "draft.xlsx"
    assert cli.main(["--lang", "zh", "extract", str(doc), "-o", str(out), "--through-year", "2024"]) == 0
    printed = capsys.readouterr().out
    assert "：1项目标（其中0项为已知指标，1个新指标），1项待核对" in printed and "下一步：核对“待核对”列" in printed
    assert cli.main(["--lang", "zh", "validate", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "还有1行目标待核对" in printed and "工作表“目标 targets”，第3行，“check_zh”列：" in printed


def test_parameter_errors_in_chinese(capsys):
    with pytest.raises(SystemExit) as info:
        cli.main(["--lang", "zh", "report", "--workers", "x"])
    assert info.value.code == 2
    assert "ipdata report：错误：参数 --workers：应为整数，实际为 'x'" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        cli.main(["--lang", "zh", "validat"])
    assert "ipdata：错误：没有命令 'validat'" in capsys.readouterr().err
    assert cli.main(["--lang", "zh", "assess", "--plan", "a", "--plan-file", "b"]) == 2
    assert capsys.readouterr().err == "ipdata assess：请给出 --plan 或 --plan-file，不要同时给出\n"
    assert cli.main(["--lang", "zh", "extract", "x.txt", "-o", "d.xlsx", "--period", "2021"]) == 2
    assert "--period '2021'：应为两个年份" in capsys.readouterr().err


def test_every_problem_is_written_in_chinese_too():
    """Each Problem(...) of the package, and each report of one (bad, fail, _fail), passes its message_zh."""
    missing = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", None))
            with_zh = any(k.arg == "message_zh" for k in node.keywords)
            if name in ("Problem", "_fail") and not with_zh:
                missing.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
            if name in ("bad", "fail") and not with_zh and len(node.args) != 3:  # (column, message, zh)
                missing.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert missing == []
