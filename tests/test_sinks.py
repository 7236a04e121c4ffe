"""Property: any string RDF can carry, as labels, definitions and notes, goes through every `export`, `view`,
`compare` and `diff` format without a traceback, and each output is read back by its consumer with the text kept or replaced as
tropekg.output.sinks says. TROPEKG_PROPERTY_EXAMPLES raises the number of examples (bench/sinks.py runs it longer)."""

from __future__ import annotations

import csv
import html
import io
import json
import os
import re
import sqlite3
import tempfile
from pathlib import Path

import networkx as nx
import pytest
import rdflib
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from lxml import etree
from lxml import html as lxml_html

import tropekg
from tropekg import export, view
from tropekg.columns import unneutralise
from tropekg.errors import ExportError, LoadError
from tropekg.output.sinks import NOT_SHOWN, NOT_XML, shown

from .conftest import CASES, need
from .exporting import RDFLIB_FORMAT

EXAMPLES = int(os.environ.get("TROPEKG_PROPERTY_EXAMPLES", "15"))
A, B = "http://example.org/x/a", "http://example.org/x/b"
SKOS = "http://www.w3.org/2004/02/skos/core#"
SPECIAL = ["\x00", "\x01", "\x1f", "\x7f", "\x85", "\x9f", "\u200e", "\u202e", "\u2066", "\u2028", "\ufeff",
           "\ufffe", "\uffff", "\U0010ffff", "\U000e0001", "\t", "\r\n", "&#0;", "]]>", "<!--", '"', "\\"]
ANY = st.characters(blacklist_categories=("Cs",))  # the parsers refuse lone surrogates (test below)
texts = st.one_of(
    st.lists(st.one_of(st.sampled_from(SPECIAL), st.text(ANY, max_size=8)), max_size=6).map("".join),
    st.builds(lambda part, n: (part * n)[:4000], st.text(ANY, min_size=1, max_size=3), st.integers(300, 2000)))


def lit(value: str) -> str:
    """An English literal (JSON string escapes are N-Triples ECHAR/UCHAR escapes)."""
    return json.dumps(value, ensure_ascii=False) + "@en"


def loaded(lines: list[str]) -> tropekg.Vocabulary:
    """`lines` with a and b typed skos:Concept, loaded from an N-Triples file."""
    lines = lines + [f"<{c}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{SKOS}Concept> ." for c in (A, B)]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "v.nt"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return tropekg.load([path])


def vocabulary(label: str, definition: str, note: str) -> tropekg.Vocabulary:
    """Two concepts, b narrower than a, each text on a."""
    return loaded([f"<{A}> <{SKOS}prefLabel> {lit(label)} .", f"<{A}> <{SKOS}definition> {lit(definition)} .",
                   f"<{A}> <{SKOS}scopeNote> {lit(note)} .", f'<{B}> <{SKOS}prefLabel> "b"@en .',
                   f"<{B}> <{SKOS}broader> <{A}> ."])


def strings(value: object) -> set[str]:
    """Every string inside a JSON value."""
    if isinstance(value, str):
        return {value}
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else []
    return set().union(*(strings(v) for v in items))


def export_texts(fmt: str, data: bytes | dict[str, bytes]) -> set[str]:
    """The texts a format's consumer reads back from it."""
    if fmt in RDFLIB_FORMAT:
        graph = rdflib.Dataset() if fmt in ("nquads", "trig") else rdflib.Graph()
        graph.parse(data=data, format=RDFLIB_FORMAT[fmt])
        return {str(t[2]) for t in (graph.quads() if fmt in ("nquads", "trig") else graph.triples((None, None, None)))}
    if fmt.startswith("jsonld") or fmt == "json":
        return strings(json.loads(data))
    if fmt == "csv":
        return {unneutralise(cell) for row in csv.reader(io.StringIO(data.decode("utf-8"), newline=""))
                for cell in row}
    if fmt == "xlsx":
        from openpyxl import load_workbook

        rows = load_workbook(io.BytesIO(data), read_only=True).worksheets[0].iter_rows(values_only=True)
        return {unneutralise(cell or "") for row in rows for cell in row}
    if fmt == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "t.sqlite"
            path.write_bytes(data)
            db = sqlite3.connect(path)
            found = {r[0] for r in db.execute("SELECT label FROM concepts")}
            db.close()
            return found
    if fmt == "site":  # each concept page's heading, as the browser reads it
        pages = [v.decode("utf-8") for k, v in data.items() if k.endswith(".html")]
        return {html.unescape(m) for page in pages for m in re.findall(r"<h1[^>]*>(.*?)</h1>", page, re.S)}
    if fmt == "markdown":
        pages = [v.decode("utf-8") for k, v in data.items() if k.startswith("concepts/")]
        return {json.loads(m) for page in pages for m in re.findall(r"^title: (.*)$", page, re.M)}
    ns = "{http://www.mediawiki.org/xml/export-0.11/}"
    pages = [p.findtext(f"{ns}revision/{ns}text") or "" for p in etree.fromstring(data).iter(f"{ns}page")]
    return {html.unescape(v) for text in pages for v in re.findall(r"^\| label = (.*)$", text, re.M)}


def check_exports(vocab: tropekg.Vocabulary, label: str, definition: str, note: str) -> None:
    for fmt in export.FORMATS:
        if fmt == "rdfxml" and any(NOT_XML.search(t) for t in (label, definition, note)):
            with pytest.raises(ExportError, match=rf"^<{A}>: a literal holds U\+[0-9A-F]{{4,6}}, which XML 1.0"):
                export.render(vocab, fmt)
            continue
        if fmt == "xlsx" and any(NOT_XML.search(t) for t in (label, definition)):  # the table carries no notes
            with pytest.raises(ExportError, match=rf"^<{A}>: a cell holds U\+[0-9A-F]{{4,6}}, which XLSX"):
                export.render(vocab, fmt)
            continue
        found = export_texts(fmt, export.render(vocab, fmt))
        if fmt in RDFLIB_FORMAT or fmt.startswith("jsonld"):
            assert {label, definition, note} <= found, fmt
        elif not label:
            continue  # an empty label is no name: catalogs and wikis show the local name "a" instead
        elif fmt in ("mediawiki", "site"):
            assert shown(label) in found, fmt  # wiki and site pages show U+FFFD for what a page cannot show
        else:
            assert label in found, fmt


def check_views(vocab: tropekg.Vocabulary, label: str, definition: str) -> None:
    out = {fmt: view.draw(vocab, fmt) for fmt in view.FORMATS}
    etree.fromstring(out["svg"])
    assert out["png"].startswith(b"\x89PNG\r\n\x1a\n")
    assert re.search(r'label="(?:[^"\\]|\\.)*"', out["dot"].decode("utf-8"))
    graph = nx.read_graphml(io.BytesIO(out["graphml"]))
    shown_label = graph.nodes[A]["label"]
    assert nx.read_gexf(io.BytesIO(out["gexf"])).nodes[A]["label"] == shown_label
    mermaid = re.search(r'n0\["(.*)"\]$', out["mermaid"].decode("utf-8"), re.M).group(1)
    assert re.sub(r"#(\d+);", lambda m: chr(int(m.group(1))), mermaid) == shown_label
    page = lxml_html.document_fromstring(out["html"].decode("utf-8"))
    data = json.loads(page.get_element_by_id("tk-data").text)
    (node,) = [n for n in data["nodes"] if n["iri"] == A]
    assert node["label"] == shown_label and node["definition"] == shown(definition)
    if label.strip():
        assert shown_label == shown(label)


TK = "https://w3id.org/tropekg/ontology#"
P = "http://example.org/x/p"


def compared(label: str, definition: str, note: str) -> tropekg.Vocabulary:
    """Two concepts for `compare` and `diff`: a's label, gloss, best use, example, scope note and a facet value
    labelled with the texts; b narrower than a."""
    return loaded([f"<{A}> <{SKOS}prefLabel> {lit(label)} .", f"<{A}> <{TK}gloss> {lit(label)} .",
                   f"<{A}> <{TK}bestUse> {lit(definition)} .", f"<{A}> <{SKOS}example> {lit(note)} .",
                   f"<{A}> <{SKOS}definition> {lit(definition)} .", f"<{A}> <{SKOS}scopeNote> {lit(note)} .",
                   f"<{A}> <{TK}perspective> <{P}> .", f"<{P}> <{SKOS}prefLabel> {lit(note)} .",
                   f'<{B}> <{SKOS}prefLabel> "b"@en .', f"<{B}> <{SKOS}broader> <{A}> ."])


def markdown_html(text: str) -> str:
    """Markdown rendered by a CommonMark consumer with GFM tables and strikethrough (raw HTML allowed, so any
    markup a text smuggled in would show as an element)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(text)


def on_page(text: str) -> str:
    """What an HTML parser reads of `text` written to a page: `shown`, and line breaks normalised (HTML 13.2.3.5)."""
    return shown(text).replace("\r\n", "\n").replace("\r", "\n")


def elements(page: str) -> set[str]:
    return {el.tag for el in lxml_html.fragment_fromstring(page, create_parent="div").iter()} - {"div"}


def check_compare(vocab: tropekg.Vocabulary) -> None:
    """Every compare format: read back by its consumer, each cell the text the comparison holds (as `shown` where
    a page or terminal shows it), and no element a text did not ask for."""
    from tropekg.compare import compare, render
    from tropekg.compare.formats import ALL_FIELDS, FACET_FIELDS, TEXT_FIELDS, rows

    comparison = compare(vocab, [A, B])
    cells = rows(comparison, ALL_FIELDS)
    assert not NOT_SHOWN.search(render(comparison, "text").replace("\n", ""))
    markdown = markdown_html(render(comparison, "markdown"))
    assert elements(markdown) <= {"table", "thead", "tbody", "tr", "th", "td", "p", "br"}
    table = lxml_html.fragment_fromstring(markdown, create_parent="div").find(".//table")
    found = [[td.text_content() for td in tr.findall("td")] for tr in table.iter("tr")][1:]
    assert found == [[on_page(v) for v in row] for row in rows(comparison, TEXT_FIELDS + FACET_FIELDS)]
    got = list(csv.reader(io.StringIO(render(comparison, "csv"), newline="")))
    assert got[1:] == [row + [c.iri] for row, c in zip(cells, comparison.columns, strict=True)]
    assert json.loads(render(comparison, "json"))["columns"][0]["label"] == comparison.columns[0].label
    page = lxml_html.document_fromstring(render(comparison, "html"))
    body = [[td.text_content() for td in tr.findall("td")] for tr in page.find(".//table").iter("tr")][1:]
    assert body == [[on_page(v) for v in row] for row in cells]
    assert {el.tag for el in page.iter() if isinstance(el.tag, str)} <= {
        "html", "head", "meta", "title", "style", "body", "h1", "h2", "table", "tr", "th", "td", "p"}
    svg = etree.fromstring(render(comparison, "svg").encode("utf-8"))
    shown_label = shown(comparison.columns[0].label).replace("\r\n", "\n").replace("\r", "\n")  # XML 1.0, 2.11
    assert shown_label in [t.text or "" for t in svg.iter("{http://www.w3.org/2000/svg}text")]


def check_diff(old: tropekg.Vocabulary, new: tropekg.Vocabulary) -> None:
    """Every diff format: the text shows no control, JSON and the SPARQL Update read back (the update turns OLD's
    triples into NEW's in Oxigraph), and the Markdown renders no element a text did not ask for."""
    import pyoxigraph as ox

    from tropekg.diff import FORMATS, compare, render

    result = compare(old, new)
    out = {fmt: render(result, fmt) for fmt in FORMATS}
    assert not NOT_SHOWN.search(out["text"])
    document = json.loads(out["json"])
    labels = {c["iri"]: c["label"] for c in document["concepts"]}
    page = markdown_html(out["markdown"])
    assert elements(page) <= {"h2", "h3", "p", "ul", "li", "strong", "s", "code", "a"}
    fragment = lxml_html.fragment_fromstring(page, create_parent="div")
    assert {a.get("href") for a in fragment.iter("a")} <= {A, B}
    if A in labels and labels[A].split():  # the concept's name, bold at the start of its items
        names = {el.text_content() for el in fragment.iter("strong")}
        assert on_page(" ".join(labels[A].split())) in names
    store = ox.Store()
    store.extend(old.store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    store.update(out["sparql"])
    def triples(s: ox.Store) -> set:
        return {(q.subject, q.predicate, q.object) for q in s.quads_for_pattern(None, None, None, ox.DefaultGraph())
                if not isinstance(q.subject, ox.BlankNode) and not isinstance(q.object, ox.BlankNode)}
    assert triples(store) == triples(new.store)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts, texts, texts)
def test_any_text_survives_every_output(label, definition, note):
    need("dot")
    vocab = vocabulary(label, definition, note)
    check_exports(vocab, label, definition, note)
    check_views(vocab, label, definition)
    hostile = compared(label, definition, note)
    check_compare(hostile)
    check_diff(compared("old", "old words", "old note"), hostile)


@pytest.mark.parametrize("text", [*SPECIAL, "*x* <b>y</b> [l](http://e/) `c` ~~s~~ | &amp; \\", "# h", "1. x",
                                  "---", "<script>alert(1)</script>", "a\nb\r\nc\td", " lead", "trail ", "x``y`", "0" * 300])
def test_hostile_texts_in_compare_and_diff(text):
    hostile = compared(text, f"def {text}", f"{text} note")
    check_compare(hostile)
    check_diff(compared("old", "old words", "old note"), hostile)
    check_diff(hostile, compared("old", "old words", "old note"))


def test_lone_surrogates_stop_at_the_parser(tmp_path):
    path = tmp_path / "s.nt"
    path.write_text(f'<{A}> <{SKOS}prefLabel> "\\uD800" .\n', encoding="utf-8")
    with pytest.raises(LoadError, match=r"s\.nt:1:.*D800"):
        tropekg.load([path])


def test_html_view_in_chromium_shows_what_the_policy_says(tmp_path):
    from .test_view_html import ARGS, open_page

    exe = need("chromium")
    need("dot")
    from playwright.sync_api import sync_playwright

    vocab = tropekg.load([str(CASES / "sinks" / "unicode.ttl")])
    path = tmp_path / "view.html"
    path.write_bytes(view.draw(vocab, "html"))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, args=ARGS)
        page = open_page(browser, path)
        assert page.locator("g.node").count() == 4
        shown_labels = page.evaluate("Array.from(document.querySelectorAll('g.node title'), t => t.textContent)")
        page.fill("#tk-search", "Ctl")
        page.locator("#tk-results li").first.click()
        heading = page.locator("#tk-details h2").text_content()
        card = page.locator("#tk-details").text_content()
        assert page.seen["console"] == []
        browser.close()
    assert sorted(shown_labels) == sorted(["Bidi \u202eevil\u202c \u2066iso\u2069", "Ctl\ufffdbell\ufffdnul\ufffdend",
                                           "Family 👩\u200d👩\u200d👧 \U0001d11e", "Non\ufffdchar\ufffdx\ufffd"])
    assert heading == "Ctl\ufffdbell\ufffdnul\ufffdend"
    assert "Def\ufffdwith\ufffddel\ufffdnel" in card


# The shortcuts of sinks (a trigger character before each context alternation, a key search before each translate
# table) must never skip a text the full form would change: every context match holds a trigger character, and a
# table's key search finds exactly the characters it translates.
_CONTEXTY = st.text(st.sampled_from(list("&#;:.=%'~_!wWhHtTpPsSfFxX019 /\\[]<|\x01\ufdd0")) | ANY, max_size=24)


@settings(max_examples=300, deadline=None)
@given(_CONTEXTY)
@example("see www.x")
@example("FTP:x")
@example("a==b%%")
@example("&amp; #tag")
@example("''~~~__!!mailto:x")
@example("[\x01]\ufdd0|<")
def test_sink_shortcuts_skip_only_what_the_full_form_keeps(text):
    from tropekg.output import sinks

    for context, trigger in ((sinks._MD_CONTEXT, sinks._MD_TRIGGER), (sinks._WIKI_CONTEXT, sinks._WIKI_TRIGGER)):
        assert not context.search(text) or trigger.search(text)
    for table, keys in ((sinks._MD_TABLE, sinks._MD_KEYS), (sinks._WIKI_TABLE, sinks._WIKI_KEYS),
                        (sinks._MARKUP_TABLE, sinks._MARKUP_KEYS)):
        assert bool(keys.search(text)) == (text.translate(table) != text)
    assert sinks._shown(text).translate(sinks.CONTROLS) == shown(text)
