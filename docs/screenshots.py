"""The README's screenshots of the reading pages, made in Debian's Chromium by Playwright.

    python docs/screenshots.py

Ingests the bundled sample article (what ``make run`` serves) into a temporary store with
linking off, starts ``newskg serve`` on a free 127.0.0.1 port and saves PNGs under docs/.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SAMPLE = ROOT / "service" / "data" / "sample-article.txt"
SHOTS = [  # file, what to open (found from the article's JSON), width, height
    ("page-article.png", "article", 1100, 760),
    ("page-article-phone.png", "article", 390, 844),
    ("page-entity.png", "speaker", 1100, 700),
    ("page-claim-phone.png", "claim", 390, 844),
]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "store"
        env = {"NEWSKG_LINK": "0", "PATH": str(BIN)}
        subprocess.run([str(BIN / "newskg"), "ingest", str(SAMPLE), "--store", str(store), "--no-link"], check=True,
                       env=env, capture_output=True)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        proc = subprocess.Popen([str(BIN / "newskg"), "serve", "--store", str(store), "--port", str(port)],
                                env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        url = f"http://127.0.0.1:{port}"
        try:
            for _ in range(120):
                try:
                    if requests.get(url + "/healthz", timeout=2).ok:
                        break
                except requests.RequestException:
                    time.sleep(0.5)
            csv = requests.get(url + "/sparql", params={"query": "SELECT ?a WHERE { ?a a <https://w3id.org/newskg#Article> }"},
                               headers={"Accept": "text/csv"}, timeout=30).text
            article = "/" + csv.splitlines()[1].strip().split("/", 3)[3]
            data = requests.get(url + article + "?format=json", timeout=30).json()
            quoted = max(data["claims"], key=lambda c: len(c["text"]) if c["speakers"] else 0)
            targets = {"article": article, "claim": "/" + quoted["claim"].split("/", 3)[3],
                       "speaker": "/" + quoted["speakers"][0]["iri"].split("/", 3)[3]}
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox"])
                for name, what, width, height in SHOTS:
                    page = browser.new_page(viewport={"width": width, "height": height})
                    page.goto(url + targets[what])
                    page.screenshot(path=str(ROOT / "docs" / name))
                    page.close()
                browser.close()
        finally:
            proc.terminate()
            proc.wait(15)


if __name__ == "__main__":
    main()
