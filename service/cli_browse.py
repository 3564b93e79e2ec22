"""``newskg search`` and ``newskg claims``: the CLI side of ``/search`` and ``/claims``, calling the
same ``store.search.browse`` functions over the store's full-text index (``cli.py`` adds them)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from service.config import Settings
from service.errors import InputError

STORE = click.option("--store", "store", type=click.Path(file_okay=False), default=None,
                     help="Store directory [env NEWSKG_STORE, default data/store].")
FORMAT = click.option("--format", "fmt", default="table", show_default=True, type=click.Choice(["table", "json", "csv"]))
PAGE = click.option("--page", default=1, show_default=True, type=click.IntRange(1, 100000))


def _browse(store: str | None, fmt: str, run) -> None:
    """Run ``run(index)`` (a ``browse`` function, as the web pages do) over the store, read-only (a
    running server may hold it), and print the result as a table, JSON or CSV."""
    from service.store import open_store
    from service.store.search import output

    settings = Settings.load(store=store)
    if settings.sparql_endpoint:
        raise InputError("search needs the embedded store's full-text index; with an external SPARQL store "
                         "use `newskg query`")
    path = Path(settings.store)
    if not path.is_dir() or not any(path.iterdir()):
        raise InputError(f"no store at {path}: ingest articles into it first, or name the store with --store DIR")
    st = open_store(settings, read_only=True)
    try:
        result, rows, fields = run(st.search_index())
    finally:
        st.close()
    if fmt == "json":
        click.echo(json.dumps(result, ensure_ascii=False, indent=1))
    elif fmt == "csv":
        click.echo(output.csv_text(rows, fields), nl=False)
    else:
        click.echo("\n".join(output.text_lines(result)))


@click.command()
@click.argument("words")
@STORE
@FORMAT
@PAGE
@click.option("--what", default="all", show_default=True, type=click.Choice(["all", "claims", "speakers", "entities"]))
def search(words: str, store: str | None, fmt: str, page: int, what: str) -> None:
    """Claims, speakers and entities whose words or names match WORDS, best first (as /search)."""
    from service.store.search import browse, output

    def run(ix):
        result = browse.search(ix, words, what=what, page=page)
        return result, output.search_rows(result), output.SEARCH_FIELDS

    _browse(store, fmt, run)


@click.command()
@STORE
@FORMAT
@PAGE
@click.option("--q", "words", default="", help="Only claims whose words or speakers' names match.")
@click.option("--facet", "facets", multiple=True, metavar="NAME=VALUE",
              help="Narrow by a facet: speaker, place, organisation, outlet (IRIs), month (YYYY-MM), kind "
                   "(statement, belief, finding). Repeat to combine.")
def claims(store: str | None, fmt: str, page: int, words: str, facets: tuple[str, ...]) -> None:
    """Every claim, newest first, narrowed by facets, with each facet's counts (as /claims)."""
    from service.store.search import browse, output

    filters = browse.Filters(q=words)
    for item in facets:
        name, _, value = item.partition("=")
        if name not in browse.FACETS or not value:
            raise InputError(f"--facet {item!r}: give NAME=VALUE with NAME one of {', '.join(browse.FACETS)}")
        getattr(filters, name).append(value)

    def run(ix):
        result = browse.list_claims(ix, filters, page=page)
        return result, [output.claim_row(c) for c in result["claims"]], output.CLAIM_FIELDS

    _browse(store, fmt, run)
