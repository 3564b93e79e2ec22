"""Every canned query parses, documents itself, and answers on the sample article."""

import pytest

from service.config import SAMPLE_ARTICLE
from service.ingest import Pipeline, ingest
from service.queries import load_queries

QUERIES = load_queries()


@pytest.mark.parametrize("query", QUERIES, ids=[q.name for q in QUERIES])
def test_queries_have_a_comment_header(query):
    assert query.title and query.description and query.text.startswith("#")


@pytest.mark.model
@pytest.mark.parametrize("query", [q for q in QUERIES if q.name != "wikidata-links"],
                         ids=[q.name for q in QUERIES if q.name != "wikidata-links"])
def test_queries_return_rows_on_the_sample(query, settings, store):
    ingest([SAMPLE_ARTICLE], store, settings, pipeline=Pipeline(settings))
    rows = list(store.query(query.text))
    assert rows, query.name
