"""Search in a real browser (Debian's Chromium driven by Playwright), at desktop and phone width:
type words into the header's search box, see claims and speakers, narrow the claims list by a facet."""

from __future__ import annotations

import threading

import pytest
from werkzeug.serving import make_server

from search_corpus import corpus, put
from service.store.oxigraph import OxigraphStore
from service.web import create_app
from test_browser import ARGS, CHROMIUM

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")]
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 740}}


@pytest.fixture
def server(settings):
    st = OxigraphStore.open(settings.store)
    for a in corpus(20):
        put(st, a)
    srv = make_server("127.0.0.1", 0, create_app(settings, store=st), threaded=True)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{srv.server_port}"
    srv.shutdown()
    thread.join(5)
    st.close()


@pytest.fixture(params=list(WIDTHS))
def page(request):
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield browser.new_page(viewport=WIDTHS[request.param])
        finally:
            browser.close()


def test_browser_search_box_finds_claims_and_the_facets_narrow(server, page):
    page.goto(server + "/claims")
    page.fill("header form.search input[name=q]", "Velt")
    page.press("header form.search input[name=q]", "Enter")
    page.wait_for_url("**/search?q=Velt")
    assert page.text_content("#speakers li a").strip() == "Mara Velt"
    claims = page.locator("#claims table.claims tbody tr")
    assert claims.count() > 0
    assert set(page.locator("#claims a.speaker").all_text_contents()) == {"Mara Velt"}
    # nothing wider than the window: the page itself never scrolls sideways
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    # the claims list by facet: click a month, the list narrows to it and the count says so
    page.click("#claims p a[href*='claims']")
    page.wait_for_url("**/claims?q=Velt")
    total = int(page.text_content("#total").split()[0].replace(",", ""))
    month = page.locator("#facet-month li a").first
    count = int(page.locator("#facet-month li .count").first.text_content().replace(",", ""))
    month.click()
    page.wait_for_url("**month=*")
    assert int(page.text_content("#total").split()[0].replace(",", "")) == count <= total
    assert page.locator("table.claims tbody tr").count() == min(count, 50)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
