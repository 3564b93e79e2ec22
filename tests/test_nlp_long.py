"""Long articles: analysis stays linear, runs chunk by chunk, and lets other requests go between chunks."""

from __future__ import annotations

import threading
import time

import pytest

from service.ir import RawArticle
from service.nlp import LONG_ARTICLE_CHARS, Turns, analyse, chunks

NAMES = ["Jane Doe", "John Roe", "Maria Lopez", "Ahmed Karim"]


def _quotations(n: int) -> str:
    return "\n\n".join(f'"We will finish part {i} of the bridge soon," {NAMES[i % 4]} said on Monday. "It matters."'
                       for i in range(n))


@pytest.mark.parametrize("size", [1, 50, 5000])
def test_chunks_join_back_to_the_text_and_cut_after_paragraphs(size):
    text = "Title\n\n" + "\n\n".join(f"Paragraph {i} says something." for i in range(400)) + "\n"
    pieces = chunks(text, size)
    assert "".join(pieces) == text
    assert all(p.endswith("\n\n") for p in pieces[:-1])
    assert len(pieces) > 1 if size < len(text) else len(pieces) == 1


def test_turns_serve_threads_in_arrival_order():
    turns, order = Turns(), []
    first = threading.Event()

    def holder():
        with turns():
            first.set()
            time.sleep(0.3)
            order.append("holder")

    def waiter(name, delay):
        time.sleep(delay)
        with turns():
            order.append(name)

    threads = [threading.Thread(target=holder)]
    threads[0].start()
    first.wait()
    threads += [threading.Thread(target=waiter, args=(f"w{i}", 0.03 * i)) for i in range(1, 5)]
    for t in threads[1:]:
        t.start()
    for t in threads:
        t.join()
    assert order == ["holder", "w1", "w2", "w3", "w4"]


@pytest.mark.model
def test_long_article_is_analysed_in_chunks_with_the_same_claims_as_short_ones():
    text = _quotations(300)
    assert len(text) > LONG_ARTICLE_CHARS
    long = analyse(RawArticle(text=text, published="2021-03-05"))
    assert long.text == text
    direct = [c for c in long.claims if c.kind.value == "direct"]
    # every paragraph's quotation (both pieces around its cue: one claim), with its speaker, across
    # every chunk boundary
    said = [c for c in direct if c.text.startswith("We will finish part")]
    assert len(said) == 300
    for i, claim in enumerate(said):
        assert claim.text == f"We will finish part {i} of the bridge soon It matters."
        assert [long.entity(k).name for k in claim.speakers] == [NAMES[i % 4]]
        assert claim.date == "2021-03-01"
    # the same paragraph alone gives the same claim
    short = analyse(RawArticle(text=text.split("\n\n")[7], published="2021-03-05"))
    assert [c.text for c in short.claims if c.kind.value == "direct"][0] == said[7].text


@pytest.mark.model
def test_a_long_articles_title_case_headline_is_read_as_a_short_ones():
    headline = "Maren Holt Warns Tarvik Dam Would Flood The Valley\n\n"
    long = analyse(RawArticle(text=headline + _quotations(300)))
    short = analyse(RawArticle(text=headline + _quotations(3)))
    for a in (long, short):
        first = a.claims[0]
        assert first.text == "Tarvik Dam Would Flood The Valley"
        assert [a.entity(k).name for k in first.speakers] == ["Maren Holt"]
