"""The package's imports point down the pipeline only (README "Architecture").

Every ``import`` in every module of ``agreement_kit`` (those inside functions too) is read with
``ast`` and checked against the layer table below: a module may import its own layer and the
layers listed for it, nothing else. Renderers read models (and the base helpers) only.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "agreement_kit"

BASE = {"errors", "limits", "resources", "conventions", ""}  # "" = agreement_kit/__init__
FACE = {"cli", "program", "output", "terminal", "batch", "__main__"}
LAYERS = ["base", "model", "inputs", "library", "assemble", "negotiate", "render", "face"]
ALLOWED = {
    "base": {"base"},
    "model": {"base", "model"},
    "inputs": {"base", "inputs"},
    "library": {"base", "model", "inputs", "library"},
    "assemble": {"base", "model", "inputs", "library", "assemble"},
    "negotiate": {"base", "model", "inputs", "library", "assemble", "negotiate"},
    "render": {"base", "model", "render"},
    "face": set(LAYERS),
}


def layer_of(module: str) -> str:
    """'agreement_kit.render.docx' -> 'render'; top-level modules by the tables above."""
    parts = module.split(".")[1:]
    head = parts[0] if parts else ""
    if head in BASE:
        return "base"
    if head in FACE:
        return "face"
    if head in ALLOWED:
        return head
    raise AssertionError(f"{module} is in no layer: add it to tests/test_layers.py")


def module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported(source: str, name: str, is_package: bool = False) -> list[tuple[int, str]]:
    """(line, absolute module) for every agreement_kit import in module `name`'s source."""
    package = name if is_package else name.rsplit(".", 1)[0]
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.startswith("agreement_kit"):
                # `from . import x` names submodules: check each
                if not node.module:
                    found += [(node.lineno, f"{target}.{a.name}") for a in node.names]
                else:
                    found.append((node.lineno, target))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names
                      if a.name.startswith("agreement_kit")]
    return found


MODULES = sorted(PACKAGE.rglob("*.py"))


def test_every_module_has_a_layer():
    for path in MODULES:
        layer_of(module_name(path) if module_name(path) != "agreement_kit" else "agreement_kit")


def violations(source: str, name: str, is_package: bool = False) -> list[str]:
    own = layer_of(name)
    wrong = []
    for line, target in imported(source, name, is_package):
        if target == "agreement_kit" or target.startswith("agreement_kit.__"):
            continue  # the version string
        theirs = layer_of(target)
        if theirs not in ALLOWED[own]:
            wrong.append(f"{name}:{line}: {own} imports {target} ({theirs})")
    return wrong


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_point_down(path: Path):
    wrong = violations(path.read_text(), module_name(path), path.name == "__init__.py")
    assert not wrong, "\n".join(wrong)


def test_the_checker_catches_upward_imports():
    """Relative, absolute and function-level imports that climb are all reported."""
    source = ("from ..model.draft import Draft\n"
              "from ..library.clauses import Library\n"
              "def f():\n    from agreement_kit.negotiate import compare\n"
              "    from .. import output\n")
    wrong = violations(source, "agreement_kit.render.evil")
    assert [w.split(": ", 1)[1] for w in wrong] == [
        "render imports agreement_kit.library.clauses (library)",
        "render imports agreement_kit.negotiate (negotiate)",
        "render imports agreement_kit.output (face)"]
    assert violations("from .protection import FLOOR\n", "agreement_kit.model.review") == []
