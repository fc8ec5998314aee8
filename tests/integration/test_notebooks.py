"""The notebooks under papermill, over good and bad parameter sets (nbval checks the committed outputs)."""

from __future__ import annotations

import json
import re

import pytest

pm = pytest.importorskip("papermill")

from ipdata.core.paths import notebooks_dir  # noqa: E402

pytestmark = [pytest.mark.integration, pytest.mark.kernels]


def run(name, tmp_path, **parameters):
    out = tmp_path / f"out_{name}"
    pm.execute_notebook(
        str(notebooks_dir() / name),
        str(out),
        parameters=parameters,
        kernel_name="python3",
        progress_bar=False,
        cwd=str(tmp_path),
    )
    nb = json.loads(out.read_text(encoding="utf-8"))
    return "\n".join(
        "".join(o.get("text", "")) + "".join(o.get("data", {}).get("text/plain", ""))
        for c in nb["cells"]
        if c["cell_type"] == "code"
        for o in c.get("outputs", [])
    )


def test_trajectory_in_english_as_of_an_earlier_year(tmp_path):
    text = run(
        "trajectory.ipynb", tmp_path, target_id="st13-03", language="en", as_of=2017, output_dir=str(tmp_path / "figs")
    )
    assert "Shantou: 2020 target at least 400" in text and "probability of attainment" in text
    assert sorted(p.name for p in (tmp_path / "figs" / "trajectory").iterdir())[:2] == [
        "st13-03_en.pdf",
        "st13-03_en.png",
    ]


def test_trajectory_with_an_analysts_file(tmp_path, write_csv):
    path = write_csv(
        "region,indicator,year,value\n"
        + "".join(f"jiaxing,invention_grants,{y},{v}\n" for y, v in [(2012, 900), (2013, 1000), (2014, 1100)])
    )
    text = run(
        "trajectory.ipynb",
        tmp_path,
        region="嘉兴",
        indicator="invention_grants",
        plan="jiaxing_13fyp",
        target_year=2020,
        observations=str(path),
    )
    assert "实现概率约" in text and "obs.csv" in text


def test_target_without_data_shows_the_reason(tmp_path):
    text = run("trajectory.ipynb", tmp_path, target_id="jx13-01")
    assert "无法评估" in text and "只有一个观测值" in text and "one observation" not in text  # the reason in Chinese


def test_unknown_region_fails_clearly(tmp_path):
    with pytest.raises(pm.PapermillExecutionError) as err:
        run("trajectory.ipynb", tmp_path, region="jiaxingg", indicator="invention_grants", plan=None)
    assert "UnknownIdError" in str(err.value) and "jiaxing" in str(err.value)


def test_dashboard_of_a_plan_without_data(tmp_path):
    text = run("plan_dashboard.ipynb", tmp_path, plan="wujiang_demo_2021", language="en")
    assert "Quantitative targets: 16; assessable: 0" in text


def test_backtest_scores_a_target_once_its_outcome_is_known(tmp_path, write_csv):
    """The notebook's view of it (the library: tests/unit/test_plan_backtests.py)."""
    rows = [(2012, 900), (2013, 1000), (2014, 1100), (2015, 1184), (2020, 3000)]
    path = write_csv("region,indicator,year,value\n" + "".join(f"jiaxing,invention_grants,{y},{v}\n" for y, v in rows))
    text = run("backtest.ipynb", tmp_path, plan="jiaxing_13fyp", observations=str(path))
    assert re.search(r"可评分的目标\s+1\n", text), text


_WORD = r"[A-Za-z][A-Za-z0-9_\-]*"


def _names_words():
    """ASCII words inside Chinese names (PCT国际专利申请受理量): part of a name, allowed on a Chinese page."""
    import ipdata

    texts = [
        *ipdata.indicators()["name_zh"],
        *ipdata.regions()["name_zh"],
        *ipdata.plans()["title_zh"],
        *ipdata.targets()["indicator_text_zh"],
    ]
    return {w for t in texts for w in re.findall(_WORD, str(t))}


def _page_texts(path):
    """What a notebook's page shows: markdown cells, and each output's text (tables as the HTML's text)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            yield "".join(cell["source"])
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            html = re.sub(r"<style.*?</style>|<[^>]+>", " ", "".join(data.get("text/html", "")), flags=re.S)
            yield "".join(output.get("text", "")) + "".join(data.get("text/markdown", "")) + html
            if "text/html" not in data and "text/markdown" not in data and "image/png" not in data:
                yield "".join(data.get("text/plain", ""))


@pytest.mark.parametrize(
    "name, parameters",
    [
        ("plan_dashboard.ipynb", {"plan": "zhejiang_13fyp"}),  # 35 targets not assessable, each with its reason
        ("trajectory.ipynb", {"target_id": "zj13-02"}),
        ("trajectory.ipynb", {"target_id": "jx13-01"}),  # one observation: the reason instead of a forecast
        ("backtest.ipynb", {}),
        ("regions.ipynb", {}),
    ],
)
def test_a_chinese_run_shows_chinese_only(name, parameters, tmp_path):
    """Headings, printed lines and tables of a Chinese run: no English word (names, ids, URLs, numbers aside)."""
    out = tmp_path / name
    pm.execute_notebook(
        str(notebooks_dir() / name),
        str(out),
        parameters={**parameters, "language": "zh", "output_dir": str(tmp_path / "figs")},
        kernel_name="python3",
        progress_bar=False,
        cwd=str(tmp_path),
    )
    texts = list(_page_texts(out))
    files = {p.name for p in (tmp_path / "figs").rglob("*.*")}  # the figure files it lists by name
    allowed = _names_words() | {"Brier"} | {w for f in files for w in re.findall(_WORD, f)}  # Brier: a name
    found = {w for t in texts for w in re.findall(r"https?://\S+|" + _WORD, t)}
    found = {w for w in found if not w.startswith("http") and not re.fullmatch(r"[a-z]{2,4}\d{0,2}-\d{2}", w)}
    assert texts and not found - allowed, found - allowed
