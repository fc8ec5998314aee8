"""The bundled tables satisfy datapackage.json, and every field of it is described."""

from __future__ import annotations

from ipdata import validate_datapackage
from ipdata.catalog.schema import load_datapackage


def test_bundled_data_is_valid():
    counts = validate_datapackage()
    assert counts["targets"] == 101
    assert counts["plans"] == 5
    assert counts["observations_sources"] > 1000


def test_every_resource_is_described():
    package = load_datapackage()
    names = {r["name"] for r in package["resources"]}
    assert names == {"plans", "regions", "indicators", "targets", "observations_seeds", "observations_sources"}
    for res in package["resources"]:
        for field in res["schema"]["fields"]:
            assert field.get("description"), f"{res['name']}.{field['name']} has no description"
