"""Property: any label (arbitrary Unicode, markup, formula characters) comes back from every format as the same
text, escaped, never as markup; `compare` and `diff` in every format too (tests/test_sinks.py's consumers)."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import sqlite3
import tempfile
from pathlib import Path

import rdflib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

import tropekg
from tropekg.columns import unneutralise
from tropekg.errors import ExportError
from tropekg.export import FORMATS, render

from .exporting import RDFLIB_FORMAT
from .test_sinks import check_compare, check_diff, compared

IRI = "http://example.org/x/c1"
MARKUP = ["[[", "]]", "{{", "}}", "|", "<b>", "</nowiki>", "&amp;", "=", "+", "-", "@", "\t", "\r", "'''", "#",
          "*", "_", "`", "\\", '"', "\n", "---", "~~~~", "<!--", "]]>", " ", "\u3000", "\x00", "\x0b", "\ufffe"]
labels = st.lists(st.one_of(st.sampled_from(MARKUP), st.text(st.characters(blacklist_categories=("Cs",)),
                                                             max_size=6)), min_size=1, max_size=6).map("".join).filter(bool)
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def vocabulary(label: str) -> tropekg.Vocabulary:
    literal = json.dumps(label, ensure_ascii=False)  # JSON string escapes are N-Triples ECHAR/UCHAR escapes
    text = (f'<{IRI}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/2004/02/skos/core#Concept> .\n'
            f'<{IRI}> <http://www.w3.org/2004/02/skos/core#prefLabel> {literal}@en .\n'
            f'<{IRI}> <http://www.w3.org/2004/02/skos/core#altLabel> {literal}@en .\n')
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "v.nt"
        path.write_text(text, encoding="utf-8")
        return tropekg.load([path])


def shown_by_html(label: str) -> str:
    """What a wiki page shows of `label`: controls other than tab and line breaks, and noncharacters, as U+FFFD
    (HTML, 13.2.5.80 and "noncharacter" in the Infra standard), written here independently of the exporter."""
    def bad(c: str) -> bool:
        n = ord(c)
        return (n < 0x20 and c not in "\t\n\r") or 0x7F <= n <= 0x9F or 0xFDD0 <= n <= 0xFDEF or n & 0xFFFE == 0xFFFE
    return "".join("\ufffd" if bad(c) else c for c in label)


def check_rdf(fmt: str, data: bytes, label: str) -> None:
    if fmt.startswith("jsonld"):
        doc = json.loads(data)
        if fmt == "jsonld":
            assert doc["@graph"][0]["prefLabel"]["en"] == label
        else:
            assert doc[0]["http://www.w3.org/2004/02/skos/core#prefLabel"][0]["@value"] == label
        return
    graph = rdflib.Dataset() if fmt in ("nquads", "trig") else rdflib.Graph()
    graph.parse(data=data, format=RDFLIB_FORMAT[fmt])
    found = {str(q[2]) for q in graph.quads((rdflib.URIRef(IRI), rdflib.SKOS.prefLabel, None, None))} \
        if fmt in ("nquads", "trig") else {str(o) for o in graph.objects(rdflib.URIRef(IRI), rdflib.SKOS.prefLabel)}
    assert found == {label}


def check_catalog(fmt: str, data: bytes, label: str) -> None:
    if fmt == "csv":
        row = next(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))
        assert unneutralise(row["label"]) == label
        assert row["label"][:1] not in ("=", "+", "-", "@", "\t", "\r")
    elif fmt == "json":
        assert json.loads(data)["roots"][0]["label"] == label
    elif fmt == "xlsx":
        from openpyxl import load_workbook

        cell = load_workbook(io.BytesIO(data), read_only=True).worksheets[0]["B2"]
        assert cell.data_type != "f" and unneutralise(cell.value or "") == label
    else:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "t.sqlite"
            path.write_bytes(data)
            db = sqlite3.connect(path)
            assert db.execute("SELECT label FROM concepts").fetchone()[0] == label
            db.close()


def check_markdown(files: dict[str, bytes], label: str) -> None:
    from markdown_it import MarkdownIt

    (page,) = [v.decode("utf-8") for k, v in files.items() if k.startswith("concepts/")]
    title = re.search(r"^title: (.*)$", page, re.M).group(1)
    assert json.loads(title) == label
    body = page.split("\n---\n", 1)[1]
    heading = MarkdownIt().render(body).split("</h1>")[0].split("<h1>")[1]
    assert "<" not in heading  # never markup: every tag character came out as &lt;
    assert html.unescape(heading) == shown_by_html(label)
    # GitHub's renderer too, with its extensions (autolinks, strikethrough, tables): the same text, never markup,
    # but for email autolinks, which cmark-gfm makes after escapes (a link whose text is the address).
    import cmarkgfm
    from cmarkgfm.cmark import Options

    gfm = cmarkgfm.github_flavored_markdown_to_html(body, options=Options.CMARK_OPT_UNSAFE)
    heading = re.sub(r'<a href="(?:mailto:|xmpp:)?[^"]*">([^<]*)</a>', r"\1", gfm.split("</h1>")[0].split("<h1>")[1])
    assert "<" not in heading
    assert html.unescape(heading) == shown_by_html(label)


def check_site(files: dict[str, bytes], label: str) -> None:
    page = files["c1.html"].decode("utf-8")
    heading = re.search(r"<h1 lang=\"en\">(.*?)</h1>", page, re.S).group(1)
    assert "<" not in heading and html.unescape(heading) == shown_by_html(label)
    shards = [v.decode("utf-8") for k, v in files.items() if k.startswith("_site/search/") and k != "_site/search/keys.js"]
    if not tropekg.labels.normalize(label):
        assert shards == []  # nothing to find it by
        return
    shard = shards[0]
    entries = json.loads(shard[shard.index("[") : shard.rindex("]") + 1])
    assert {e[3] for e in entries} == {label}  # the display label, as data for textContent


def check_mediawiki(data: bytes, label: str) -> None:
    doc = etree.fromstring(data)
    ns = "{http://www.mediawiki.org/xml/export-0.11/}"
    (text,) = [t for p in doc.iter(f"{ns}page") if (t := p.findtext(f"{ns}revision/{ns}text")).startswith("{{Concept")]
    value = re.search(r"^\| label = (.*)$", text, re.M).group(1)
    # Nothing wikitext reads as markup in a template parameter (tests/test_export_mediawiki.py renders such
    # strings in a real MediaWiki): tags, links, templates, parameter and cell separators, line breaks, quotes,
    # signatures, magic words, header cells, free links, markup that opens a line.
    assert not re.search(r"[<\[\]{}|\n\r]|''|~~~|__|!!|(?i:https?|mailto|urn|ftp):", value), value
    assert value[:1] not in "*#:;=! " and not value.startswith("----"), value
    assert html.unescape(value) == shown_by_html(label)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(labels)
def test_any_label_survives_every_format(label):
    vocab = vocabulary(label)
    for fmt, spec in FORMATS.items():
        if fmt in ("rdfxml", "xlsx") and NOT_XML.search(label):
            try:
                render(vocab, fmt)
            except ExportError as e:
                assert str(e).startswith(f"<{IRI}>: a {'literal' if fmt == 'rdfxml' else 'cell'} holds U+")
                continue
            raise AssertionError(f"{fmt} wrote a character XML cannot carry")
        data = render(vocab, fmt)
        if spec.module in ("rdf", "jsonld"):
            check_rdf(fmt, data, label)
        elif spec.module in ("catalog", "workbook"):
            check_catalog(fmt, data, label)
        elif fmt == "markdown":
            check_markdown(data, label)
        elif fmt == "site":
            check_site(data, label)
        else:
            check_mediawiki(data, label)
    hostile = compared(label, label, label)
    check_compare(hostile)
    check_diff(compared("old", "old words", "old note"), hostile)
