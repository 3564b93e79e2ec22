"""The ``newskg`` command as a user runs it: a real subprocess, real files, a real store."""

import json
import os
import subprocess
import sys

import pytest
from rdflib import Dataset

from service.config import SAMPLE_ARTICLE


def newskg(*args, env=None, input=None):
    env = {**os.environ, "NEWSKG_LINK": "0", **(env or {})}
    return subprocess.run([sys.executable, "-m", "service", *args], capture_output=True, env=env, input=input,
                          timeout=300)


@pytest.mark.model
def test_cli_extract_ingest_query_dump_round_trip(tmp_path):
    store = str(tmp_path / "store")
    out = newskg("extract", str(SAMPLE_ARTICLE), "-f", "trig")
    assert out.returncode == 0, out.stderr
    ds = Dataset()
    ds.parse(data=out.stdout, format="trig")
    assert len(ds) > 500
    assert newskg("ingest", str(SAMPLE_ARTICLE), "--store", store).returncode == 0
    q = newskg("query", "SELECT (COUNT(*) AS ?n) WHERE { ?c a <https://schema.org/Claim> }", "--store", store,
               "--format", "json")
    assert q.returncode == 0, q.stderr
    assert int(json.loads(q.stdout)["results"]["bindings"][0]["n"]["value"]) >= 15
    dumped = tmp_path / "all.nq"
    assert newskg("dump", "--store", store, "-f", "nq", "-o", str(dumped)).returncode == 0
    # The article graph in the dump is the graph `extract` printed.
    ds2 = Dataset()
    ds2.parse(dumped, format="nquads")
    article_graphs = {g for _, _, _, g in ds.quads()}
    assert article_graphs <= {g for _, _, _, g in ds2.quads()}
    # Ingesting the same article again leaves one copy.
    newskg("ingest", str(SAMPLE_ARTICLE), "--store", store)
    q2 = newskg("query", "SELECT (COUNT(*) AS ?n) WHERE { ?c a <https://schema.org/Claim> }", "--store", store,
                "--format", "json")
    assert q2.stdout == q.stdout


@pytest.mark.parametrize("content, message", [
    (b"", "empty"), (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"), (b'{"text": ', "malformed JSON")])
def test_cli_bad_input_exits_non_zero_with_one_line(tmp_path, content, message):
    bad = tmp_path / ("bad.json" if content.startswith(b"{") else "bad.txt")
    bad.write_bytes(content)
    out = newskg("extract", str(bad))
    assert out.returncode == 1
    lines = out.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and "Traceback" not in lines[0]


def test_cli_malformed_query_and_unknown_format(tmp_path):
    from service.config import Settings
    from service.store import open_store

    open_store(Settings.load(environ={}, store=str(tmp_path / "s"))).close()
    out = newskg("query", "SELECT WHERE {", "--store", str(tmp_path / "s"))
    assert out.returncode == 1 and "does not parse" in out.stderr.decode()
    out = newskg("extract", str(SAMPLE_ARTICLE), "-f", "docx")
    assert out.returncode == 2 and "docx" in out.stderr.decode()


def test_cli_settings_lists_every_setting_but_never_prints_the_token():
    out = newskg("settings", env={"NEWSKG_UPDATE_TOKEN": "hunter2-secret", "NEWSKG_MAX_ROWS": "77"})
    text = out.stdout.decode()
    assert out.returncode == 0 and "NEWSKG_MAX_ROWS=77" in text
    assert "hunter2-secret" not in text and "NEWSKG_UPDATE_TOKEN='(set, not shown)'" in text
    out = newskg("settings", env={"NEWSKG_UPDATE_TOKEN": ""})
    assert "NEWSKG_UPDATE_TOKEN=''" in out.stdout.decode()


@pytest.mark.parametrize("args", [["query", "SELECT * WHERE { ?s ?p ?o }"], ["dump"], ["link"], ["delete", "a1"]],
                         ids=["query", "dump", "link", "delete"])
def test_cli_read_commands_refuse_a_missing_store(tmp_path, args):
    """`newskg query` without --store used to create ./data/store quietly and answer "(0 rows)"."""
    missing = tmp_path / "nowhere" / "store"
    out = newskg(*args, "--store", str(missing))
    lines = out.stderr.decode().strip().splitlines()
    assert out.returncode == 1 and len(lines) == 1 and f"no store at {missing}" in lines[0], out.stderr
    assert not missing.exists() and not missing.parent.exists()


def test_cli_json_output_ends_with_a_newline(tmp_path):
    from service.config import Settings
    from service.store import open_store

    open_store(Settings.load(environ={}, store=str(tmp_path / "s"))).close()
    out = newskg("query", "SELECT (1 AS ?x) WHERE {}", "--store", str(tmp_path / "s"), "--format", "json")
    assert out.returncode == 0 and out.stdout.endswith(b"}\n") and json.loads(out.stdout)["results"]["bindings"]


def test_cli_ingest_help_lists_the_article_formats_and_fields():
    from service.reader import SUFFIXES

    out = newskg("ingest", "--help").stdout.decode()
    for suffix in SUFFIXES:
        assert suffix in out
    for field in ('"text"', '"id"', '"title"', '"published"', '"authors"', '"publisher"', "Title", "Date", "---"):
        assert field in out
    assert ".md" in out and "skipped" in out
