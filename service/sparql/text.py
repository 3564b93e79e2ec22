"""Reading SPARQL text without parsing it: where its keywords, variables and SERVICE calls are,
and whether its shape is safe to hand to the engine.

A small lexer skips strings, IRIs and comments, so that keywords are only found where they are
keywords. It does not parse SPARQL; pyoxigraph does that.
"""

from __future__ import annotations

import re
from typing import Iterator

from service.errors import Forbidden, QueryError, TooLarge

_TOKEN = re.compile(r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\s]*>)
  | (?P<var>[?$][A-Za-z0-9_\u00b7-\uffff]+)
  | (?P<word>[A-Za-z_][A-Za-z0-9_\-]*(?::[^\s{}()<>,;.]*)?)
  | (?P<punct>.)
""", re.VERBOSE | re.DOTALL)


def _tokens(text: str) -> Iterator[tuple[str, str, int]]:
    """(kind, value, offset) for every significant token of a query or update."""
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if kind not in ("ws", "comment"):
            yield kind, m.group(), m.start()


# The engine parses and evaluates recursively: a query nested thousands deep, or an operator
# chained thousands of times ("1 + 1 + ...", "A UNION B UNION ..."), overflows its stack and
# kills the process. Real queries stay far below these bounds.
MAX_DEPTH = 64     # brackets ( { [ inside one another
MAX_CHAIN = 1000   # operators, UNION/MINUS/OPTIONAL and pattern separators at one bracket level
_CHAIN_PUNCT = set("|&!+-*/^=<>.")
_CHAIN_WORDS = {"UNION", "MINUS", "OPTIONAL", "FILTER", "BIND"}
_OPEN, _CLOSE = set("({["), set(")}]")


def check_shape(text: str, *, max_bytes: int) -> None:
    """Refuse a query or update that is too large, too deeply nested or too long a chain for the
    engine, before it reaches the engine (``TooLarge`` / ``QueryError``, with the limit)."""
    size = len(text.encode("utf-8"))
    if size > max_bytes:
        raise TooLarge(f"the query is {size:,} bytes; the limit is {max_bytes:,} (NEWSKG_MAX_QUERY_BYTES)")
    chains, prev = [0], ""
    toks = list(_tokens(text))
    for n, (kind, value, _at) in enumerate(toks):
        if kind == "punct" and value in _OPEN:
            chains.append(0)
            if len(chains) - 1 > MAX_DEPTH:
                raise QueryError(f"the query nests brackets more than {MAX_DEPTH} deep; simplify it")
        elif kind == "punct" and value in _CLOSE:
            if len(chains) > 1:
                chains.pop()
        elif kind == "punct" and value in _CHAIN_PUNCT or kind == "word" and value.upper() in _CHAIN_WORDS:
            if value == "." and prev.isdigit() and n + 1 < len(toks) and toks[n + 1][1][:1].isdigit() \
                    or value in "|&" and prev == value or value == "=" and prev in ("!", "<", ">"):
                prev = ""
                continue  # a decimal point, or the second character of ||, &&, !=, <=, >=
            chains[-1] += 1
            if chains[-1] > MAX_CHAIN:
                raise QueryError(f"the query chains more than {MAX_CHAIN} operators or patterns at one level; "
                                 "split it into smaller queries")
        prev = value


def service_calls(text: str) -> list[str | None]:
    """The endpoint IRIs of every ``SERVICE`` clause (``None`` when it is a variable)."""
    toks = list(_tokens(text))
    out: list[str | None] = []
    for i, (kind, value, _) in enumerate(toks):
        if kind == "word" and value.upper() == "SERVICE":
            j = i + 1
            if j < len(toks) and toks[j][0] == "word" and toks[j][1].upper() == "SILENT":
                j += 1
            out.append(toks[j][1][1:-1] if j < len(toks) and toks[j][0] == "iri" else None)
    return out


def check_service_calls(text: str, allow: str) -> None:
    """Refuse SERVICE clauses whose host is not in the comma-separated ``allow`` list."""
    from urllib.parse import urlsplit

    if "service" not in text.lower():  # no SERVICE keyword anywhere: nothing to lex
        return
    hosts = {h.strip().lower() for h in allow.split(",") if h.strip()}
    for iri in service_calls(text):
        host = (urlsplit(iri).hostname or "").lower() if iri else None
        if not host or host not in hosts:
            shown = f"<{iri}>" if iri else "a variable endpoint"
            raise QueryError(f"SERVICE {shown} is not allowed; allowed hosts (NEWSKG_SERVICE_ALLOW): "
                             + (", ".join(sorted(hosts)) or "none"))


def check_no_load(update: str) -> None:
    """Refuse SPARQL Update ``LOAD``: it would make the server fetch any URL (an internal service,
    a cloud metadata address) and report what came back. Articles are fetched by URL through
    ``POST /articles {"url": ...}``, which refuses non-public addresses at every redirect."""
    depth = 0
    for kind, value, _at in _tokens(update):
        if kind == "punct" and value == "{":
            depth += 1
        elif kind == "punct" and value == "}":
            depth -= 1
        elif kind == "word" and depth == 0 and value.upper() == "LOAD":
            raise Forbidden("SPARQL Update LOAD is not allowed: the service does not fetch URLs for updates "
                            "(post the triples, or ingest a page with POST /articles {\"url\": ...})")


def add_using(update: str, default: list[str], named: list[str]) -> str:
    """Apply the protocol's ``using-graph-uri``/``using-named-graph-uri`` to every INSERT/DELETE
    ... WHERE operation of ``update`` by writing USING clauses before its WHERE.

    An update that already says USING or WITH cannot take them (SPARQL 1.1 Protocol 2.2.3).
    """
    if not default and not named:
        return update
    toks = list(_tokens(update))
    depth, prev, spots = 0, None, []
    for kind, value, at in toks:
        if kind == "punct" and value == "{":
            depth += 1
        elif kind == "punct" and value == "}":
            depth -= 1
        elif kind == "word" and depth == 0:
            word = value.upper()
            if word in ("USING", "WITH"):
                raise QueryError(f"the update has a {word} clause and using-graph-uri/using-named-graph-uri "
                                 "parameters; give one or the other")
            if word == "WHERE" and prev == "}":
                spots.append(at)
        prev = value
    clause = "".join(f"USING <{g}> " for g in default) + "".join(f"USING NAMED <{g}> " for g in named)
    for at in reversed(spots):
        update = update[:at] + clause + update[at:]
    return update


KEYWORDS = set("""SELECT CONSTRUCT DESCRIBE ASK WHERE FROM NAMED PREFIX BASE DISTINCT REDUCED ORDER BY ASC DESC
LIMIT OFFSET GROUP HAVING OPTIONAL UNION MINUS FILTER BIND VALUES GRAPH SERVICE SILENT AS UNDEF NOT IN EXISTS
INSERT DELETE DATA WITH USING LOAD CLEAR DROP CREATE ADD MOVE COPY TO INTO DEFAULT ALL COUNT SUM MIN MAX AVG
SAMPLE GROUP_CONCAT SEPARATOR STR LANG LANGMATCHES DATATYPE BOUND IRI URI BNODE RAND ABS CEIL FLOOR ROUND CONCAT
STRLEN UCASE LCASE ENCODE_FOR_URI CONTAINS STRSTARTS STRENDS STRBEFORE STRAFTER YEAR MONTH DAY HOURS MINUTES
SECONDS TIMEZONE TZ NOW UUID STRUUID MD5 SHA1 SHA256 SHA384 SHA512 COALESCE IF STRLANG STRDT SAMETERM ISIRI ISURI
ISBLANK ISLITERAL ISNUMERIC REGEX SUBSTR REPLACE TRUE FALSE A""".split())


def explain_parse_error(text: str, message: str) -> str:
    """The engine's parse error, with what the user most likely meant: a misspelt keyword
    ("SELEC": did you mean SELECT?) or a prefix used but never declared."""
    import difflib

    declared, hints = set(), []
    toks = list(_tokens(text))
    for n, (kind, value, _at) in enumerate(toks):
        if kind != "word":
            continue
        if value.upper() == "PREFIX" and n + 1 < len(toks):
            declared.add(toks[n + 1][1].split(":", 1)[0])
        elif ":" in value:
            prefix = value.split(":", 1)[0]
            if prefix not in declared and prefix != "_" and f"prefix {prefix!r} is not" not in " ".join(hints):
                hints.append(f"the prefix {prefix!r} is not declared (add PREFIX {prefix}: <...>)")
        elif value.upper() not in KEYWORDS:
            near = difflib.get_close_matches(value.upper(), KEYWORDS, n=1, cutoff=0.75)
            if near:
                hints.append(f"{value!r} is not a SPARQL keyword: did you mean {near[0]}?")
    return message + ("; " + "; ".join(hints[:3]) if hints else "")


def query_variables(text: str) -> set[str]:
    """The names of the variables a query mentions (without ``?``/``$``)."""
    return {value[1:] for kind, value, _ in _tokens(text) if kind == "var"}
