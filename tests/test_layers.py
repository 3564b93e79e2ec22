"""Dependencies point one way: stages import only the bottom layer; nothing imports web or cli."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "service"
BOTTOM = {"service", "service.ir", "service.vocab", "service.config", "service.errors", "service.formats",
          "service.rdfterms"}
STAGES = ["reader", "nlp", "mapping", "linker", "store", "fetch"]


def imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("service"):
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("service")}
    return found


def modules(stage: str) -> list[Path]:
    p = PACKAGE / stage
    return sorted(p.rglob("*.py")) if p.is_dir() else [p.with_suffix(".py")]


@pytest.mark.parametrize("stage", STAGES)
def test_layers_stages_import_only_the_bottom_layer_and_themselves(stage):
    for path in modules(stage):
        for name in imports(path):
            assert name in BOTTOM or name == f"service.{stage}" or name.startswith(f"service.{stage}."), \
                f"{path.relative_to(PACKAGE)} imports {name}"


def test_layers_nothing_below_the_top_imports_web_or_cli():
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE).as_posix()
        if rel.startswith("web/") or rel in ("cli.py", "__main__.py"):
            continue
        for name in imports(path):
            assert not name.startswith(("service.web", "service.cli")), f"{rel} imports {name}"


def test_layers_the_ir_knows_neither_spacy_nor_rdflib():
    tree = ast.parse((PACKAGE / "ir.py").read_text())
    names = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    names |= {n.module.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    assert names <= {"__future__", "dataclasses", "enum", "typing"}
