"""The ``newskg`` command: each subcommand is a thin wrapper over ``pipeline`` and ``store``.

Errors a user can fix print one line on stderr and exit 1; the web service reports the same
errors as JSON.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import click

from service import __version__
from service.config import SETTINGS, Settings
from service.errors import InputError, NewskgError
from service.formats import GRAPH_FORMATS, graph_format, results_format
from service.ingest import FORMATS_HELP

STORE = click.option("--store", "store", type=click.Path(file_okay=False), default=None,
                     help="Store directory [env NEWSKG_STORE, default data/store].")
NO_LINK = click.option("--no-link", is_flag=True, help="Do not link entities to Wikidata.")
ENDPOINT = click.option("--sparql-endpoint", "sparql_endpoint", default=None, metavar="URL",
                        help="Keep the graph in this external SPARQL 1.1 store (query URL) instead of the "
                             "embedded one [env NEWSKG_SPARQL_ENDPOINT].")


def _settings(ctx: click.Context, **overrides) -> Settings:
    return Settings.load(**{k: v for k, v in overrides.items() if v is not None})


def _open_store(settings: Settings, *, read_only: bool = False, must_exist: bool = False):
    """The store the settings name; with ``must_exist``, a missing embedded store is an error
    rather than a new empty one (reading or deleting from nothing is a mistake in the path)."""
    from service.store import open_store

    if must_exist and not settings.sparql_endpoint:
        path = Path(settings.store)
        if not path.is_dir() or not any(path.iterdir()):
            raise InputError(f"no store at {path}: ingest articles into it first, or name the store with "
                             "--store DIR (or NEWSKG_STORE)")
    return open_store(settings, read_only=read_only)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newskg")
def cli() -> None:
    """newskg: news articles in, a knowledge graph of who said what, about whom, where and when out."""


@cli.command()
@click.argument("file")
@click.option("-f", "--format", "fmt", default="trig", show_default=True,
              type=click.Choice([f.name for f in GRAPH_FORMATS] + ["ttl"]), help="Output RDF format.")
@NO_LINK
def extract(file: str, fmt: str, no_link: bool) -> None:
    """Print one article's graphs (FILE, or - for stdin): its own, and those of the actors and places
    it names, as an empty store would hold them after ingesting it; no store needed."""
    from service.ingest import Posted, extract as extract_graphs
    from service.rdfterms import serialize_quads

    settings = Settings.load(**({"link": False} if no_link else {}))
    quads = extract_graphs(Posted(sys.stdin.buffer.read(), source="stdin") if file == "-" else file, settings)
    sys.stdout.buffer.write(serialize_quads(quads, graph_format(fmt)))


@cli.command(help="Ingest article files, directories, JSONL files and URLs into the store.\n\n" + FORMATS_HELP)
@click.argument("paths", nargs=-1, required=True)
@STORE
@ENDPOINT
@NO_LINK
@click.option("--jobs", "-j", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Worker processes extracting articles in parallel (one writer loads the store).")
@click.option("--engine", default="local", show_default=True, type=click.Choice(["local", "dask"]),
              help="Where extraction runs: local worker processes, or a Dask cluster.")
@click.option("--scheduler", default=None, help="Dask scheduler address (tcp://host:port); default: a LocalCluster.")
@click.option("--resume/--no-resume", default=None,
              help="Skip articles already in the store [default with --jobs > 1 or --engine dask; "
                   "--jobs 1 re-ingests, replacing them].")
@click.option("--nquads", "nquads", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Write the article graphs (and the ontology) to this N-Quads file instead of a store, "
                   "for `oxigraph load`.")
def ingest(paths: tuple[str, ...], store: str | None, no_link: bool, jobs: int = 1, engine: str = "local",
           scheduler: str | None = None, resume: bool | None = None, sparql_endpoint: str | None = None,
           nquads: str | None = None) -> None:
    """Ingest article files, directories, JSONL files and URLs into the store."""
    from service.ingest import ingest as run_ingest

    settings = Settings.load(store=store, sparql_endpoint=sparql_endpoint, **({"link": False} if no_link else {}))
    if scheduler and engine != "dask":
        engine = "dask"  # a scheduler address only means something to Dask
    parallel = jobs > 1 or engine != "local"
    options = dict(jobs=jobs, engine=engine, scheduler=scheduler, progress=True,
                   resume=parallel if resume is None else resume)
    if nquads:
        with open(nquads, "wb") as out:
            report = run_ingest(list(paths), None, settings, nquads_out=out, **{**options, "resume": False})
    else:
        report = run_ingest(list(paths), None, settings, **options)  # the store is opened once URLs are read
    for source, message in report.failed:
        click.echo(f"newskg: skipped {source + ': ' if source and source not in message else ''}{message}", err=True)
    click.echo(report.summary(), err=True)
    if report.failed and not report.ingested and not report.skipped:
        sys.exit(1)


@cli.command()
@STORE
@ENDPOINT
def link(store: str | None, sparql_endpoint: str | None = None) -> None:
    """Link (or re-link) the stored articles' actors and places to Wikidata."""
    from service.ingest import link_stored

    settings = Settings.load(store=store, link=True, sparql_endpoint=sparql_endpoint)
    st = _open_store(settings, must_exist=True)
    try:
        counts, unreachable = link_stored(st, settings, progress=True)
    finally:
        st.close()
    click.echo(f"linked {counts['linked']} of {counts['entities']} entities in {counts['articles']} article(s); "
               f"{counts['unlinked']} without an item, {counts['unreachable']} not asked (Wikidata unreachable)",
               err=True)
    if unreachable and counts["entities"]:
        sys.exit(1)


@cli.command()
@click.argument("article_id")
@STORE
@ENDPOINT
def delete(article_id: str, store: str | None, sparql_endpoint: str | None = None) -> None:
    """Remove one article (by id or IRI) and everything only it asserted."""
    from service.ingest import delete_article

    settings = Settings.load(store=store, sparql_endpoint=sparql_endpoint)
    st = _open_store(settings, must_exist=True)
    try:
        iri = delete_article(st, settings, article_id)
        if iri is None:
            raise NewskgError(f"no article {article_id} in the store")
    finally:
        st.close()
    click.echo(f"deleted {iri}", err=True)


@cli.command()
@STORE
@ENDPOINT
@click.option("-f", "--format", "fmt", default="turtle", show_default=True,
              type=click.Choice(["turtle", "ttl", "trig", "nq", "nt", "jsonld"]))
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None, help="File to write (default stdout).")
def dump(store: str | None, fmt: str, output: str | None, sparql_endpoint: str | None = None) -> None:
    """Write the whole store as RDF."""
    settings = Settings.load(store=store, sparql_endpoint=sparql_endpoint)
    f = graph_format(fmt)
    st = _open_store(settings, read_only=True, must_exist=True)
    try:
        if output:
            with open(output, "wb") as out:
                st.dump(out, f)
        else:
            st.dump(sys.stdout.buffer, f)
    finally:
        st.close()


@cli.command()
@click.argument("sparql")
@STORE
@ENDPOINT
@click.option("--format", "fmt", default="table", show_default=True, type=click.Choice(["table", "json", "csv", "tsv", "xml"]))
def query(sparql: str, store: str | None, fmt: str, sparql_endpoint: str | None = None) -> None:
    """Run a SPARQL query ('SELECT ...' or @file.rq) against the store."""
    from service.sparql import render_table, run_query

    if sparql.startswith("@"):
        try:
            sparql = Path(sparql[1:]).read_text(encoding="utf-8")
        except OSError as e:
            raise InputError(f"cannot read {sparql[1:]}: {e.strerror}") from e
    settings = Settings.load(store=store, sparql_endpoint=sparql_endpoint)
    st = _open_store(settings, read_only=True, must_exist=True)
    try:
        result = run_query(st, sparql, settings=settings)
        if fmt == "table":
            click.echo(render_table(result))
        else:
            out = io.BytesIO()
            result.write(out, results_format(fmt) if result.kind != "graph" else graph_format("turtle"))
            body = out.getvalue()
            sys.stdout.buffer.write(body if body.endswith(b"\n") else body + b"\n")
    finally:
        st.close()


@cli.command()
@STORE
@ENDPOINT
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--threads", default=None, type=click.IntRange(1, 512),
              help="Threads running the app in the one worker process (granian blocking threads, gunicorn "
                   "gthread threads) [default: NEWSKG_QUERY_WORKERS + 2 x cores + 1: most wait for a query worker].")
@click.option("--server", default="granian", show_default=True, type=click.Choice(["granian", "gunicorn"]),
              help="HTTP server. granian (Rust) parses HTTP outside the GIL; gunicorn is the former default.")
@click.option("--access-log/--no-access-log", "access_log", default=True, show_default=True,
              help="Log one line per request on stdout (under granian it costs no measurable CPU: "
                   "about 3.5 ms per request with or without it on the 100k-triple benchmark's q5).")
@click.option("--get", "get_path", default=None, help="Run one GET request through the app, print the body and exit.")
def serve(store: str | None, host: str, port: int, threads: int | None, get_path: str | None,
          sparql_endpoint: str | None = None, server: str = "granian", access_log: bool = True) -> None:
    """Serve the SPARQL endpoint, dumps and pages: one worker process owns the store, threads answer,
    and queries run in worker processes that are stopped at the time and memory limits.

    The default server is granian; only its worker process opens the store (settings reach it as
    NEWSKG_* environment variables). --server gunicorn runs gunicorn's gthread worker instead.
    If the server dies it is started again, for ever; only one that never started (the store is
    locked, the port taken) ends `serve`, with exit code 1.
    """
    from service.web import create_app

    settings = Settings.load(store=store, sparql_endpoint=sparql_endpoint)
    if get_path:
        app = create_app(settings)
        try:
            with app.test_client() as client:
                resp = client.get(get_path)
                sys.stdout.buffer.write(resp.get_data())
        finally:
            app.extensions["newskg"].store.close()
        sys.exit(0 if resp.status_code < 300 else 1)
    from service.web.server import run

    _warn_base_iri(settings, host, port)
    sys.exit(run(settings, host=host, port=port, threads=threads, server=server, access_log=access_log))


def _warn_base_iri(settings: Settings, host: str, port: int) -> None:
    """One stderr line when the IRIs newskg mints would not resolve at the address it serves."""
    from service.web.links import base_iri_warning

    warning = base_iri_warning(settings.base, host, port)
    if warning:
        click.echo(f"newskg: warning: {warning}", err=True)


@cli.command("settings")
def show_settings() -> None:
    """List every setting with its environment variable, current value and help."""
    current = Settings.load()
    for s in SETTINGS:
        value = current.values[s.name]
        shown = ("'(set, not shown)'" if value else "''") if s.secret else repr(value)
        click.echo(f"{s.env}={shown}\n    {s.help}")


def _add_browse_commands() -> None:
    from service.cli_browse import claims, search

    cli.add_command(search)
    cli.add_command(claims)


_add_browse_commands()


def main() -> None:
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("newskg: aborted", err=True)
        sys.exit(130)
    except click.ClickException as e:
        e.show()
        sys.exit(e.exit_code)
    except NewskgError as e:
        click.echo(f"newskg: error: {' '.join(e.message.split())}", err=True)  # one line, always
        sys.exit(1)
    except BrokenPipeError:
        sys.exit(0)
