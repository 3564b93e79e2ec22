"""The query page and an entity page in a real browser (Debian's Chromium driven by Playwright),
against a real server thread on 127.0.0.1."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from service.web import create_app
from test_web_features import make_store

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")]
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]


@pytest.fixture
def server(settings):
    app = create_app(settings, store=make_store())
    srv = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{srv.server_port}"
    srv.shutdown()
    thread.join(5)


@pytest.fixture
def page():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield browser.new_page()
        finally:
            browser.close()


def test_browser_query_page_runs_a_canned_query(server, page):
    page.goto(server + "/")
    page.wait_for_selector(".yasqe .CodeMirror", state="attached")
    page.click("button.canned[data-name=most-quoted]")
    page.click("button.yasqe_queryButton, .yasqe_queryButton, button:has(.queryIcon)")
    cell = page.wait_for_selector(".yasr td:has-text('Jana Novak')", timeout=15000)
    assert cell is not None
    assert page.locator(".yasr tbody tr").count() >= 1


def test_browser_entity_page_shows_label_and_claims(server, page):
    page.goto(server + "/entity/person/jana-novak")
    assert page.text_content("h1#label").strip() == "Jana Novak"
    claims = page.locator("#said .claim-text").all_text_contents()
    assert "The country is deeply divided." in claims
    page.click("#said a:has-text('Moldova talks stall') >> nth=0")
    page.wait_for_url("**/article/a1")
    assert page.text_content("h1#label").strip() == "Moldova talks stall"
