"""Every output tells the same story (issue 22): `stats`, the catalog rows (with --include-deprecated), the site's
pages and `show` see the same concepts (model.py's one definition), and the site, tree.json and the Markdown
hierarchy hang every concept under the same parent (tropekg/tree.py).

One load per vocabulary (module cache); the site is built without its pictures (Graphviz), which neither add
nor drop a page.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from urllib.parse import unquote

import pytest

import tropekg
from tropekg.errors import LoadError
from tropekg.export import render
from tropekg.export.options import Options
from tropekg.lookup import Lookup
from tropekg.model import concept_pattern

from .conftest import SHARED, shared

_LOADED: dict[str, object] = {}
QSKOS = sorted(p.name for p in (SHARED / "qskos" / "resources").glob("*.rdf")) if SHARED.exists() else []
_SAMPLE = 300  # `show` is asked about every concept up to this many, else an evenly spread sample of them


def _load(source: str):
    if source not in _LOADED:
        try:
            if source == "bundled":
                _LOADED[source] = tropekg.load()
            elif source == "stw":
                _LOADED[source] = tropekg.load([shared("vocabs", "stw-9.16.ttl")])
            elif source == "unesco":
                _LOADED[source] = tropekg.load([shared("vocabs", "unesco-thesaurus-2017.ttl")])
            elif source == "vndb":
                from tropekg.ingest import read

                _LOADED[source] = read("vndb", shared("data", "vndb-tags-2020-05-07.json")).vocab
            else:
                _LOADED[source] = tropekg.load([shared("qskos", "resources", source)])
        except LoadError as e:
            _LOADED[source] = e
    return _LOADED[source]


def _concepts(vocab) -> set[str]:
    rows = vocab.rows(f"SELECT DISTINCT ?c WHERE {{ {concept_pattern('c')} FILTER(isIRI(?c)) }}")
    return {c.value for (c,) in rows}


_PAGE_IRI = re.compile(r"<dt>IRI</dt><dd><code>([^<]*)</code>")


_SITES: dict[int, dict[str, bytes]] = {}


def _site(vocab) -> dict[str, bytes]:
    """The site of `vocab` with every concept, built once per vocabulary."""
    from tropekg.export.website import build

    if id(vocab) not in _SITES:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(build, "pictures", lambda recs, site: {})
            _SITES[id(vocab)] = build.site(vocab, Options(include_deprecated=True))
    return _SITES[id(vocab)]


@pytest.mark.parametrize("source", ["bundled", "stw", "unesco", "vndb", *QSKOS])
def test_every_output_sees_the_same_concepts(source):
    vocab = _load(source)
    if isinstance(vocab, LoadError):  # every command refuses such a file alike (exit 2): nothing to compare
        assert str(vocab)
        return
    expected = _concepts(vocab)
    assert tropekg.stats(vocab)["concepts"] == len(expected)
    table = csv.DictReader(io.StringIO(render(vocab, "csv", Options(include_deprecated=True)).decode("utf-8")))
    assert {row["iri"] for row in table} == expected
    pages = {html.unescape(m.group(1)) for data in _site(vocab).values()
             for m in _PAGE_IRI.finditer(data.decode("utf-8", "replace"))}
    assert pages == expected
    ordered = sorted(expected)
    sample = ordered if len(ordered) <= _SAMPLE else ordered[:: len(ordered) // _SAMPLE]
    lookup = Lookup(vocab)
    for iri in sample:
        assert lookup.resolve(iri).iri == iri
        assert lookup.describe(iri)["iri"] == iri


def _json_parents(data: bytes) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    todo = [(node, None) for node in json.loads(data)["roots"]]
    while todo:
        node, parent = todo.pop()
        if not node.get("ref"):
            out[node["iri"]] = parent
            todo.extend((child, node["iri"]) for child in node["children"])
    return out


def _markdown_parents(files: dict[str, bytes]) -> dict[str, str | None]:
    iris = {}
    for path, data in files.items():
        if path.startswith("concepts/"):
            iris[path[len("concepts/"):-3]] = json.loads(re.search(r"^iri: (.*)$", data.decode(), re.M).group(1))
    out: dict[str, str | None] = {}
    path: list[str] = []
    for line in files["hierarchy.md"].decode().splitlines():
        found = re.match(r"( *)- \[.*\]\(concepts/([^)]*)\.md\)( \(see above\))?$", line)
        if not found:
            continue
        depth = len(found.group(1)) // 2
        iri = iris[unquote(found.group(2))]
        del path[depth:]
        if not found.group(3):
            out[iri] = path[-1] if path else None
            path.append(iri)
    return out


_TREE_TOKEN = re.compile(r'<ul[^>]*>|</ul>|<li><a href="(?:\.\./)*([^"]*)"[^>]*>.*?</a>( <span class="mark">)?')


def _site_parents(files: dict[str, bytes], vocab) -> dict[str, str | None]:
    """{concept: the concept it is listed in full under, None at the top} over every tree page of the site."""
    from tropekg.export.website.paths import href, page_paths

    by_page = {f"{href(path)}.html": iri for iri, path in page_paths(sorted(_concepts(vocab))).items()}
    out: dict[str, str | None] = {}
    for data in files.values():
        text = data.decode("utf-8")
        if '<ul class="tree">' not in text:
            continue
        tree = text[text.index('<ul class="tree">'):]
        path: list[str | None] = []
        last = None
        for m in _TREE_TOKEN.finditer(tree):
            token = m.group(0)
            if token.startswith("<ul"):
                path.append(last)
            elif token == "</ul>":
                path.pop()
                if not path:
                    break
            elif not m.group(2):
                last = by_page[m.group(1)]
                out.setdefault(last, path[-1])
    return out


def test_stw_hangs_every_concept_under_one_parent_in_every_output():
    vocab = _load("stw")
    options = Options(include_deprecated=True)
    from_json = _json_parents(render(vocab, "json", options))
    from_markdown = _markdown_parents(render(vocab, "markdown", options))
    from_site = _site_parents(_site(vocab), vocab)
    assert from_json == from_markdown
    assert set(from_json) == _concepts(vocab)
    # The site draws one tree per scheme: a concept whose parent is in another scheme tops its scheme's tree.
    differ = {iri: (parent, from_json[iri]) for iri, parent in from_site.items()
              if parent != from_json[iri] and parent is not None}
    assert differ == {}
    assert set(from_site) == set(from_json)


def test_the_spec_example(tmp_path):
    """record-spec item 1: a scheme, `a inScheme s`, `b exactMatch c`, a labelled typed d: the concepts are b, d."""
    path = tmp_path / "v.ttl"
    path.write_text("@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n@prefix ex: <http://example.org/> .\n"
                    "ex:s a skos:ConceptScheme . ex:a skos:inScheme ex:s . ex:b skos:exactMatch ex:c .\n"
                    'ex:d a skos:Concept ; skos:prefLabel "d"@en .\n')
    vocab = tropekg.load([path])
    assert _concepts(vocab) == {"http://example.org/b", "http://example.org/d"}
    assert tropekg.stats(vocab)["concepts"] == 2
