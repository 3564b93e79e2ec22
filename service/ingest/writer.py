"""The one writer: article graphs into the store in batched transactions, or into an N-Quads file.

Only this process touches the store. Graphs are committed ``COMMIT`` at a time, so after a crash
every article graph in the store is complete; a resumed run skips them and does the rest. The
batch of a bulk run (``start_bulk``) goes through the store's bulk loader where it has one
(``OxigraphStore.put_graphs_bulk``: about half the writer's CPU per article, which on two cores
is CPU the workers get back); articles asked for one by one are written in one transaction each.
"""

from __future__ import annotations

import sys
import time

from service.ingest.report import Ingested
from service.ingest.workers import Extracted, Refused

COMMIT = 16           # article graphs per store transaction
BULK_COMMIT = 64      # at most, per bulk write: each costs the bulk loader new files (measured: 31 -> 24 ms
                      # of writer CPU per article from 16 to 64), but the last one waits for the slowest worker
BULK_MIN = 8          # fewer graphs go in as one transaction: the bulk loader's files cost more than they
                      # save below that (measured: 3 graphs, 28 ms of CPU per article by transaction, 37-48
                      # by the bulk loader; 1 graph, 27 against 66-91), and the last stretch of a run
                      # writes a few graphs at a time, with a core waiting
OPTIMIZE_AFTER = 200  # articles written in one run before the store is compacted


class Writer:
    """Collects workers' results into a report and writes the graphs (``store`` or ``nquads_out``)."""

    def __init__(self, report, *, store=None, nquads_out=None, commit: int = COMMIT, progress=None) -> None:
        self.report, self.store, self.out, self.commit, self.progress = report, store, nquads_out, commit, progress
        self.pending: dict[str, list] = {}
        self.extracted: dict[str, Extracted] = {}
        self.started = False
        self.derived = _Derived() if nquads_out is not None else None
        self.bulk = False  # set by ``start_bulk``
        self.to_come = 0   # articles of the bulk run not received yet

    def _start(self) -> None:
        """The ontology before the first article (a run that stores nothing changes nothing): it lives
        in its own named graph, so queries can follow subclass links."""
        from service.ingest.pipeline import ensure_ontology, ontology_quads

        if self.out is not None:
            self.out.write(_nquads(ontology_quads()))
        else:
            ensure_ontology(self.store)
        self.started = True

    def start_bulk(self, articles: int) -> None:
        """What follows is the batch of a bulk run, of about ``articles``: written through the store's
        bulk loader, an eighth of the run at a time (16 to ``BULK_COMMIT`` graphs), so that small runs
        still write while the workers analyse rather than all at the end."""
        self.flush()
        self.bulk = True
        self.to_come = articles
        self.commit = max(self.commit, min(BULK_COMMIT, articles // 8))

    def take(self, results: list) -> list[Refused]:
        """Record a batch of results; answers the refused ones (the caller decides how loud)."""
        refused = []
        for r in results:
            if isinstance(r, Refused):
                self.report.failed.append((r.source, r.message))
                refused.append(r)
                continue
            self.pending[r.iri] = _quads(r.graph)
            self.extracted[r.iri] = r
        if self.progress is not None:
            self.progress.update(len(results))
        self.to_come -= len(results)
        # In the last stretch every result is written as it comes: what is still pending when the
        # last worker stops is written with nobody else working (measured: 1 s of a 27 s run).
        if len(self.pending) >= self.commit or (self.bulk and self.to_come < self.commit):
            self.flush()
        return refused

    def flush(self) -> None:
        """Write what is pending in one transaction (or onto the N-Quads file)."""
        if not self.pending:
            return
        if not self.started:
            self._start()
        if self.out is not None:
            for quads in self.pending.values():
                self.out.write(_nquads(quads))
                self.derived.add(quads)
        elif self.bulk and len(self.pending) >= BULK_MIN and hasattr(self.store, "put_graphs_bulk"):
            self.store.put_graphs_bulk(self.pending)
        else:
            self.store.put_graphs(self.pending)
        for iri in self.pending:
            r = self.extracted.pop(iri)
            self.report.ingested.append(iri)
            self.report.articles.append(Ingested(iri, r.id, r.source, r.claims, r.entities))
        self.pending.clear()

    def finish(self) -> None:
        """Write the rest; compact the store after a large run (smaller store, flat write cost)."""
        self.flush()
        if self.out is not None:
            if not self.started:
                self._start()  # an N-Quads file always holds the ontology
            self.out.write(_nquads(self.derived.quads()))  # after the articles: they name the actors
        if self.store is not None and len(self.report.ingested) >= OPTIMIZE_AFTER and hasattr(self.store, "optimize"):
            self.store.optimize()


class _Derived:
    """The graphs of the shared actors and places named by the articles written to an N-Quads file,
    derived from the articles' references as they stream past (``mapping.entities.Derived``; in a
    store, the store derives them on every write)."""

    def __init__(self) -> None:
        from service.mapping.entities import Derived

        self.derived = Derived()

    def add(self, quads) -> None:
        from service.rdfterms import quads_triples
        from service.vocab import NKG

        refs = {q.subject for q in quads if q.predicate.value == str(NKG.refersTo)}
        self.derived.add(quads_triples(q for q in quads if q.subject in refs))

    def quads(self) -> list:
        from service.rdfterms import triples_quads

        return [q for node, triples in sorted(self.derived.graphs().items())
                for q in triples_quads(triples, str(node))]


def _quads(graph) -> list:
    if isinstance(graph, (bytes, bytearray)):
        from pyoxigraph import RdfFormat, parse

        return list(parse(graph, format=RdfFormat.N_QUADS))
    return graph


def _nquads(quads) -> bytes:
    from pyoxigraph import RdfFormat, serialize

    return serialize(quads, format=RdfFormat.N_QUADS)


class Progress:
    """tqdm on a terminal; elsewhere, for parallel runs, a plain line every few seconds."""

    def __init__(self, total: int, *, lines: bool = True) -> None:
        self.total, self.done, self.start, self.last = total, 0, time.monotonic(), 0.0
        self.lines = lines
        self.bar = None
        if sys.stderr.isatty():
            from tqdm import tqdm

            tqdm.monitor_interval = 0  # no monitor thread: worker processes are forked after the bar starts
            self.bar = tqdm(total=total, unit="article", file=sys.stderr)

    def update(self, n: int) -> None:
        self.done += n
        if self.bar is not None:
            self.bar.update(n)
            return
        now = time.monotonic()
        if self.lines and (now - self.last > 5 or self.done == self.total):
            self.last = now
            rate = self.done / max(now - self.start, 1e-9)
            eta = (self.total - self.done) / rate if rate else 0
            print(f"newskg: {self.done}/{self.total} articles, {rate:.1f}/s, ETA {eta:.0f}s", file=sys.stderr,
                  flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
