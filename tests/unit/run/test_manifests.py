"""ipdata.run.manifests: what a report's rerun digest covers, and how a manifest is read back."""

from __future__ import annotations

import json

from ipdata.run import manifests


def test_code_digest_follows_the_package_files_without_a_cache(tmp_path, monkeypatch):
    """A scheduler that recalibrates between two runs in one process must see a new digest."""
    package = tmp_path / "ipdata"
    (package / "fonts").mkdir(parents=True)
    (package / "templates").mkdir()  # templates of any subpackage count (ipdata/deliver/templates)
    (package / "a.py").write_text("x = 1\n")
    (package / "calibration.json").write_text("{}")
    (package / "fonts" / "font.otf").write_bytes(b"font-1")
    (package / "templates" / "page.html.j2").write_text("<p>")
    monkeypatch.setattr(manifests, "PACKAGE", package)
    first = manifests.code_digest()
    assert manifests.code_digest() == first
    (package / "calibration.json").write_text('{"drift_damping": 0.9}')
    second = manifests.code_digest()
    assert second != first
    (package / "fonts" / "font.otf").write_bytes(b"font-2")  # the font draws every figure
    assert manifests.code_digest() != second


def test_code_digest_covers_every_subpackage(tmp_path, monkeypatch):
    """After the move to one subpackage per layer an engine change must still rerun the notebooks.

    The old rule (``glob("*.py")`` on the package folder) saw only the top-level modules: this fails on it.
    """
    package = tmp_path / "ipdata"
    (package / "forecast").mkdir(parents=True)
    (package / "deliver" / "templates").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "forecast" / "engine.py").write_text("PHI = 0.85\n")
    (package / "deliver" / "templates" / "page.html.j2").write_text("<p>")
    monkeypatch.setattr(manifests, "PACKAGE", package)
    first = manifests.code_digest()
    (package / "forecast" / "engine.py").write_text("PHI = 0.9\n")
    second = manifests.code_digest()
    assert second != first
    (package / "deliver" / "templates" / "page.html.j2").write_text("<p class=x>")
    assert manifests.code_digest() != second


def test_code_digest_reads_the_real_subpackages():
    names = {p.relative_to(manifests.PACKAGE).as_posix() for p in manifests._digested_files()}
    assert {"forecast/engine.py", "run/report.py", "deliver/templates/plan_page.html.j2", "calibration.json"} <= names
    assert not any("__pycache__" in n for n in names)


def test_code_digest_covers_the_environment(monkeypatch):
    before = manifests.code_digest()
    monkeypatch.setattr(manifests, "ENVIRONMENT", (*manifests.ENVIRONMENT, "a-package-that-is-not-installed"))
    assert manifests.code_digest() != before


def test_a_manifest_of_another_format_keeps_nothing(tmp_path):
    path = manifests.write_manifest(tmp_path, {"b/x": "2", "a/y": "1"})
    assert manifests.read_manifest(tmp_path) == {"a/y": "1", "b/x": "2"}
    assert list(json.loads(path.read_text())["jobs"]) == ["a/y", "b/x"]  # sorted: same inputs, same bytes
    path.write_text(json.dumps({"format": 2, "jobs": {"a/y": "1"}}))
    assert manifests.read_manifest(tmp_path) == {}
    path.write_text("not json")
    assert manifests.read_manifest(tmp_path) == {}


def test_output_digests_are_recorded_sorted_and_name_each_file(tmp_path):
    (tmp_path / "figures").mkdir()
    (tmp_path / "figures" / "a.svg").write_bytes(b"<svg/>")
    (tmp_path / "page.html").write_bytes(b"<p>")
    both = manifests.files_digest(tmp_path, ["page.html", "figures/a.svg"])
    assert manifests.files_digest(tmp_path, ["figures/a.svg", "page.html", "missing.png"]) == both  # order, absent
    assert manifests.files_digest(tmp_path, ["page.html"]) != both  # a file fewer: another digest
    (tmp_path / "figures" / "b.svg").write_bytes(b"<svg/>")
    assert manifests.files_digest(tmp_path, ["figures/b.svg", "page.html"]) != both  # same bytes, another name

    path = manifests.write_manifest(tmp_path, {"b/x": "2", "a/y": "1"}, {"b/x": "o2", "a/y": "o1", "failed": "o3"})
    assert manifests.read_output_digests(tmp_path) == {"a/y": "o1", "b/x": "o2"}  # only jobs recorded
    text = path.read_bytes()
    assert list(json.loads(text)["outputs"]) == ["a/y", "b/x"]
    manifests.write_manifest(tmp_path, {"a/y": "1", "b/x": "2"}, {"a/y": "o1", "b/x": "o2"})
    assert path.read_bytes() == text  # same inputs, same bytes: no times, keys sorted
    path.write_text(json.dumps({"format": 1, "jobs": {"a/y": "1"}}))  # written before output digests
    assert manifests.read_manifest(tmp_path) == {"a/y": "1"} and manifests.read_output_digests(tmp_path) == {}
