"""ipdata.deliver.drafts: plan document -> draft workbook -> read_plan -> assess, and what validate still asks."""

from __future__ import annotations

import pytest

from ipdata.assess.targets import assess
from ipdata.catalog.plan_files import plan_checks, read_plan
from ipdata.deliver.drafts import write_draft

INVENTED = "临江市“十四五”知识产权发展规划\n到2025年，全市发明专利授权量达到3000件，新建知识产权服务站20个以上。\n"


@pytest.mark.parametrize("seed", range(5))
def test_every_bundled_plan_document_drafts_a_workbook_that_assesses(shared, tmp_path, seed):
    document = sorted((shared / "seeds").glob("*.txt"))[seed]
    result = write_draft(document, tmp_path / "draft.xlsx", through_year=2024)
    plan = read_plan(tmp_path / "draft.xlsx")
    assert len(plan.tables["targets"]) == len(result.tables["targets"]) == len(result.extraction.targets)
    assert set(plan.tables["targets"]["seed_file"]) == {document.name}  # the document is every target's source
    table = assess(plan=plan)
    assert list(table["target_id"]) == list(plan.tables["targets"]["target_id"])  # every target judged or said why not
    checks = plan_checks(tmp_path / "draft.xlsx")
    assert len(checks) == result.to_check and all(p.column == "check_zh" and p.row for p in checks)


def test_new_indicators_are_defined_and_the_draft_validates(tmp_path):
    doc = tmp_path / "临江规划.txt"
    doc.write_text(INVENTED, encoding="utf-8")
    result = write_draft(doc, tmp_path / "d.xlsx", region="jiaxing", through_year=2024)
    (new,) = result.tables["indicators"]
    assert new["name_zh"] == "知识产权服务站" and new["unit"] == "个" and new["direction"] == "increase"
    plan = read_plan(tmp_path / "d.xlsx")
    assert list(plan.tables["targets"]["indicator_id"]) == ["invention_grants", new["indicator_id"]]
    assert plan.plan_id == "jiaxing_2021_2025" and plan.tables["plans"]["period_end"].iloc[0] == "2025-12"
    assert any("未收录" in p.message for p in plan_checks(tmp_path / "d.xlsx"))


def test_a_document_that_names_no_known_region_asks_for_one(tmp_path):
    doc = tmp_path / "plan.txt"
    doc.write_text(INVENTED, encoding="utf-8")
    with pytest.raises(ValueError, match="--region"):
        write_draft(doc, tmp_path / "d.xlsx")
    assert not (tmp_path / "d.xlsx").exists()


def test_an_existing_file_is_never_overwritten_without_force(tmp_path):
    doc = tmp_path / "plan.txt"
    doc.write_text(INVENTED, encoding="utf-8")
    out = tmp_path / "d.xlsx"
    out.write_bytes(b"an analyst's work")
    with pytest.raises(FileExistsError):
        write_draft(doc, out, region="jiaxing")
    assert out.read_bytes() == b"an analyst's work"
    write_draft(doc, out, region="jiaxing", overwrite=True, through_year=2024)
    assert read_plan(out).plan_id


def test_same_document_same_bytes(tmp_path):
    doc = tmp_path / "plan.txt"
    doc.write_text(INVENTED, encoding="utf-8")
    a = write_draft(doc, tmp_path / "a.xlsx", region="jiaxing", through_year=2024).files[0].read_bytes()
    b = write_draft(doc, tmp_path / "b.xlsx", region="jiaxing", through_year=2024).files[0].read_bytes()
    assert a == b


def test_targets_outside_the_period_are_named_not_dropped_silently(tmp_path):
    doc = tmp_path / "plan.txt"
    doc.write_text(INVENTED + "到2035年，全市发明专利授权量达到8000件。\n", encoding="utf-8")
    result = write_draft(doc, tmp_path / "d.xlsx", region="jiaxing", through_year=2024)
    assert result.left_out == ["全市发明专利授权量达到8000件"]
    assert "8000件" in result.tables["plan"][0]["notes"] and len(result.tables["targets"]) == 2


def test_a_csv_folder_draft_reads_the_same(tmp_path):
    doc = tmp_path / "plan.txt"
    doc.write_text(INVENTED, encoding="utf-8")
    write_draft(doc, tmp_path / "draft", region="jiaxing", period=(2021, 2025), through_year=2024)
    assert len(read_plan(tmp_path / "draft").tables["targets"]) == 2
