import json

import pytest

from service.errors import InputError
from service.reader import read_bytes
from service.reader.text import read_text


def test_reader_text_separates_byline_footer_bio_and_junk():
    text = (
        "By Jane Doe and John Roe\n\n"
        "The mayor said the bridge would reopen on Monday.\n\n"
        "“We are ready,” she said.\n\n***\n\n"
        "Ann Poe contributed reporting from Lyon.\n\n"
        "A version of this article appears in print on March 3, 2021, on page A4 of the New York edition "
        "with the headline: Bridge to Reopen.\n\n"
        "Jane Doe is a senior reporter covering cities for The Daily Planet. She lives in Metropolis.\n\n"
        "Related Articles\n\nLeave a Reply\n"
    )
    a = read_text(text)
    assert a.text == "The mayor said the bridge would reopen on Monday.\n\n“We are ready,” she said."
    assert a.authors == ("Jane Doe", "John Roe")
    assert a.contributors == ("Ann Poe",)
    assert a.published == "2021-03-03"
    assert a.title == "Bridge to Reopen"
    assert a.publisher == "The Daily Planet"
    assert a.author_roles == (("Jane Doe", "senior reporter", "The Daily Planet"),)


def test_reader_text_header_block_and_headline():
    text = "Title: Storm hits coast\nOutlet: The Gazette (Ann Poe, Bo Li)\nDate: 2019-05-02\n----------\n\nBody one.\n"
    a = read_text(text)
    assert (a.title, a.publisher, a.authors, a.published, a.text) == (
        "Storm hits coast", "The Gazette", ("Ann Poe", "Bo Li"), "2019-05-02", "Body one.")


def test_reader_json_fields_win_and_are_type_checked():
    body = {"text": "By Jane Doe\n\nThe mayor said yes.", "published": "2020-01-02", "id": "a1",
            "authors": ["Ann Poe"], "publisher": "The Gazette"}
    [a] = read_bytes(json.dumps(body).encode())
    assert (a.id, a.authors, a.published, a.publisher, a.text) == (
        "a1", ("Ann Poe",), "2020-01-02", "The Gazette", "The mayor said yes.")
    with pytest.raises(InputError, match="'authors'"):
        list(read_bytes(json.dumps({"text": "x y z", "authors": 3}).encode()))
    with pytest.raises(InputError, match="no \"text\""):
        list(read_bytes(b'{"title": "only a title"}'))


def test_reader_jsonl_reports_broken_line_and_keeps_good_ones():
    data = b'{"text": "First article body here."}\n{broken\n{"text": "Third article body here."}\n'
    items = list(read_bytes(data, kind="jsonl"))
    assert [type(i).__name__ for i in items] == ["RawArticle", "InputError", "RawArticle"]
    assert "line 2" in items[1].message


@pytest.mark.parametrize("data, message", [
    (b"", "empty"),
    (b"   \n\t ", "empty"),
    (b"\x00\x01\x02binary\x00", "binary"),
    (b"caf\xe9 au lait", "UTF-8"),
    (b"{not json", "malformed JSON"),
])
def test_reader_rejects_bad_input_with_a_clear_message(data, message):
    with pytest.raises(InputError, match=message):
        list(read_bytes(data))


def test_reader_accepts_utf16_with_bom():
    [a] = read_bytes("The minister said the talks had failed.".encode("utf-16"))
    assert a.text == "The minister said the talks had failed."


def test_reader_html_main_text():
    html = ("<html><head><title>Floods</title><script>var x = 'said the script';</script></head><body>"
            "<nav>Home | World</nav><article><h1>Floods</h1><p>The river rose two metres overnight, the "
            "regional governor said on Tuesday, and hundreds of homes were flooded.</p><p>Rescue teams "
            "worked through the night, officials said in a statement to reporters.</p></article></body></html>")
    [a] = read_bytes(html.encode())
    assert "The river rose two metres overnight" in a.text
    assert "Rescue teams worked" in a.text
    assert "var x" not in a.text and "Home | World" not in a.text


def test_reader_wire_dateline_gives_place_and_agency():
    a = read_text("WASHINGTON (CNN) -- The senator said the bill would pass.\n\nMore text here.")
    assert a.text.startswith("The senator said")
    assert a.reported_from == ("Washington",) and a.publisher == "CNN"


def test_reader_directories_give_only_article_formats(tmp_path):
    """A corpus directory's README.md (or notes, or scripts) is not an article."""
    from service.reader import iter_paths, read_path

    (tmp_path / "a.txt").write_text("The mayor said the bridge would reopen on Monday after repairs.", encoding="utf-8")
    (tmp_path / "b.jsonl").write_text('{"text": "The council said the library would reopen in June."}\n',
                                      encoding="utf-8")
    (tmp_path / "README.md").write_text("# A corpus\n\nThese files are articles about bridges.", encoding="utf-8")
    (tmp_path / "build.py").write_text("print('hello')\n", encoding="utf-8")
    assert [p.name for p in iter_paths([str(tmp_path)])] == ["a.txt", "b.jsonl"]
    # A file named directly is still read, by its content.
    [raw] = list(read_path(tmp_path / "README.md"))
    assert "articles about bridges" in raw.text
