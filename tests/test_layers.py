"""Dependencies point one way: stages import only the bottom layer; only the ingest package composes
them; the CLI and the web reach them through its front door (``service.ingest``); nothing imports
web or cli."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "service"
BOTTOM = {"service", "service.ir", "service.vocab", "service.config", "service.errors", "service.formats",
          "service.rdfterms"}
STAGES = ["reader", "nlp", "mapping", "linker", "store"]
# The stages ingest composes: the top layer (the CLI and the web) reaches them only through
# ``service.ingest`` itself, never through its inner modules. The top layer also opens and reads the
# store (to serve, query, search and dump it), but writes no article graph itself.
BEHIND_INGEST = ["service.reader", "service.nlp", "service.mapping", "service.linker"]
# Store calls that write article graphs: ingest's writer (and delete) make them, never the top layer.
ARTICLE_WRITES = ["put_graph(", "put_graphs(", "ensure_ontology("]


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


def top_layer() -> list[Path]:
    return [*sorted(PACKAGE.glob("cli*.py")), *sorted((PACKAGE / "web").rglob("*.py"))]


def test_layers_the_cli_and_the_web_ingest_only_through_the_front_door():
    assert (PACKAGE / "ingest" / "__init__.py").exists()
    for path in top_layer():
        for name in imports(path):
            behind = [m for m in BEHIND_INGEST if name == m or name.startswith(m + ".")]
            assert not behind and not name.startswith("service.ingest."), \
                f"{path.relative_to(PACKAGE)} imports {name}: go through service.ingest"


def test_layers_the_cli_and_the_web_write_no_article_graph_themselves():
    """Articles are written (and deleted) by ``service.ingest`` alone, so that the entity graphs,
    the ontology graph and the report stay right; the SPARQL endpoints' own updates are the
    protocol's, not ingest's."""
    for path in top_layer():
        source = path.read_text(encoding="utf-8")
        found = [call for call in ARTICLE_WRITES if call in source]
        assert not found, f"{path.relative_to(PACKAGE)} calls {found}: ingest through service.ingest"


def test_layers_one_way_in_no_second_ingest_module():
    """The former entrances are gone: one report class, one place that reads URLs and fetches."""
    for gone in ("pipeline.py", "bulk.py", "fetch.py"):
        assert not (PACKAGE / gone).exists(), gone
    reports, fetchers = [], []
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and node.name.endswith("Report"):
                reports.append(f"{path.relative_to(PACKAGE)}:{node.name}")
        if "requests.Session(" in path.read_text(encoding="utf-8") or "session.get(" in path.read_text(encoding="utf-8"):
            fetchers.append(path.relative_to(PACKAGE).as_posix())
    assert reports == ["ingest/report.py:IngestReport"]
    assert all(f.startswith(("reader/", "linker/", "store/")) for f in fetchers), fetchers


def test_layers_the_articles_route_does_not_open_or_write_the_store_itself():
    source = (PACKAGE / "web" / "articles.py").read_text(encoding="utf-8")
    assert "put_graph" not in source and "service.store" not in source and "threading" not in source
