"""The graphs of shared actors and places, derived in the store from the articles' references.

Same rule as ``service.mapping.entities`` (which documents the data's shape), written as SPARQL
Update operations that run inside the same update, hence the same transaction, as the article
write they follow: no read before the write, so two writers naming the same actor cannot leave
its graph stale. Every write of article graphs runs

1. the contribution of the graphs being replaced (their current references) taken out of the graphs
   of the nodes they name: a fact goes when no reference in another graph gives it, a node no
   other graph names loses its graph;
2. the drops and inserts of the graphs;
3. the contribution of the new graphs added.

A node's graph is a fold of its references (types, matches and other names are unions; the label
is the greatest name), so both steps touch only the facts the article's references give and check
each against the other references by index lookups: the cost of a write grows with the number of
references that give the same facts, not with the size of the store. The terms are spelt out
here (the store knows no rdflib); ``tests/test_entity_graphs.py`` checks that this and
``mapping.entities.derive`` give the same graphs, over random sequences of writes and deletes.
"""

from __future__ import annotations

from typing import Iterable

NKG = "https://w3id.org/newskg#"
REFERS_TO = f"<{NKG}refersTo>"
PREFIXES = (f"PREFIX nkg: <{NKG}>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
            "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n")
PAD = "0000000000"


def _pad(expr: str) -> str:
    """``expr`` (an integer) as 10 digits, so that strings compare as the numbers do."""
    return f'CONCAT(SUBSTR("{PAD}", 1, {len(PAD)} - STRLEN(STR({expr}))), STR({expr}))'


def _key(var: str) -> str:
    """The label order as a string: the most complete name (spaces, then characters, then code-point
    order) has the greatest key "<spaces><length>|<name>", as ``mapping.entities.label_key`` orders."""
    return ("CONCAT(" + _pad(f'(STRLEN({var}) - STRLEN(REPLACE({var}, " ", "")))') + ", " + _pad(f"STRLEN({var})")
            + f', "|", {var})')


_KEY = _key("?n")


def _iris(iris: Iterable[str]) -> str:
    return " ".join(f"<{i}>" for i in iris)


def before_replacing(graphs: list[str], kept: dict[str, dict] | None = None) -> list[str]:
    """Step 1: take the contribution of ``graphs`` (their current references) out of the graphs of
    the nodes they name, leaving what the references in all other graphs give, and what ``kept``
    (``merged(...)`` of the new graphs that replace them) gives again.

    A fact goes when no other graph's reference gives it (looked up by node and fact: the one cost
    that grows with the number of articles naming the node, so a fact the new graphs give again is
    not looked up at all, and re-ingesting an unchanged article checks nothing); a node no graph
    names any more loses its whole graph; a label only these graphs gave is chosen again among the
    other names.
    """
    kept = kept or {}
    old = f"VALUES ?src {{ {_iris(graphs)} }} GRAPH ?src {{ ?r0 nkg:refersTo ?e ; %s }}"
    nodes = f"VALUES ?src {{ {_iris(graphs)} }} GRAPH ?src {{ ?r0 nkg:refersTo ?e }}"
    others = f"FILTER(?g NOT IN ({', '.join(f'<{g}>' for g in graphs)}))"

    def nobody_else(pattern: str, var: str, field: tuple[str, ...]) -> str:
        # What the new graphs give again is not looked up (MINUS: a hash anti-join). Then OPTIONAL +
        # !BOUND rather than FILTER NOT EXISTS: Oxigraph evaluates this one with the outer bindings
        # (a lookup per fact), a NOT EXISTS of two patterns without them (a scan of all references).
        pairs = " ".join(f"(<{n}> {x})" for n, m in sorted(kept.items()) for f in field for x in sorted(m[f]))
        again = f"MINUS {{ VALUES (?e {var}) {{ {pairs} }} }} " if pairs else ""
        return f"{again}OPTIONAL {{ GRAPH ?g {{ ?r nkg:refersTo ?e ; {pattern} }} {others} }} FILTER(!BOUND(?r))"

    still = f"FILTER(?e NOT IN ({', '.join(f'<{n}>' for n in sorted(kept))})) " if kept else ""
    return [
        # a node no graph names any more: its graph goes
        f"DELETE {{ GRAPH ?e {{ ?s ?p ?o }} }} WHERE {{ {nodes} {still}"
        f"FILTER NOT EXISTS {{ GRAPH ?g {{ ?r nkg:refersTo ?e }} {others} }} GRAPH ?e {{ ?s ?p ?o }} }}",
        # types and Wikidata matches no other graph gives
        f"DELETE {{ GRAPH ?e {{ ?e a ?t }} }} WHERE {{ {old % 'nkg:refType ?t'} "
        f"{nobody_else('nkg:refType ?t', '?t', ('types',))} }}",
        f"DELETE {{ GRAPH ?e {{ ?e skos:exactMatch ?q }} }} WHERE {{ {old % 'nkg:refMatch ?q'} "
        f"{nobody_else('nkg:refMatch ?q', '?q', ('matches',))} }}",
        # a label no other graph gives as a name becomes another name (the next operation may drop it)
        f"DELETE {{ GRAPH ?e {{ ?e rdfs:label ?n }} }} INSERT {{ GRAPH ?e {{ ?e skos:altLabel ?n }} }} "
        f"WHERE {{ {old % 'nkg:refName ?n'} GRAPH ?e {{ ?e rdfs:label ?n }} "
        f"{nobody_else('nkg:refName ?n', '?n', ('names',))} }}",
        # names and aliases no other graph gives
        f"DELETE {{ GRAPH ?e {{ ?e skos:altLabel ?n }} }} WHERE {{ {old % 'nkg:refName|nkg:refAlias ?n'} "
        f"{nobody_else('nkg:refName|nkg:refAlias ?n', '?n', ('names', 'aliases'))} }}",
        # a node left without a label: the most complete of the other graphs' names
        f"INSERT {{ GRAPH ?e {{ ?e rdfs:label ?label }} }} WHERE {{ {{ SELECT ?e (MAX(?key) AS ?best) WHERE {{ "
        f"{nodes} FILTER NOT EXISTS {{ GRAPH ?e {{ ?e rdfs:label ?x }} }} "
        f"GRAPH ?g {{ ?r nkg:refersTo ?e ; nkg:refName ?n }} {others} BIND({_KEY} AS ?key) }} GROUP BY ?e }} "
        f'BIND(STRAFTER(?best, "|") AS ?label) }}',
        f"DELETE {{ GRAPH ?e {{ ?e skos:altLabel ?l }} }} WHERE {{ {nodes} "
        f"GRAPH ?e {{ ?e rdfs:label ?l ; skos:altLabel ?l }} }}",
    ]


def contributions(quads) -> dict[str, dict[str, set]]:
    """What these (pyoxigraph) quads' references give each node: ``{node: {"types", "matches",
    "aliases"}}`` as sets of terms in N-Triples syntax, and ``"names"`` as {term: text}."""
    refs: dict = {}
    for q in quads:
        if q.predicate.value == NKG + "refersTo":
            refs[q.subject] = q.object.value
    out: dict[str, dict] = {}
    field = {NKG + "refType": "types", NKG + "refMatch": "matches", NKG + "refName": "names",
             NKG + "refAlias": "aliases"}
    for q in quads:
        node = refs.get(q.subject)
        if node is None or q.predicate.value not in field:
            continue
        facts = out.setdefault(node, {"types": set(), "matches": set(), "names": {}, "aliases": set()})
        if q.predicate.value == NKG + "refName":
            facts["names"][str(q.object)] = q.object.value
        else:
            facts[field[q.predicate.value]].add(str(q.object))
    return out


def _label_key(name: str) -> tuple[int, int, str]:
    return name.count(" "), len(name), name


def merged(graphs_quads: Iterable) -> dict[str, dict]:
    """``contributions`` of several graphs (lists of quads), merged per node."""
    out: dict[str, dict] = {}
    for quads in graphs_quads:
        for node, facts in contributions(quads).items():
            m = out.setdefault(node, {"types": set(), "matches": set(), "names": {}, "aliases": set()})
            for k in ("types", "matches", "aliases"):
                m[k] |= facts[k]
            m["names"].update(facts["names"])
    return out


def after_inserting(new: dict[str, dict]) -> list[str]:
    """Step 3: the contribution of the new graphs' references (``merged(...)``) added to the graphs
    of the nodes they name: their types, matches and names (as other names), and their best name as
    the label where it beats the current one (which becomes another name)."""
    if not new:
        return []
    best = [f"(<{node}> {max(m['names'], key=lambda t: _label_key(m['names'][t]))})"
            for node, m in sorted(new.items()) if m["names"]]
    inserts = " ".join(f"GRAPH <{node}> {{ {_facts(node, m)} }}" for node, m in sorted(new.items()))
    values = f"VALUES (?e ?cand) {{ {' '.join(best)} }}"
    better = f"{_key('?cand')} > {_key('?cur')}"
    return [
        f"INSERT DATA {{ {inserts} }}",
        f"INSERT {{ GRAPH ?e {{ ?e rdfs:label ?cand }} }} WHERE {{ {values} "
        f"OPTIONAL {{ GRAPH ?e {{ ?e rdfs:label ?cur }} }} FILTER(!BOUND(?cur) || {better}) }}",
        f"DELETE {{ GRAPH ?e {{ ?e rdfs:label ?cur }} }} INSERT {{ GRAPH ?e {{ ?e skos:altLabel ?cur }} }} "
        f"WHERE {{ {values} GRAPH ?e {{ ?e rdfs:label ?cur }} FILTER({better}) }}",
        f"DELETE {{ GRAPH ?e {{ ?e skos:altLabel ?l }} }} WHERE {{ VALUES ?e {{ {_iris(sorted(new))} }} "
        f"GRAPH ?e {{ ?e rdfs:label ?l }} }}",
    ]


def _facts(node: str, m: dict) -> str:
    e = f"<{node}>"
    lines = [f"{e} a {t} ." for t in sorted(m["types"])]
    lines += [f"{e} skos:exactMatch {q} ." for q in sorted(m["matches"])]
    lines += [f"{e} skos:altLabel {n} ." for n in sorted(set(m["names"]) | m["aliases"])]
    return " ".join(lines)


def referenced(quads) -> set[str]:
    """The shared nodes that these (pyoxigraph) quads refer to."""
    return {q.object.value for q in quads if q.predicate.value == NKG + "refersTo"}


__all__ = ["PREFIXES", "REFERS_TO", "after_inserting", "before_replacing", "contributions", "merged", "referenced"]
