"""ipdata.core.errors: every problem says file, row and column; unknown ids suggest the closest ones."""

from __future__ import annotations

from ipdata.core.errors import AmbiguousScopeError, DataValidationError, Problem, UnknownIdError, closest


def test_problem_names_its_place():
    assert (
        str(Problem("obs.csv", 3, "value", "expected a number")) == "obs.csv, row 3, column 'value': expected a number"
    )
    assert str(Problem("obs.csv", None, None, "could not be read")) == "obs.csv: could not be read"
    assert str(Problem("plans.csv", 1, None, "expected columns")) == "plans.csv, row 1: expected columns"


def test_all_problems_are_kept_and_the_message_is_capped():
    problems = [Problem("obs.csv", row, "value", "expected a number") for row in range(2, 32)]
    error = DataValidationError(problems)
    assert error.problems == problems and isinstance(error, ValueError)
    text = str(error)
    assert text.startswith("30 problem(s) found:")
    assert text.count("  - obs.csv") == DataValidationError.MAX_SHOWN and text.endswith("... and 5 more")


def test_unknown_id_message():
    error = UnknownIdError("region", "jiaxng", ["jiaxing"])
    assert str(error) == "Unknown region 'jiaxng'. Did you mean: jiaxing? (ipdata.regions() lists them all.)"
    assert isinstance(error, KeyError) and error.suggestions == ["jiaxing"]
    assert "Did you mean" not in str(UnknownIdError("plan", "zzz", []))


def test_closest():
    assert closest("jiaxng", ["shantou", "jiaxing", "jiaxing"]) == ["jiaxing"]
    assert closest("Wu", ["wujiang", "jiaxing"]) == ["wujiang"]  # no close spelling: a name containing it
    assert closest("zzz", ["jiaxing"]) == []


def test_ambiguous_scope_error_says_how_to_choose():
    error = AmbiguousScopeError("china", "invention_grants", ["domestic", "total"])
    assert isinstance(error, ValueError) and error.scopes == ["domestic", "total"]
    assert "scope='total' or scope='domestic'" in str(error)


def test_problem_text_in_chinese_names_sheet_row_and_column():
    p = Problem("plan.xlsx, sheet '目标 targets'", 3, "value", "expected a number", message_zh="应为数值")
    assert p.text("zh") == "plan.xlsx，工作表“目标 targets”，第3行，“value”列：应为数值"
    assert str(p) == p.text("en") == "plan.xlsx, sheet '目标 targets', row 3, column 'value': expected a number"
    observations = Problem("/data/obs.xlsx (sheet 'Sheet1')", None, None, "has no rows", message_zh="没有数据行")
    assert observations.text("zh") == "/data/obs.xlsx，工作表“Sheet1”：没有数据行"
    assert Problem("obs.csv", 1, None, "x", message_zh="列名为空").text("zh") == "obs.csv，第1行：列名为空"


def test_problem_without_chinese_keeps_its_english_message():
    p = Problem("obs.csv", 2, "region", "a message only in English")
    assert p.text("zh") == "obs.csv，第2行，“region”列：a message only in English"
    assert p.message_zh is None and p == Problem("obs.csv", 2, "region", "a message only in English", None)


def test_data_validation_error_in_chinese():
    problems = [Problem("obs.csv", row, "value", "expected a number", "应为数值") for row in range(2, 32)]
    text = DataValidationError(problems).text("zh")
    assert text.startswith("发现30处问题：\n  - obs.csv，第2行，“value”列：应为数值\n")
    assert text.count("  - obs.csv") == DataValidationError.MAX_SHOWN and text.endswith("……另有5处")
    one = DataValidationError(problems[:1])
    assert one.text("zh") == "obs.csv，第2行，“value”列：应为数值" and str(one) == one.text("en") == str(problems[0])


def test_unknown_id_in_chinese():
    error = UnknownIdError("region", "jiaxng", ["jiaxing", "嘉兴市"])
    assert error.text("zh") == "未知的地区 'jiaxng'。是否指：jiaxing、嘉兴市？（ipdata.regions() 列出全部。）"
    assert error.text("en") == str(error)
    assert UnknownIdError("indicator", "zzz", []).text("zh") == "未知的指标 'zzz'。（ipdata.indicators() 列出全部。）"


def test_missing_and_existing_files_are_said_in_both_languages(tmp_path):
    from ipdata.core.errors import ExistingFileError, MissingFileError

    missing = MissingFileError(tmp_path / "x.xlsx", "plan file")
    assert isinstance(missing, FileNotFoundError) and str(missing).endswith("x.xlsx: plan file not found")
    assert missing.text("zh").endswith("x.xlsx：找不到规划文件")
    existing = ExistingFileError(["a.xlsx", "b.csv"])
    assert isinstance(existing, FileExistsError) and "--force" in str(existing)
    assert existing.text("zh").startswith("a.xlsx、b.csv 已存在")
