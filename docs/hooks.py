"""mkdocs hooks: the generated parts of the docs site, so no table is typed twice.

* ``architecture.md``: the marker ``<!-- generated: layers -->`` becomes the table of layers, read from the
  import-linter contracts in ``pyproject.toml`` (``[tool.importlinter]``): the subpackages top to bottom as the
  ``layers`` contract lists them, each with its modules row by row from its own contract and the first line of
  its ``__init__`` docstring; the marker ``<!-- generated: modules -->`` becomes, per subpackage, its modules
  in the contract's order with the first line of each module's docstring.
* ``outputs.md``: the marker ``<!-- generated: outputs -->`` becomes one table per output table, from
  :data:`ipdata.core.outputs.OUTPUT_TABLES` (with each table's docstring from the module's source).
* ``analysts.md``: the marker ``<!-- generated: input-tests -->`` becomes the count of the tests of analysts'
  files, collected by pytest when the site is built (:data:`INPUT_TESTS`).
* ``api.md``: after each ``::: ipdata…`` directive, the exported names mkdocstrings would leave out
  (:func:`api_extras`); :class:`SphinxRoles` shows the docstrings' Sphinx roles as code.

Registered under ``hooks:`` in ``mkdocs.yml``; excluded from the site's files there (``exclude_docs``).
"""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path
from typing import Any

import griffe

API_DIRECTIVE = re.compile(r"^::: (ipdata(?:\.\w+)?)[ \t]*$", re.MULTILINE)
LAYERS_MARKER = "<!-- generated: layers -->"
MODULES_MARKER = "<!-- generated: modules -->"
OUTPUTS_MARKER = "<!-- generated: outputs -->"
INPUT_TESTS_MARKER = "<!-- generated: input-tests -->"
# the tests of what an analyst's files may hold, as analysts.md counts them (collected, not typed)
INPUT_TESTS = {
    "tests/unit/catalog/test_observation_files.py": "of `read_observations` (among them the `MATRIX` of bad values)",
    "tests/unit/catalog/test_sheets.py": "of the sheet reader (encodings, percent cells, blank rows, extra cells)",
    "tests/unit/catalog/test_plan_files.py": "of `read_plan` (every validation error class)",
    "tests/unit/catalog/test_hostile_inputs.py": "of hostile files (understated sheet extents, control characters, "
    "superscripts, duplicated headers, stray bytes, unfinished years, scopes, zip bombs, hidden rows)",
    "tests/integration/test_any_valid_file_assesses.py": "property test: any observations file that validates assesses",
    "tests/integration/test_any_valid_plan_delivers.py": "property test: any plan that validates assesses and delivers",
}
REPO = Path(__file__).resolve().parents[1]


ROLE = re.compile(r":[a-z]+:`~?([^`]+)`")  # Sphinx roles of the docstrings (:func:`ipdata.assess`) as code


def _markdown(text: str) -> str:
    """A docstring's text as Markdown on one line: roles and ``literals`` become code spans."""
    return ROLE.sub(r"`\1`", " ".join(text.split())).replace("``", "`")


class SphinxRoles(griffe.Extension):
    """Griffe extension (``docs/hooks.py:SphinxRoles`` in ``mkdocs.yml``): Sphinx roles in docstrings as code.

    The docstrings cross-reference the Sphinx way (:func:`ipdata.assess`); rendered as Google docstrings by
    mkdocstrings those would show the role's name, so each becomes a code span.
    """

    def on_object(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        """Rewrite the object's docstring once the tree is loaded (griffe event)."""
        if obj.docstring is not None:
            obj.docstring.value = ROLE.sub(r"`\1`", obj.docstring.value)


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return " ".join(text.split()).replace("|", "\\|")


def _first_docstring_line(path: Path) -> str:
    doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    return doc.strip().splitlines()[0] if doc.strip() else ""


def contracts(repo: Path = REPO) -> list[dict[str, Any]]:
    """The import-linter contracts of ``pyproject.toml``."""
    config = tomllib.loads((repo / "pyproject.toml").read_text(encoding="utf-8"))
    return list(config["tool"]["importlinter"]["contracts"])


def layers_table(repo: Path = REPO) -> str:
    """The layers, top to bottom: subpackage, its modules (upper rows first), what it holds."""
    found = contracts(repo)
    top = next(c for c in found if c["id"] == "layers")
    inner = {c["containers"][0]: c for c in found if c.get("containers")}
    lines = [
        "| layer | subpackage | modules, upper rows import lower ones | what it holds |",
        "|---|---|---|---|",
    ]
    for depth, name in enumerate(top["layers"]):
        part = name.split(".")[1]
        package = repo / "ipdata" / part
        source = package / "__init__.py" if package.is_dir() else repo / "ipdata" / f"{part}.py"
        contract = inner.get(name)
        if contract is None:  # a single module, or a subpackage of one row: its modules, from the folder
            present = sorted(f.stem for f in package.glob("*.py") if f.stem != "__init__") if package.is_dir() else []
            modules = ", ".join(f"`{m}`" for m in present) or "(a module)"
        else:
            rows = [", ".join(f"`{m.strip()}`" for m in row.split("|")) for row in contract["layers"]]
            modules = "<br>".join(rows)
        level = len(top["layers"]) - 1 - depth
        lines.append(f"| {level} | `{name}` | {modules} | {_cell(_markdown(_first_docstring_line(source)))} |")
    return "\n".join(lines)


def modules_tables(repo: Path = REPO) -> str:
    """Per subpackage (top to bottom), each module in its contract's order with the first line of its docstring."""
    found = contracts(repo)
    top = next(c for c in found if c["id"] == "layers")
    inner = {c["containers"][0]: c for c in found if c.get("containers")}
    parts = []
    for name in top["layers"]:
        package = repo / "ipdata" / name.split(".")[1]
        if not package.is_dir():
            continue
        contract = inner.get(name)
        rows = (
            [row.split("|") for row in contract["layers"]]
            if contract
            else [[p.stem] for p in sorted(package.glob("*.py"))]
        )
        modules = [m.strip() for row in rows for m in row if m.strip() != "__init__"]
        lines = [f"### `{name}`", "", "| module | what it holds |", "|---|---|"]
        for module in modules:
            source = package / f"{module}.py"
            held = _markdown(_first_docstring_line(source)) if source.is_file() else "(named in the contract, no file)"
            lines.append(f"| `{module}` | {_cell(held)} |")
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


def _table_docstrings(repo: Path) -> dict[str, str]:
    """Output table name -> the docstring of its constant in ``ipdata/core/outputs.py``."""
    tree = ast.parse((repo / "ipdata" / "core" / "outputs.py").read_text(encoding="utf-8"))
    docs: dict[str, str] = {}
    mapping: dict[str, str] = {}
    body = tree.body
    for node, after in zip(body, body[1:] + [None]):
        target = (
            node.target
            if isinstance(node, ast.AnnAssign)
            else (node.targets[0] if isinstance(node, ast.Assign) else None)
        )
        if not isinstance(target, ast.Name):
            continue
        if isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant) and isinstance(after.value.value, str):
            docs[target.id] = after.value.value
        if target.id == "OUTPUT_TABLES" and isinstance(node.value, ast.Dict):
            for key, value in zip(node.value.keys, node.value.values):
                if isinstance(key, ast.Constant) and isinstance(value, ast.Name):
                    mapping[str(key.value)] = value.id
    return {table: docs.get(constant, "") for table, constant in mapping.items()}


def outputs_tables(repo: Path = REPO) -> str:
    """One section per output table: what it is, then its columns in order with type and meaning."""
    from ipdata.core.outputs import OUTPUT_TABLES

    described = _table_docstrings(repo)
    parts = []
    for table, columns in OUTPUT_TABLES.items():
        doc = _markdown(described.get(table, ""))
        parts.append(f"## `{table}`\n\n{doc}\n\n| # | column | type | meaning |\n|---|---|---|---|")
        parts[-1] += "".join(
            f"\n| {k} | `{c.name}` | {c.type} | {_cell(c.description)} |" for k, c in enumerate(columns, start=1)
        )
    return "\n\n".join(parts)


def _real_path(package: str, name: str, member: Any) -> tuple[str, str]:
    """Where an exported name really lives, and how to show it: ``function``, ``module`` or ``attribute``."""
    import importlib
    import inspect

    obj = getattr(importlib.import_module(package), name)
    if inspect.ismodule(obj):
        return obj.__name__, "module"
    if member is not None and member.is_alias and member.kind.value == "attribute":
        return str(member.target_path), "attribute"
    return f"{obj.__module__}.{obj.__qualname__}", "function"


def api_extras(package: str, root: griffe.Module, repo: Path = REPO) -> str:
    """Directives for the names of ``package.__all__`` that mkdocstrings would leave out of its section.

    Griffe gives a submodule precedence over a name imported under the same name (``ipdata.assess`` the function
    vs ``ipdata.assess`` the subpackage), ``show_submodules: false`` hides modules the package exports
    (``ipdata.figures``), and a constant without a docstring is skipped (``ipdata.catalog.VALUE_KINDS``). Each
    such name is rendered from where it really lives, under the name the package exports it as (a module as one
    line, so its members are not documented twice); private and dunder names (``__version__``) stay out.

    Args:
        package: ``ipdata`` or one of its subpackages.
        root: ``ipdata`` as griffe loaded it.
        repo: The repository root.
    """
    module = root if package == "ipdata" else root[package.split(".", 1)[1]]
    names = [e if isinstance(e, str) else e.name for e in (module.exports or [])]
    blocks, modules = [], []
    for name in names:
        member = module.members.get(name)
        if name.startswith("_"):
            continue
        if member is not None and member.kind.value != "module" and member.docstring is not None:
            continue  # mkdocstrings shows it in the package's section
        path, how = _real_path(package, name, member)
        if how == "module":
            summary = _markdown(_first_docstring_line(repo / (path.replace(".", "/") + ".py")))
            modules.append(f"- `{package}.{name}`: the module `{path}`. {summary}")
            continue
        options = [f"heading: {name}", f"toc_label: {name}", "heading_level: 3", "show_root_full_path: false"]
        if how == "attribute":
            options.append("show_if_no_docstring: true")
        blocks.append(f"::: {path}\n    options:\n" + "".join(f"      {o}\n" for o in options))
    if modules:
        blocks.append(f"### Modules `{package}` exports\n\n" + "\n".join(modules) + "\n")
    return "\n".join(blocks)


def input_test_counts(repo: Path) -> str:
    """How many tests (parametrized cases counted) hold each kind of analyst's file, from ``pytest --collect-only``."""
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", *INPUT_TESTS],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    counts = {path: sum(1 for line in out.splitlines() if line.startswith(path + "::")) for path in INPUT_TESTS}
    lines = [f"- {counts[path]} {what} (`{path}`)" for path, what in INPUT_TESTS.items()]
    return "\n".join(lines) + "\n"


def _with_api_extras(markdown: str, repo: Path) -> str:
    root = griffe.load("ipdata", search_paths=[str(repo)])
    return API_DIRECTIVE.sub(lambda m: m.group(0) + "\n\n" + api_extras(m.group(1), root, repo), markdown)


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """Fill the generated tables into their pages (mkdocs event)."""
    repo = Path(config["config_file_path"]).resolve().parent
    if LAYERS_MARKER in markdown:
        markdown = markdown.replace(LAYERS_MARKER, layers_table(repo))
    if MODULES_MARKER in markdown:
        markdown = markdown.replace(MODULES_MARKER, modules_tables(repo))
    if OUTPUTS_MARKER in markdown:
        markdown = markdown.replace(OUTPUTS_MARKER, outputs_tables(repo))
    if INPUT_TESTS_MARKER in markdown:
        markdown = markdown.replace(INPUT_TESTS_MARKER, input_test_counts(repo))
    if page.file.src_uri == "api.md":
        markdown = _with_api_extras(markdown, repo)
    return markdown
