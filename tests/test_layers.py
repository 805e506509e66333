"""The package's layers (docs/design.md, "Layers") hold: the import-linter contract in
pyproject.toml is the one the design document shows; no module imports another's private
name; no import hides in a function or under ``TYPE_CHECKING``, where a reader and the
contract would not see it (the one exception: the web service's optional dependencies,
loaded when ``serve`` runs)."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "callcenter_rules"

#: Imports made when a command runs, of an optional extra (the ``serve`` extra).
OPTIONAL_EXTRA_IMPORTS = {("cli/serve.py", "server")}
#: What is left to move into its layer, by (file, imported name). It only shrinks.
NOT_YET_MOVED_PRIVATE: set[tuple[str, str]] = set()
NOT_YET_MOVED_HIDDEN: set[tuple[str, str]] = set()


def _layers_in_pyproject() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (contract,) = config["tool"]["importlinter"]["contracts"]
    return [str(layer) for layer in contract["layers"]]


def _layers_in_the_design() -> list[str]:
    text = (ROOT / "docs" / "design.md").read_text(encoding="utf-8")
    section = text.split("## Layers", 1)[1]
    block = section.split("```text\n", 1)[1].split("```", 1)[0]
    return [line.split("#", 1)[0].strip() for line in block.splitlines() if line.strip()]


def test_the_design_shows_the_layers_the_contract_checks() -> None:
    short = [layer.replace("callcenter_rules.", "") for layer in _layers_in_pyproject()]
    assert _layers_in_the_design() == short


def _imports() -> list[tuple[str, ast.ImportFrom | ast.Import, bool]]:
    """Every import of the package's modules: (file, node, hidden), where hidden means
    inside a function or under ``if TYPE_CHECKING``."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        hidden_nodes: set[int] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) or (
                isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
            ):
                hidden_nodes.update(id(inner) for inner in ast.walk(node) if inner is not node)
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                found.append((path.relative_to(PACKAGE).as_posix(), node, id(node) in hidden_nodes))
    return found


def test_no_module_imports_a_private_name_of_another() -> None:
    private = {
        (file, alias.name)
        for file, node, _ in _imports()
        # (A package may import its own private modules: ``from . import _durable``.)
        if isinstance(node, ast.ImportFrom) and node.level > 0 and node.module is not None
        for alias in node.names
        if re.fullmatch(r"_[^_].*", alias.name)
    }
    assert private - NOT_YET_MOVED_PRIVATE == set()
    # What has moved comes off the list.
    assert NOT_YET_MOVED_PRIVATE - private == set()


def test_no_import_hides_in_a_function_or_under_type_checking() -> None:
    hidden = {
        (file, alias.name)
        for file, node, is_hidden in _imports()
        if is_hidden and isinstance(node, ast.ImportFrom) and node.level > 0
        for alias in node.names
    }
    assert hidden - NOT_YET_MOVED_HIDDEN - OPTIONAL_EXTRA_IMPORTS == set()
    assert NOT_YET_MOVED_HIDDEN - hidden == set()
