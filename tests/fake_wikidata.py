"""A local fake of the Wikidata Action API, for tests and benchmarks (the real one is never called).

It answers ``wbsearchentities`` (prefix match on English labels and aliases, exact matches
first, then by sitelinks, like the real search), ``query`` with ``list=search`` (full-text
search: every word of the query among the words of an item's label, aliases and description,
quoted phrases in a row, alternatives joined by ``OR``; label and alias matches first, then by
sitelinks; answers give titles, which are QIDs) and
``wbgetentities`` (at most 50 ids, the real answer's shape: labels, descriptions, aliases,
claims and sitelinks). Claims are built from the fixture's ``P…`` keys: item values, or ISO
dates for time values (P569 born, P570 died, P571 founded, P576 dissolved).

The items come from ``tests/data/fake_wikidata.json`` (the sample article's entities and a
second article's, with the distractors a linker must survive) and
``tests/data/fake_wikidata_gum.json`` (the entities of GUM's news documents and their
namesakes: the development set of ``benchmarks/linking.py``).

The server records every request (parameters and headers), and ``script`` queues raw answers
(e.g. one HTTP 429 with Retry-After, or a ``maxlag`` error) to serve before the normal ones;
``down`` makes it refuse every request with HTTP 503 until it is set back, and ``refuse`` some
requests with a given status.

    python tests/fake_wikidata.py --port 8765     # run it by hand; Ctrl-C stops it
"""

from __future__ import annotations

import json
import re
import threading
import time
import unicodedata
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

DATA = Path(__file__).resolve().parent / "data" / "fake_wikidata.json"
GUM_DATA = Path(__file__).resolve().parent / "data" / "fake_wikidata_gum.json"
_PROPERTY = re.compile(r"^P[1-9]\d*$")
_QID = re.compile(r"^Q[1-9]\d*$")
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_WIKIS = ("en de fr es it nl pl ru ja zh pt sv uk ar fa ca vi ko fi no cs hu he id tr ro sr da "
          "bg el ms eo eu hr sk lt sl et gl hi th az ka be kk hy la simple ur ta bn mk tl lv nn "
          "cy sq bs ms af sw is ga br oc an ast").split()


def _fold(text: str) -> str:
    t = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in t if not unicodedata.combining(c)).lower().split())


def _words(text: str) -> list[str]:
    return re.sub(r"[^0-9a-z]+", " ", _fold(text)).split()


def _statement(qid: str, prop: str, value: str, n: int) -> dict:
    if _QID.match(value):
        snak = {"datatype": "wikibase-item",
                "datavalue": {"value": {"entity-type": "item", "numeric-id": int(value[1:]), "id": value},
                              "type": "wikibase-entityid"}}
    elif _DATE.match(value):
        snak = {"datatype": "time",
                "datavalue": {"value": {"time": f"+{value}T00:00:00Z", "timezone": 0, "before": 0,
                                        "after": 0, "precision": 11,
                                        "calendarmodel": "http://www.wikidata.org/entity/Q1985727"},
                              "type": "time"}}
    else:
        raise ValueError(f"{qid} {prop}: {value!r} is neither an item nor a date")
    return {"mainsnak": {"snaktype": "value", "property": prop, **snak},
            "type": "statement", "id": f"{qid}${n:08d}-fake", "rank": "normal"}


def expand(qid: str, item: dict, props: set[str]) -> dict:
    """The compact fixture entry as wbgetentities shows it."""
    out: dict = {"type": "item", "id": qid, "title": qid, "pageid": int(qid[1:]) % 10_000_000}
    # Like Wikibase's JSON, an empty map is written as [] ("claims": [] without statements).
    if "labels" in props:
        out["labels"] = {"en": {"language": "en", "value": item["label"]}}
    if "descriptions" in props:
        out["descriptions"] = {"en": {"language": "en", "value": item["description"]}} \
            if item.get("description") else []
    if "aliases" in props:
        out["aliases"] = {"en": [{"language": "en", "value": a} for a in item["aliases"]]} \
            if item.get("aliases") else []
    if "claims" in props:
        claims, n = {}, 0
        for prop in sorted((k for k in item if _PROPERTY.match(k)), key=lambda p: int(p[1:])):
            for value in item[prop]:
                n += 1
                claims.setdefault(prop, []).append(_statement(qid, prop, value, n))
        out["claims"] = claims or []
    if "sitelinks" in props:
        count = item.get("sitelinks", 0)
        sites = [f"{code}wiki" for code in _WIKIS][:count]
        sites += [f"x{i}wiki" for i in range(count - len(sites))]
        out["sitelinks"] = {s: {"site": s, "title": item["label"], "badges": []} for s in sites} or []
    return out


class FakeWikidata:
    """The fake API on 127.0.0.1 in a thread: ``with FakeWikidata() as fake: fake.url ...``."""

    def __init__(self, data: Path | dict | list = (DATA, GUM_DATA), *, port: int = 0) -> None:
        self.items: dict[str, dict] = {}
        for source in data if isinstance(data, (list, tuple)) else [data]:
            raw = source if isinstance(source, dict) else json.loads(Path(source).read_text(encoding="utf-8"))
            clash = set(raw["items"]) & set(self.items)
            if clash:
                raise ValueError(f"items defined twice: {sorted(clash)[:5]}")
            self.items.update(raw["items"])
        self.requests: list[dict] = []
        self.down = False
        # Requests to refuse: (parameter, value) -> HTTP status, e.g. {("list", "search"): 400}.
        self.refuse: dict[tuple[str, str], int] = {}
        self.script: deque[tuple[int, dict, dict]] = deque()
        self._lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                fake._handle(self)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/w/api.php"

    def start(self) -> "FakeWikidata":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> "FakeWikidata":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def calls(self, action: str | None = None) -> int:
        return sum(1 for r in self.requests if action is None or r["params"].get("action") == action)

    # ------------------------------------------------------------------ answers

    def _handle(self, h: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(h.path)
        params = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        with self._lock:
            self.requests.append({"time": time.monotonic(), "path": parts.path, "params": params,
                                  "headers": dict(h.headers.items())})
            scripted = self.script.popleft() if self.script else None
        if self.down and not scripted:
            scripted = (503, {}, {"error": {"code": "unavailable", "info": "down for the test"}})
        refused = next((status for (k, v), status in self.refuse.items() if params.get(k) == v), None)
        if refused and not scripted:
            scripted = (refused, {}, {"error": {"code": "badvalue", "info": "refused for the test"}})
        if scripted:
            status, headers, body = scripted
        else:
            status, headers, body = 200, {}, self.answer(params)
        data = json.dumps(body).encode()
        h.send_response(status)
        h.send_header("Content-Type", "application/json; charset=utf-8")
        h.send_header("Content-Length", str(len(data)))
        for k, v in headers.items():
            h.send_header(k, v)
        h.end_headers()
        h.wfile.write(data)

    def answer(self, params: dict) -> dict:
        action = params.get("action")
        if action == "wbsearchentities":
            return self.search(params.get("search", ""), int(params.get("limit", 7)))
        if action == "query" and params.get("list") == "search":
            return self.fulltext(params.get("srsearch", ""), int(params.get("srlimit", 10)),
                                 int(params.get("sroffset", 0)))
        if action == "wbgetentities":
            ids = [i for i in params.get("ids", "").split("|") if i]
            if len(ids) > 50:
                return {"error": {"code": "toomanyvalues",
                                  "info": "Too many values supplied for parameter \"ids\". The limit is 50."}}
            props = set(params.get("props", "info|sitelinks|aliases|labels|descriptions|claims").split("|"))
            entities = {i: expand(i, self.items[i], props) if i in self.items else {"id": i, "missing": ""}
                        for i in ids}
            return {"entities": entities, "success": 1}
        return {"error": {"code": "badvalue", "info": f"Unrecognized value for parameter \"action\": {action}"}}

    def search(self, text: str, limit: int) -> dict:
        q = _fold(text)
        hits = []
        for qid, item in self.items.items():
            if item.get("class"):
                continue  # classes are items too, but no test searches for them
            names = [("label", item["label"])] + [("alias", a) for a in item.get("aliases", [])]
            matched = [(kind, name) for kind, name in names if q and _fold(name).startswith(q)]
            if not matched:
                continue
            exact = [m for m in matched if _fold(m[1]) == q]
            kind, name = (exact or matched)[0]
            hits.append((not exact, -item.get("sitelinks", 0), int(qid[1:]), qid, kind, name))
        hits.sort()
        results = []
        for _, _, _, qid, kind, name in hits[:limit]:
            item = self.items[qid]
            r = {"id": qid, "title": qid, "pageid": int(qid[1:]) % 10_000_000,
                 "concepturi": f"http://www.wikidata.org/entity/{qid}", "repository": "wikidata",
                 "url": f"//www.wikidata.org/wiki/{qid}",
                 "display": {"label": {"value": item["label"], "language": "en"}},
                 "label": item["label"], "match": {"type": kind, "language": "en", "text": name}}
            if item.get("description"):
                r["description"] = item["description"]
                r["display"]["description"] = {"value": item["description"], "language": "en"}
            if kind == "alias":
                r["aliases"] = [name]
            results.append(r)
        body = {"searchinfo": {"search": text}, "search": results, "success": 1}
        if len(hits) > limit:
            body["search-continue"] = limit
        return body

    def fulltext(self, text: str, limit: int, offset: int = 0) -> dict:
        """CirrusSearch on items, roughly: ``a b`` needs both words among an item's words (label,
        aliases, description), ``"a b"`` the two in a row, and ``X OR Y`` either."""
        alternatives = []
        for part in re.split(r"\s+OR\s+", text.strip()):
            words = _words(part)
            if words:
                alternatives.append((part.strip().startswith('"'), words))
        hits = []
        for qid, item in self.items.items():
            if item.get("class") or not alternatives:
                continue
            names = [_words(n) for n in [item["label"], *item.get("aliases", [])]]
            description = _words(item.get("description", ""))
            in_names = any(_has(n, words, phrase) for phrase, words in alternatives for n in names)
            if in_names or any(_has(description, words, phrase) for phrase, words in alternatives):
                hits.append((not in_names, -item.get("sitelinks", 0), int(qid[1:]), qid))
        hits.sort()
        page = hits[offset:offset + limit]
        body: dict = {"batchcomplete": True,
                      "query": {"searchinfo": {"totalhits": len(hits)},
                                "search": [{"ns": 0, "title": qid, "pageid": int(qid[1:]) % 10_000_000,
                                            "snippet": self.items[qid].get("description", "")}
                                           for *_, qid in page]}}
        if len(hits) > offset + limit:
            body["continue"] = {"sroffset": offset + limit, "continue": "-||"}
        return body


def _has(words: list[str], wanted: list[str], phrase: bool) -> bool:
    """All the wanted words among the words (``phrase``: in a row)."""
    if not phrase:
        return set(wanted) <= set(words)
    return any(words[i:i + len(wanted)] == wanted for i in range(len(words) - len(wanted) + 1))


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    fake = FakeWikidata(port=args.port)
    print(f"fake Wikidata API at {fake.url}", flush=True)
    try:
        fake.server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
