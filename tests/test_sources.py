"""sources/: every input format, compressed input, errors with their place, the XML entity guard, prefixes, places."""

from __future__ import annotations

import gzip
import json

import pytest

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
    with pytest.raises(LoadError, match="entity bomb"):
        tropekg.load([path])


def test_external_and_parameter_entities_are_refused(tmp_path):
    path = tmp_path / "xxe.rdf"
    path.write_text(RDFXML.replace('<!ENTITY skos "http://www.w3.org/2004/02/skos/core#">',
                                   '<!ENTITY skos SYSTEM "file:///etc/passwd">'))
    with pytest.raises(LoadError, match=r"xxe.rdf:2: external entity skos"):
        tropekg.load([path])
    path.write_text(RDFXML.replace('<!ENTITY skos', '<!ENTITY % skos'))
    with pytest.raises(LoadError, match="parameter entity"):
        tropekg.load([path])


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
    monkeypatch.setattr(places, "_odd_breaks", lambda text: True)
    slow = {str(p): places.index_places((p,), {"ex": "http://example.org/z/"}) for p in files}
    assert fast == slow
    assert fast[str(odd)]["http://example.org/b/two"] == f"{odd}:4"
    assert fast[str(top)] == {"http://example.org/first": f"{top}:1", "http://example.org/z/second": f"{top}:2"}
