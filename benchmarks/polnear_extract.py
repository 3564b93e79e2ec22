"""Who-said-what on PolNeAR (train or dev), extracted in one process and scored by the shared scorer.

    python benchmarks/polnear_extract.py --split train -v           # write inputs, extract, score
    python benchmarks/polnear_extract.py --split dev --json         # the figures to report
    python benchmarks/polnear_extract.py --in IN --out OUT          # only extract IN/*.json → OUT/<id>.trig

The data and the scorer live in ../shared (PolNeAR has no licence: nothing of it enters this
repository). The shared scorer `../shared/eval/polnear.py` writes each article's newskg input
(`--write-inputs`), this script runs them all through one `Pipeline` (linking off, spaCy loaded
once) into TriG, and the scorer reads those graphs (`--trig-dir`). `--limit`, `--ids`, `-v` and
`--json` are passed on to the scorer. Read errors on train; report dev.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCORER = ROOT.parent / "shared/eval/polnear.py"
sys.path.insert(0, str(ROOT))


def extract_dir(inputs: Path, out: Path) -> tuple[int, list[str]]:
    """Every IN/<id>.json through one pipeline into OUT/<id>.trig; returns (articles, failures)."""
    from service import reader
    from service.config import Settings
    from service.errors import NewskgError
    from service.formats import graph_format
    from service.ingest import Pipeline
    from service.rdfterms import serialize_quads

    pipeline = Pipeline(Settings.load(link=False), link=False)
    trig = graph_format("trig")
    out.mkdir(parents=True, exist_ok=True)
    failures, n = [], 0
    for path in sorted(inputs.glob("*.json")):
        n += 1
        try:
            raws = [r for r in reader.read_path(path) if not isinstance(r, NewskgError)]
            # alone: with the graphs of the actors it names, whose labels say who spoke (as `newskg extract`)
            article, quads = pipeline.extract(raws[0], alone=True)
            (out / f"{path.stem}.trig").write_bytes(serialize_quads(quads, trig))
        except Exception as e:  # one article's failure is reported, the others go on
            failures.append(f"{path.stem}: {type(e).__name__}: {e}")
    return n, failures


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", choices=["train", "dev"], default="dev")
    ap.add_argument("--limit", type=int)
    ap.add_argument("--ids")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("--in", dest="inputs", help="only extract: the folder of <id>.json inputs")
    ap.add_argument("--out", help="where the <id>.trig graphs go (default: a temporary folder)")
    a = ap.parse_args()
    if not SCORER.exists():
        sys.exit(f"{SCORER} is absent: nothing to score")
    with tempfile.TemporaryDirectory() as tmp:
        inputs = Path(a.inputs) if a.inputs else Path(tmp) / "in"
        out = Path(a.out) if a.out else Path(tmp) / "out"
        select = (["--limit", str(a.limit)] if a.limit else []) + (["--ids", a.ids] if a.ids else [])
        if not a.inputs:
            subprocess.run([sys.executable, str(SCORER), "--write-inputs", str(inputs), "--split", a.split, *select],
                           check=True, stdout=subprocess.DEVNULL)
        t = time.perf_counter()
        n, failures = extract_dir(inputs, out)
        secs = time.perf_counter() - t
        print(f"extracted {n} articles in {secs:.1f} s ({n / max(secs, 1e-9):.1f}/s), {len(failures)} failed",
              file=sys.stderr)
        for f in failures:
            print("FAILED", f, file=sys.stderr)
        if a.inputs:
            return
        flags = (["--json"] if a.json else []) + (["-v"] if a.verbose else [])
        subprocess.run([sys.executable, str(SCORER), "--trig-dir", str(out), "--split", a.split, *select, *flags],
                       check=True)


if __name__ == "__main__":
    main()
