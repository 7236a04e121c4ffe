"""sources/: every input format, compressed input, errors with their place, the XML entity guard, prefixes, places."""

from __future__ import annotations

import gzip
import json

import pyoxigraph as ox
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import tropekg
from tropekg.errors import LoadError
from tropekg.sources.reader import INPUT_FORMATS, format_for
from tropekg.sources.resources import bundled_sources

from .conftest import CASES, shared

TTL = """@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix ex: <https://example.org/v/> .
ex:a a skos:Concept ; skos:prefLabel "A"@en ; skos:broader ex:b .
ex:b a skos:Concept ; skos:prefLabel "B"@en .
"""
NT = """<https://example.org/v/a> <http://www.w3.org/2004/02/skos/core#prefLabel> "A"@en .
<https://example.org/v/a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/2004/02/skos/core#Concept> .
"""
NQ = """<https://example.org/v/a> <http://www.w3.org/2004/02/skos/core#prefLabel> "A"@en <https://example.org/g1> .
<https://example.org/v/b> <http://www.w3.org/2004/02/skos/core#prefLabel> "B"@en <https://example.org/g2> .
"""
TRIG = """@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<https://example.org/g1> { <https://example.org/v/a> skos:prefLabel "A"@en . }
"""
RDFXML = """<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [ <!ENTITY skos "http://www.w3.org/2004/02/skos/core#"> ]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:skos="&skos;">
  <skos:Concept rdf:about="https://example.org/v/a">
    <skos:prefLabel xml:lang="en">A</skos:prefLabel>
    <skos:inScheme rdf:resource="&skos;fake"/>
  </skos:Concept>
</rdf:RDF>
"""
JSONLD = json.dumps({
    "@context": {"skos": "http://www.w3.org/2004/02/skos/core#"},
    "@id": "https://example.org/v/a", "@type": "skos:Concept",
    "skos:prefLabel": {"@value": "A", "@language": "en"},
})


@pytest.mark.parametrize("name,text,triples", [
    ("v.ttl", TTL, 5), ("v.nt", NT, 2), ("v.nq", NQ, 2), ("v.trig", TRIG, 1), ("v.rdf", RDFXML, 3),
    ("v.jsonld", JSONLD, 2),
])
def test_every_format_loads(tmp_path, name, text, triples):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert len(tropekg.load([path])) == triples


def test_gzip_and_several_files_merge(tmp_path):
    (tmp_path / "a.ttl.gz").write_bytes(gzip.compress(TTL.encode()))
    (tmp_path / "b.nt").write_text(NT)
    vocab = tropekg.load([tmp_path / "a.ttl.gz", tmp_path / "b.nt"])
    assert len(vocab) == 5  # the rdf:type and prefLabel of ex:a are in both files: merged, not doubled
    assert vocab.prefixes["ex"] == "https://example.org/v/"


def test_entities_used_as_namespace_abbreviations_are_expanded(tmp_path):
    path = tmp_path / "v.rdf"
    path.write_text(RDFXML)
    rows = tropekg.load([path]).rows("SELECT ?o WHERE { ?s skos:inScheme ?o }")
    assert [r[0].value for r in rows] == ["http://www.w3.org/2004/02/skos/core#fake"]


def test_input_format_override(tmp_path):
    path = tmp_path / "data.txt"
    path.write_text(NT)
    assert len(tropekg.load([path], input_format="ntriples")) == 2
    with pytest.raises(LoadError, match=r"data.txt: cannot tell the RDF format .* --input-format"):
        tropekg.load([path])
    with pytest.raises(LoadError, match="--input-format nope: unknown"):
        tropekg.load([path], input_format="nope")


def test_syntax_error_names_file_line_and_column(tmp_path):
    path = tmp_path / "bad.ttl"
    path.write_text('@prefix ex: <http://x/> .\nex:a ex:b "unterminated .\nex:c ex:d ex:e .\n')
    with pytest.raises(LoadError) as err:
        tropekg.load([path])
    message = str(err.value)
    assert message.startswith(f"{path}:2:")
    assert "\n" not in message


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(LoadError, match="no such file"):
        tropekg.load([tmp_path / "absent.ttl"])
    (tmp_path / "dir.ttl").mkdir()
    with pytest.raises(LoadError, match="is a directory"):
        tropekg.load([tmp_path / "dir.ttl"])


def test_corrupt_gzip(tmp_path):
    path = tmp_path / "v.ttl.gz"
    path.write_bytes(b"not gzip at all")
    with pytest.raises(LoadError, match="not a valid gzip file"):
        tropekg.load([path])


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://x/">
  <rdf:Description rdf:about="http://x/a"><ex:p>&lol9;</ex:p></rdf:Description>
</rdf:RDF>
"""


def test_billion_laughs_is_refused_before_the_parser(tmp_path):
    path = tmp_path / "bomb.rdf"
    path.write_text(BILLION_LAUGHS)
    with pytest.raises(LoadError) as refused:
        tropekg.load([path])
    # Line 15 holds the reference whose expansion libxml2 stopped (not the line inside the entity's text).
    assert str(refused.value) == (f"{path}:15: entity expansion passes the XML parser's limit (an XML entity bomb?); "
                                  "refusing to parse")


def test_cli_refuses_a_bomb_in_one_line_and_exit_2(run, tmp_path):
    path = tmp_path / "bomb.rdf"
    path.write_text(BILLION_LAUGHS)
    result = run("stats", str(path))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (f"tropekg: error: {path}:15: entity expansion passes the XML parser's limit (an XML entity "
                             "bomb?); refusing to parse\n")


def test_one_large_entity_used_many_times_is_refused(tmp_path):
    path = tmp_path / "quadratic.rdf"
    path.write_text(RDFXML.replace('<!ENTITY skos "http://www.w3.org/2004/02/skos/core#">',
                                   f'<!ENTITY skos "http://www.w3.org/2004/02/skos/core#"> <!ENTITY big "{"x" * 100_000}">')
                    .replace(">A<", ">" + "&big;" * 20_000 + "<"))
    with pytest.raises(LoadError, match=rf"^{path}:5: entity expansion passes the XML parser's limit"):
        tropekg.load([path])


def test_external_and_parameter_entities_are_refused(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET")
    path = tmp_path / "xxe.rdf"
    for decl in (f'<!ENTITY skos SYSTEM "{secret.as_uri()}">', f'<!ENTITY skos PUBLIC "-//x//y" "{secret.as_uri()}">'):
        path.write_text(RDFXML.replace('<!ENTITY skos "http://www.w3.org/2004/02/skos/core#">', decl))
        with pytest.raises(LoadError) as refused:
            tropekg.load([path])
        assert str(refused.value) == f"{path}:3: external entity skos (SYSTEM/PUBLIC) is refused for safety; inline its value"
    path.write_text(RDFXML.replace('<!ENTITY skos', '<!ENTITY % skos'))
    with pytest.raises(LoadError) as refused:
        tropekg.load([path])
    assert str(refused.value) == (f"{path}:3: entity skos is not defined here (parameter entities and external DTDs "
                                  "are not read, for safety); declare it as an internal entity or inline its value")
    # A parameter entity from a file (the classic out-of-band XXE): not read, refused where it is referenced.
    path.write_text(RDFXML.replace('<!ENTITY skos "http://www.w3.org/2004/02/skos/core#">',
                                   f'<!ENTITY % ext SYSTEM "{secret.as_uri()}"> %ext;'))
    with pytest.raises(LoadError, match=rf"^{path}:2: external entity ext \(SYSTEM/PUBLIC\) is refused"):
        tropekg.load([path])


def test_a_declared_external_entity_that_is_never_used_reads_nothing(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET")
    path = tmp_path / "unused.rdf"
    path.write_text(RDFXML.replace("]>", f'<!ENTITY unused SYSTEM "{secret.as_uri()}"> ]>'))
    vocab = tropekg.load([path])
    assert len(vocab) == 3
    assert "SECRET" not in vocab.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()).decode()


def test_internal_entities_with_markup_characters_are_read(tmp_path):
    path = tmp_path / "legal.rdf"
    path.write_text(RDFXML.replace("]>", '<!ENTITY y "p>q"> <!ENTITY z \'a "quoted" &#38;#38; b\'> ]>')
                    .replace(">A<", ">&y; &z;<"))
    vocab = tropekg.load([path])
    (label,) = vocab.store.quads_for_pattern(ox.NamedNode("https://example.org/v/a"),
                                             ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"), None)
    assert label.object.value == 'p>q a "quoted" & b'


def test_lines_after_a_dtd_stay_the_users_lines(tmp_path):
    path = tmp_path / "broken.rdf"
    path.write_text(RDFXML.replace("</skos:Concept>", "</skos:Concpt>"))
    with pytest.raises(LoadError, match=rf"^{path}:7: not well-formed XML \(Opening and ending tag mismatch"):
        tropekg.load([path])


def test_an_invalid_iri_after_a_dtd_is_placed_on_the_users_line(tmp_path):
    path = tmp_path / "iri.rdf"
    path.write_text(RDFXML.replace('<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:skos',
                                   '<rdf:RDF\n    xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"\n    xmlns:skos')
                    .replace('<skos:Concept rdf:about="https://example.org/v/a">',
                             '<skos:Concept\n      rdf:about="https://example.org/v/a">')
                    .replace('rdf:resource="&skos;fake"', 'rdf:resource="https://example.org/v/b c"'))
    vocab = tropekg.load([path], lenient=True)
    assert vocab.invalid_iris == {"https://example.org/v/b c": f"{path}:9"}


def test_format_for_by_extension():
    from pathlib import Path

    assert format_for(Path("x.TTL.gz")) == "turtle"
    assert {format_for(Path("x" + exts[0])) for _, exts in INPUT_FORMATS.values()} == set(INPUT_FORMATS)


def test_rdflib_api_over_the_same_store(bundled):
    from rdflib import URIRef
    from rdflib.namespace import SKOS

    labels = set(bundled.graph.objects(URIRef("https://w3id.org/tropekg/id/netorare"), SKOS.prefLabel))
    assert {str(label) for label in labels} == {"Netorare", "寝取られ", "netorare"}


def test_places_point_at_the_defining_line(bundled):
    place = bundled.place("https://w3id.org/tropekg/id/netorare")
    path, line = place.rsplit(":", 1)
    assert path.endswith("tropes-ntr.ttl")
    assert open(path, encoding="utf-8").read().splitlines()[int(line) - 1] == "tkid:netorare"


def test_real_thesauri_load():
    stw = tropekg.load([shared("vocabs", "stw-9.16.ttl")])
    assert len(stw) == 116_333
    unesco = tropekg.load([shared("vocabs", "unesco-thesaurus-2017.ttl")])
    assert len(unesco) == 75_202


def test_relative_prefixes_and_base_resolve_like_the_parser(tmp_path):
    path = tmp_path / "v.ttl"
    path.write_text('@base <http://zbw.example/stw/> .\n@prefix stw: <> .\n@prefix ext: <../ext/> .\n'
                    '@prefix ex: <http://example.org/ns#> .\n\n<descriptor/1> ex:p stw:x .\nstw:y ex:p ext:z .\n')
    vocab = tropekg.load([path])
    assert vocab.prefixes["stw"] == "http://zbw.example/stw/"
    assert vocab.prefixes["ext"] == "http://zbw.example/ext/"
    assert vocab.prefixes["ex"] == "http://example.org/ns#"  # an empty fragment survives resolution
    assert vocab.place("http://zbw.example/stw/descriptor/1") == f"{path}:6"
    assert vocab.place("http://zbw.example/stw/y") == f"{path}:7"


def test_place_index_scan_agrees_with_the_line_by_line_reading(tmp_path, monkeypatch):
    from tropekg.sources import places

    odd = tmp_path / "odd.ttl"
    odd.write_bytes(b'@prefix ex: <http://example.org/a/> .\r\nex:one a ex:T .\r\n  @base <http://example.org/b/> .\n'
                    b'<two> a ex:T .\nPREFIX ex: <http://example.org/c/>\nex:three ex:p "x" .\n\nex:one ex:p 1 .\n'
                    b':nothing a ex:T .\nprefix:x a ex:T .\n<four>\n  a ex:T .')
    top = tmp_path / "top.ttl"
    top.write_text("<http://example.org/first> a <http://example.org/T> .\nex:second a ex:T .\n", encoding="utf-8")
    files = [*sorted((CASES / "invalid").glob("*.ttl")), *sorted((CASES / "valid").glob("*.ttl")), odd, top,
             *bundled_sources()]
    fast = {str(p): places.index_places((p,), {"ex": "http://example.org/z/"}) for p in files}
    columns = {str(p): places.index_places((p,), {"ex": "http://example.org/z/"}, columns_from=0) for p in files}
    monkeypatch.setattr(places, "_odd_breaks", lambda text: True)
    slow = {str(p): places.index_places((p,), {"ex": "http://example.org/z/"}) for p in files}
    assert fast == slow == columns
    assert fast[str(odd)]["http://example.org/b/two"] == f"{odd}:4"
    assert fast[str(top)] == {"http://example.org/first": f"{top}:1", "http://example.org/z/second": f"{top}:2"}


def _turtle_files(tmp_path):
    """Every Turtle file of tests/ and ../shared/vocabs, and qSKOS's test resources (RDF/XML) written as Turtle."""
    files = sorted(CASES.parent.rglob("*.ttl"))
    files += [shared("vocabs", "stw-9.16.ttl"), shared("vocabs", "unesco-thesaurus-2017.ttl")]
    for rdf in sorted(shared("qskos", "resources").glob("*.rdf")):
        try:
            triples = list(ox.parse(path=str(rdf), format=ox.RdfFormat.RDF_XML))
        except SyntaxError:
            continue
        files.append(tmp_path / f"{rdf.stem}.ttl")
        files[-1].write_bytes(ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes={"skos": SKOS_NS}))
    return files


SKOS_NS = "http://www.w3.org/2004/02/skos/core#"


def test_the_place_index_in_columns_gives_the_scans_places(tmp_path, monkeypatch):
    from tropekg.namespaces import PREFIXES
    from tropekg.sources import places

    files = _turtle_files(tmp_path)
    assert len(files) > 150
    for path in files:
        assert places.index_places((path,), PREFIXES, columns_from=0) == places.index_places((path,), PREFIXES), path
    monkeypatch.setattr(places, "_CHUNK", 97)  # many chunks of lines, some a single "\n" or ending without one
    for path in [*files[:60], *bundled_sources()]:
        assert places.index_places((path,), PREFIXES, columns_from=0) == places.index_places((path,), PREFIXES), path


def test_many_places_at_once_are_the_ones_asked_one_by_one(tmp_path):
    from tropekg.namespaces import PREFIXES
    from tropekg.sources import places

    folder = tmp_path / "in {0} {x}"  # braces in a path are text, not format fields
    folder.mkdir()
    first, second, small = folder / "a.ttl", folder / "b.ttl", folder / "c.ttl"
    first.write_text("@prefix ex: <http://example.org/> .\n\nex:one a ex:T .\nex:two a ex:T .\n", encoding="utf-8")
    second.write_text("<http://example.org/three> a <http://example.org/T> .\n<http://example.org/one> a "
                      "<http://example.org/T> .\n", encoding="utf-8")
    small.write_text("<http://example.org/four> a <http://example.org/T> .\n<http://example.org/two> a "
                     "<http://example.org/T> .\n", encoding="utf-8")
    asked = [f"http://example.org/{n}" for n in ("one", "two", "three", "four", "five", "one")]
    # By columns (a frame per file) and by the scan (a dict per file), mixed: an earlier file's place wins.
    for columns_from in (0, 80, None):
        index = places.index_places((first, second, small), PREFIXES, columns_from)
        at_once = index.of(asked)
        assert at_once == {"http://example.org/one": f"{first}:3", "http://example.org/two": f"{first}:4",
                           "http://example.org/three": f"{second}:1", "http://example.org/four": f"{small}:1"}
        assert at_once == {iri: index[iri] for iri in asked if iri in index}
        assert index.of(asked) == at_once  # and once more, now that the whole dict is made


def test_prefixes_from_the_line_starts_are_the_token_searchs():
    from tropekg.sources import places
    from tropekg.sources.prefixes import prefixes_in

    for path in [*sorted(CASES.parent.rglob("*.ttl")), shared("vocabs", "stw-9.16.ttl")]:
        raw = path.read_bytes()
        lines = raw.split(b"\n")
        starts, at = [], 0
        for line in lines:  # _DECLARING's lines, found by hand
            if line.lstrip(b" \t")[:1] in (b"@", b"p", b"P", b"b", b"B"):
                starts.append(at)
            at += len(line) + 1
        assert prefixes_in(raw, "turtle", "file:///x/", starts) == prefixes_in(raw, "turtle", "file:///x/"), path
        assert places._DECLARING == r"^[ \t]*[@pPbB]"


_PIECES = ["@prefix ex: <http://example.org/a/> .", "@base <http://example.org/b/> .", "  @base <c/> .", "BASE <d/>",
           "PREFIX ey: <e/>", "prefix:x a ex:T .", "ex:one a ex:T .", ":x a ex:T .", "<two> a ex:T .",
           "<http://example.org/abs> ex:p 1 .", "    ex:p ex:o ;", "ex:caf\u00e9 a ex:T .", "\u00a0@base <nb/> .",
           "\x1f@BASE <us/> .", "ex\u00e9:x a", "ba\u017fe <s/> .", "pReFiX:y a", "ex:a\tb", "<a b> .", "ex:", "ey:z ;",
           "\t@base <t/>", "basement:x a", "\ufeffex:bom a", "<\u00e9> a", "ex:x,y", "x.y-z:w a", "ex:one ex:p 2 ."]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_PIECES), st.text(st.sampled_from("<>:@ \t.;,exbP\u00e9\u00a0\x1f\u017f_-/#"), max_size=8)),
                max_size=14),
       st.sampled_from(["\n", "\r\n"]))
@example(["\x1f@BASE <us/> .", "<two> a ex:T ."], "\n")
@example(["<a\x1fb> a ex:T .", "ex:c\x1fd a ex:T ."], "\r\n")
@example(["ex:caf\u00e9 a ex:T .", "\u00a0@base <nb/> .", "<nb> a ex:T ."], "\n")
def test_the_place_index_in_columns_on_drawn_texts(lines, newline):
    import tempfile
    from pathlib import Path

    from tropekg.sources import places

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "drawn.ttl"
        path.write_bytes(newline.join(lines).encode("utf-8", "surrogatepass"))
        prefixes = {"ex": "http://example.org/z/", "": "http://example.org/empty/"}
        expected = places.index_places((path,), prefixes)
        assert places.index_places((path,), prefixes, columns_from=0) == expected
        chunk, places._CHUNK = places._CHUNK, 7  # a chunk of lines as short as one line
        try:
            assert places.index_places((path,), prefixes, columns_from=0) == expected
        finally:
            places._CHUNK = chunk


def test_the_child_parse_gives_the_batches_of_the_parse_here_and_fails_on_bad_syntax():
    from tropekg.sources.batches import in_child, ntriples_batches

    from .conftest import ROOT

    raw = (ROOT / "taxonomy" / "tropes-ntr.ttl").read_bytes()
    got: list[bytes] = []
    assert in_child(raw, ox.RdfFormat.TURTLE, "file:///t/", False, got.append)
    assert got == list(ntriples_batches(raw, ox.RdfFormat.TURTLE, "file:///t/", False)) and got
    # A syntax error: the child says it did not finish (the caller parses here, whose error names the place).
    assert not in_child(b'<a:x> <a:p> "open', ox.RdfFormat.TURTLE, "file:///t/", False, got.append)
    # An invalid IRI: refused strictly, read leniently (validate's invalid-iri).
    bad = b"<https://e.org/a{b}> <https://e.org/p> <https://e.org/o> .\n"
    assert not in_child(bad, ox.RdfFormat.N_TRIPLES, "file:///t/", False, got.append)
    lenient: list[bytes] = []
    assert in_child(bad, ox.RdfFormat.N_TRIPLES, "file:///t/", True, lenient.append)
    assert lenient == [bad]


def test_a_child_that_stops_within_a_batch_hands_on_no_cut_batch(monkeypatch):
    import subprocess

    from tropekg.sources import batches

    # The child's framing, then a batch cut short: what a child killed mid-write (out of memory) leaves.
    stream = (40).to_bytes(8, "little") + b"<a:x> <a:p"  # 10 of 40 bytes
    fake = [batches.sys.executable, "-c", f"import sys; sys.stdout.buffer.write({stream!r})"]
    real = subprocess.Popen
    monkeypatch.setattr(batches.subprocess, "Popen", lambda command, **kw: real(fake, **kw))
    got: list[bytes] = []
    assert not batches.in_child(b"", ox.RdfFormat.TURTLE, "file:///t/", False, got.append)
    assert got == []


def test_a_child_opens_a_plain_file_itself_and_gives_the_batches_of_its_text(tmp_path):
    from tropekg.sources.batches import BATCH, in_child, ntriples_batches

    lines = "".join(f"<https://e.org/c{i}> <https://e.org/p> 'c{i}' .\n" for i in range(BATCH + 10))
    path = tmp_path / "big.ttl"
    path.write_text(lines, encoding="utf-8")
    got: list[bytes] = []
    assert in_child(path, ox.RdfFormat.TURTLE, "file:///t/", False, got.append)
    assert got == list(ntriples_batches(path.read_bytes(), ox.RdfFormat.TURTLE, "file:///t/", False))
    assert len(got) == 2


def _large(tmp_path, tail: str = "") -> tuple:
    """A Turtle file of LARGE_INPUT_BYTES or more (validate reads it into columns, its child started at load)."""
    from tropekg.sources.reader import LARGE_INPUT_BYTES

    head = "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n@prefix ex: <https://ex.org/> .\n"
    line = "ex:c{} a skos:Concept ; skos:prefLabel 'concept number {}'@en .\n"
    count = LARGE_INPUT_BYTES // len(line.format(0, 0)) + 1
    path = tmp_path / "large.ttl"
    path.write_text(head + "".join(line.format(i, i) for i in range(count)) + tail, encoding="utf-8")
    return path, len(head.splitlines()) + count + 1


def test_a_child_started_at_load_is_ended_when_the_store_is_read(tmp_path, monkeypatch):
    from tropekg.sources import batches, reader

    started = []
    monkeypatch.setattr(reader, "Child", lambda *a, **k: started.append(batches.Child(*a, **k)) or started[-1])
    path, _ = _large(tmp_path)
    vocab = reader.load([path], lenient=True, deferred=True)
    assert len(started) == 1
    vocab.read()
    # Waited for (its status known) by stop(): nothing else here asks a child that is not read.
    assert started[0]._process.returncode is not None
    assert len(vocab.store) == 2 * (len(path.read_text().splitlines()) - 2)


def test_a_syntax_error_in_a_large_file_read_by_an_early_child_names_its_place(tmp_path):
    from tropekg.errors import TropekgError
    from tropekg.sources.reader import load
    from tropekg.validate import runner

    path, last = _large(tmp_path, "ex:x a skos:Concept ;\n ex:b .\n")
    with pytest.raises(TropekgError) as e:
        runner.validate(load([path], lenient=True, deferred=True), engine="auto")
    assert str(e.value).startswith(f"{path}:{last + 1}:")
    with pytest.raises(LoadError) as stored:
        load([path], lenient=True)
    assert str(e.value) == str(stored.value)
