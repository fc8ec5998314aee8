"""ipdata.cli in-process: exit codes and messages (the command in a subprocess: tests/integration)."""

from __future__ import annotations

import pytest

from ipdata import cli


@pytest.fixture(autouse=True)
def english_locale(monkeypatch):
    """These tests read the English messages: no Chinese locale from the machine (tests/unit/test_cli_language.py)."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)


def test_cli_reports_bad_parameters(capsys):
    assert cli.main(["report", "--workers", "0"]) == 2
    assert "--workers must be a whole number >= 1" in capsys.readouterr().err


def test_validate_a_good_and_a_bad_file(write_csv, capsys):
    good = write_csv(
        "region,indicator,year,value\njiaxing,invention_grants,2016,1500\n嘉兴,发明专利年授权量,2017,1800\n"
    )
    assert cli.main(["validate", str(good)]) == 0
    assert "2 valid observation rows" in capsys.readouterr().out
    bad = write_csv("region,indicator,year,value\njiaxng,invention_grants,2016,1\n", "bad.csv")
    assert cli.main(["validate", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("ipdata validate: ") and "row 2, column 'region'" in err and "jiaxing" in err


def test_unknown_command_is_refused():
    with pytest.raises(SystemExit) as info:
        cli.main(["no-such-command"])
    assert info.value.code == 2


def test_an_output_that_cannot_be_written_has_its_own_exit_code(tmp_path, capsys):
    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder", encoding="utf-8")
    code = cli.main(["report", "--tables-only", "--out", str(blocker / "report")])
    err = capsys.readouterr().err
    assert code == 3  # not 1 ("a notebook failed") and not 2 (bad input)
    assert err.startswith("ipdata report: could not write:") and err.count("\n") == 1 and "Traceback" not in err


def test_assess_all_writes_the_batch_table(tmp_path, capsys):
    import pandas as pd

    out = tmp_path / "all.parquet"
    assert cli.main(["assess", "--all", "--plan", "shantou_13fyp", "--out", str(out), "--quiet"]) == 0
    table = pd.read_parquet(out)
    assert set(table["record"]) == {"target", "projection"}
    assert sorted(table.loc[table["record"] == "target", "target_id"]) == [f"st13-{k:02d}" for k in range(1, 15)]
    assert cli.main(["assess", "--all", "--plan", "shantou_13fyp", "--quiet", "--horizon", "2"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == str(out)  # the first command names the file it wrote
    assert lines[1].startswith("record,region_id,indicator_id,scope,target_id")  # the second: CSV on stdout
    per_10k = [
        line.split(",") for line in lines[2:] if line.startswith("projection,zhejiang,invention_patents_per_10k,")
    ]
    assert [(row[6], row[8]) for row in per_10k] == [("2017", "2016"), ("2018", "2016")]  # two years past the last


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--out", "all.xlsx"], "--out for --all must end in .csv or .parquet"),
        (["--as-of", "2015"], "--as-of is not available with --all"),
        (["--horizon", "0"], "horizon must be a whole number"),
        (["--horizon", "100000"], "horizon must be a whole number of years from 1 to 50, got 100000"),
        (["--workers", "0"], "--workers must be a whole number >= 1"),
        (["--dask-address", "tcp://127.0.0.1:1"], "--dask-address 'tcp://127.0.0.1:1' needs --scheduler dask"),
    ],
)
def test_assess_all_bad_parameters_exit_2(tmp_path, capsys, args, message):
    assert cli.main(["assess", "--all", "--quiet", *args]) == 2
    assert message in capsys.readouterr().err


def test_extract_then_validate_lists_what_to_check(tmp_path, capsys):
    doc = tmp_path / "plan.txt"  # INVENTED plan text
    doc.write_text(
        "嘉兴市知识产权行动方案（2024—2026年）\n到2026年，全市新建知识产权服务站20个以上。\n", encoding="utf-8"
    )
    out = tmp_path / "draft.xlsx"
    assert cli.main(["extract", str(doc), "-o", str(out), "--through-year", "2024"]) == 0
    printed = capsys.readouterr().out
    assert "1 target (" in printed and "1 new indicator)" in printed and "ipdata validate" in printed
    assert cli.main(["extract", str(doc), "-o", str(out)]) == 2  # never over an existing file without --force
    assert "already exist" in capsys.readouterr().err
    assert cli.main(["validate", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "valid" in printed and "still to check" in printed and "row 3, column 'check_zh'" in printed


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "not a text document"),
        (b"", "no text"),
        ("关于召开会议的通知。请准时参加。".encode(), "no quantitative target"),
        ("到2025年，专利授权量达到3000件。".encode(), "--region"),
    ],
)
def test_extract_refuses_what_is_not_a_plan_in_one_line(tmp_path, capsys, content, message):
    doc = tmp_path / "plan.txt"
    doc.write_bytes(content)
    assert cli.main(["extract", str(doc), "-o", str(tmp_path / "d.xlsx")]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_a_chinese_locale_does_not_change_the_english_option(monkeypatch, write_csv, capsys):
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    bad = write_csv("region,indicator,year,value\njiaxng,invention_grants,2016,1\n", "bad.csv")
    assert cli.main(["--lang", "en", "validate", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("ipdata validate: ") and "bad.csv, row 2, column 'region': Unknown region 'jiaxng'." in err
    assert cli.main(["validate", str(bad)]) == 2  # the locale alone: Chinese
    err = capsys.readouterr().err
    assert err.startswith("ipdata validate：") and "bad.csv，第2行，“region”列：未知的地区 'jiaxng'。是否指：" in err
