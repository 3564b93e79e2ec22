"""The reading pages in a real browser (Debian's Chromium driven by Playwright) at desktop and
phone width, against a real server thread on 127.0.0.1 over the invented articles of ``pages_data``."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from pages_data import BASE, harbour_article, articles, store_of
from service.mapping.iris import span_iri
from service.web import create_app

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")]
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]
SIZES = {"desktop": (1280, 900), "phone": (390, 844)}


def _claim_path(n: int) -> str:
    art = harbour_article()
    c = art.claims[n]
    return "/" + str(span_iri(BASE, art.id, "claim", c.start, c.end))[len(BASE):]


PAGES = {"article": "/article/harbour-1", "entity": "/entity/person/tomas-berg", "claim": _claim_path(1),
         "data": "/article/harbour-1?view=data"}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from service.config import Settings

    tmp = tmp_path_factory.mktemp("browser-pages")
    settings = Settings.load(environ={}, store=str(tmp / "store"), data_dir=str(tmp / "data"), link=False,
                             base_iri=BASE)
    srv = make_server("127.0.0.1", 0, create_app(settings, store=store_of(articles())), threaded=True)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{srv.server_port}"
    srv.shutdown()
    thread.join(5)


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(params=list(SIZES))
def page(request, browser):
    width, height = SIZES[request.param]
    pg = browser.new_page(viewport={"width": width, "height": height})
    yield pg
    pg.close()


def _no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"the page is {width}px wide in a {page.viewport_size['width']}px window"


@pytest.mark.parametrize("name", list(PAGES))
def test_browser_reading_page_fits_the_window(server, page, name):
    resp = page.goto(server + PAGES[name])
    assert resp.status == 200
    assert page.locator("h1#label").inner_text().strip()
    _no_sideways_scroll(page)
    # The search box submits to /search?q= on every page.
    assert page.get_attribute("form.search", "action").endswith("search")
    assert page.locator("link[rel=icon]").count() == 1


def test_browser_article_claims_are_marked_and_readable(server, page):
    art = harbour_article()
    page.goto(server + PAGES["article"])
    marks = page.locator("#text mark.claim")
    assert marks.count() == len(art.claims)
    assert sorted(marks.all_inner_texts()) == sorted(c.text for c in art.claims)
    rows = page.locator("#claims-table tbody tr")
    assert rows.count() == len(art.claims)
    first = rows.nth(0).bounding_box()
    assert first["width"] <= page.viewport_size["width"]  # a claim's row fits (stacked on a phone)
    cell = page.locator("#claims-table tbody tr >> nth=0 >> td >> nth=2").bounding_box()
    assert cell["width"] >= min(200, page.viewport_size["width"] * 0.5)  # the claim's words have room


def test_browser_clicking_a_speaker_goes_to_their_page(server, page):
    page.goto(server + PAGES["article"])
    page.click("#text a.speaker-tag:has-text('Tomas Berg')")
    page.wait_for_url("**/entity/person/tomas-berg")
    assert page.locator("h1#label").inner_text().strip() == "Tomas Berg"
    assert "We are not ready" in page.locator("#said").inner_text()
    page.click("#about a.speaker >> nth=0")
    page.wait_for_url("**/entity/person/kari-holm")
    assert page.locator("h1#label").inner_text().strip() == "Kari Holm"


def test_browser_claim_page_links_back_to_its_article(server, page):
    page.goto(server + PAGES["claim"])
    assert page.locator("#claim-text").inner_text().strip() == "We are not ready"
    assert page.locator("#paragraph mark.claim").inner_text().strip() == "We are not ready"
    page.click("a#article")
    page.wait_for_url("**/article/harbour-1")
    assert page.locator("h1#label").inner_text().strip() == "Harbour bridge to reopen"
