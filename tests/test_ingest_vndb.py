"""`tropekg import vndb`: every field of VNDB's tag dump mapped, the acceptance checks, bad input."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

import tropekg
from tropekg.errors import LoadError
from tropekg.ingest import FORMATS, import_to, read, source
from tropekg.ingest.bbcode import plain
from tropekg.ingest.graph import cyclic
from tropekg.ingest.vndb import script_lang

from .conftest import CASES, ROOT, shared

CASE = CASES / "ingest"
G = "https://vndb.org/g"


def objects(vocab, subject: str, predicate: str) -> list[str]:
    rows = vocab.store.quads_for_pattern(ox.NamedNode(subject), ox.NamedNode(predicate), None)
    return sorted(str(q.object) for q in rows)


def test_every_field_is_mapped():
    vocab = read("vndb", CASE / "vndb-small.json").vocab
    sk, tk = "http://www.w3.org/2004/02/skos/core#", "https://w3id.org/tropekg/ontology#"
    assert objects(vocab, G + "2", sk + "prefLabel") == ['"Netorare"@en']
    assert objects(vocab, G + "2", sk + "altLabel") == ['"NTR"@en', '"ネトラレ"@ja', '"寝取られ"@ja']
    assert objects(vocab, G + "2", sk + "definition") == [
        '"The hero loses [spoiler: his girlfriend]. [From Wikipedia]"@en']
    assert objects(vocab, G + "2", sk + "broader") == [f"<{G}1>", f"<{G}3>"]
    assert objects(vocab, G + "2", tk + "primaryBroader") == [f"<{G}1>"]
    assert objects(vocab, G + "2", sk + "inScheme") == ["<https://w3id.org/tropekg/id/vndb/sexual-content>"]
    assert objects(vocab, G + "2", tk + "adult") == ['"true"^^<http://www.w3.org/2001/XMLSchema#boolean>']
    assert objects(vocab, G + "2", tk + "workCount") == ['"1114"^^<http://www.w3.org/2001/XMLSchema#integer>']
    assert objects(vocab, G + "1", "http://www.w3.org/2000/01/rdf-schema#seeAlso") == [
        "<http://en.wikipedia.org/wiki/Theme>", f"<{G}2>"]
    assert objects(vocab, G + "1", sk + "topConceptOf") == ["<https://w3id.org/tropekg/id/vndb/content>"]
    assert objects(vocab, G + "1", tk + "grouping") == ['"true"^^<http://www.w3.org/2001/XMLSchema#boolean>']
    # meta implies not applicable; a tag that is neither meta nor applicable stays a plain "applicable false"
    flags = [objects(vocab, G + n, tk + "applicable")[0].split('"')[1] for n in "123"]
    assert flags == ["false", "true", "false"]
    assert objects(vocab, G + "3", tk + "grouping") == [] and objects(vocab, G + "3", sk + "definition") == []


def test_a_link_that_is_no_iri_stays_in_the_definition(tmp_path):
    path = tmp_path / "t.json"
    path.write_text('[{"id": 4, "name": "x", "description": "see [url=http://a b/c]this[/url]", "aliases": [], '
                    '"parents": [], "cat": "tech", "searchable": true, "applicable": true, "meta": false, "vns": 1}]',
                    encoding="utf-8")
    vocab = read("vndb", path).vocab
    assert objects(vocab, G + "4", "http://www.w3.org/2004/02/skos/core#definition") == [
        '"see this\\n\\n(links: http://a b/c)"@en']
    assert objects(vocab, G + "4", "http://www.w3.org/2000/01/rdf-schema#seeAlso") == []


def test_bbcode_to_text():
    assert plain("a [url=/g39]Dating[/url] [b]b[/b] [i]c[/i] [u]d[/u]") == ("a Dating b c d", ["https://vndb.org/g39"])
    assert plain("[spoiler]twist[/spoiler] [spoiler][/spoiler][From x]") == ("[spoiler: twist] [From x]", [])
    assert plain("unclosed [spoiler]end") == ("unclosed [spoiler: end", [])


def test_alias_language_by_script():
    assert [script_lang(t) for t in ("NTR", "寝取られ", "ネトラレ", "ｱｲ", "々", "Ürün")] == [
        "en", "ja", "ja", "ja", "ja", "en"]


def test_cycles_found():
    assert cyclic({1: [2, 99], 2: [1], 3: [1], 4: []}) == [1, 2, 3]
    assert cyclic({1: [1]}) == [1] and cyclic({1: [], 2: [1]}) == []


def test_acceptance_on_the_2022_dump(run, tmp_path):
    dump = shared("data", "vndb-tags-2022-10-02.json")
    out = tmp_path / "vndb.ttl"
    result = run("import", "vndb", str(dump), "-o", str(out))
    assert result.exit_code == 0 and result.stderr == ""
    assert result.stdout == f"2783 concepts, 29726 triples written to {out}\n"
    assert tropekg.stats(tropekg.load([out]))["concepts"] == 2783
    shown = run("show", "NTR", str(out))
    assert shown.exit_code == 0 and shown.stdout.startswith("Netorare  https://vndb.org/g513\n")
    checked = run("validate", str(out))
    assert checked.exit_code == 1 and checked.stdout.endswith("does not conform at --fail-on warning\n")
    joined = run("query", "SELECT ?trope ?tag WHERE { ?trope skos:exactMatch ?tag . ?tag tk:workCount ?n } "
                 "ORDER BY ?tag", *map(str, sorted((ROOT / "taxonomy").glob("*.ttl"))), str(out), "-f", "csv")
    assert joined.exit_code == 0
    rows = set(joined.stdout.splitlines()[1:])
    assert {f"https://w3id.org/tropekg/id/{t},{G}{g}" for t, g in
            (("netorare", 513), ("netori", 514), ("netorase", 1663))} <= rows


def test_the_2020_dump_imports_and_output_is_deterministic(tmp_path):
    dump = shared("data", "vndb-tags-2020-05-07.json")
    first, imported = import_to("vndb", dump, None)
    again, _ = import_to("vndb", dump, None)
    assert first == again and imported.concepts == 2557 and imported.warnings == []


def test_other_output_formats(run):
    result = run("import", "vndb", str(CASE / "vndb-small.json"), "-f", "ntriples")
    assert result.exit_code == 0 and result.stderr == ""
    assert f'<{G}2> <http://www.w3.org/2004/02/skos/core#altLabel> "NTR"@en .' in result.stdout.splitlines()


def test_unknown_parents_and_cycles_are_imported_with_warnings(run, tmp_path):
    out = tmp_path / "c.ttl"
    case = CASE / "vndb-cycle.json"
    result = run("import", "vndb", str(case), "-o", str(out))
    assert result.exit_code == 0
    assert result.stderr == (
        f"tropekg: warning: {case}: tag g1: parent g99 is not in the dump (kept as broader)\n"
        f"tropekg: warning: {case}: tag g1: its parents lead round in a cycle (kept as broader)\n"
        f"tropekg: warning: {case}: tag g2: its parents lead round in a cycle (kept as broader)\n"
        f"tropekg: 3 warnings: imported as is; run `tropekg validate {out}` for the findings\n")
    assert "vndb:g99" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(("case", "message"), [
    ("vndb-duplicate.json", "{path}: tag g1 (record 2): duplicate id (also record 1); keep one of the two"),
    ("vndb-malformed.json", "{path}: tag g7 (record 2): field 'parents' must be list, got str \"1\"; "
                            "fix the record or fetch the dump again"),
    ("vndb-truncated.json", "{path}:1:94: not valid JSON: Unterminated string starting at; the file ends early (truncated?); "
                            "fetch the dump again"),
    ("vndb-latin1.json", "{path}:1:23: byte 0xe9 is not UTF-8; save the file as UTF-8"),
])
def test_bad_input_is_one_line_exit_2_and_no_file(run, tmp_path, case, message):
    out = tmp_path / "x.ttl"
    path = CASE / case
    result = run("import", "vndb", str(path), "-o", str(out))
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == f"tropekg: error: {message.format(path=path)}\n"
    assert not out.exists()


def test_other_bad_shapes(tmp_path):
    cases = {"obj.json": ('{"id": 1}', "a VNDB tag dump is a JSON array of tag objects, this is dict"),
             "num.json": ("[3]", "record 1 is int, not an object; a VNDB tag dump is a JSON array of tag objects"),
             "cat.json": ('[{"id": 5, "name": "x", "description": null, "aliases": [], "parents": [], "cat": "gore", '
                          '"searchable": true, "applicable": true, "meta": false, "vns": 0}]',
                          "tag g5 (record 1): field 'cat' is 'gore'; VNDB's categories are cont, ero, tech")}
    for name, (text, message) in cases.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        with pytest.raises(LoadError) as caught:
            read("vndb", path)
        assert str(caught.value) == f"{path}: {message}"


def test_huge_file_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(source, "MAX_BYTES", 100)
    path = CASE / "vndb-small.json"
    with pytest.raises(LoadError) as caught:
        read("vndb", path)
    assert str(caught.value) == (f"{path}: {path.stat().st_size:,} bytes is more than import reads (100); "
                                 "split the file")


def test_format_choices_come_from_the_registry(run):
    result = run("import", "--help")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == f"Usage: cli import [OPTIONS] {{{'|'.join(FORMATS)}}} FILE"
    bad = run("import", "vndb", str(CASE / "vndb-small.json"), "-f", "csv")
    assert bad.exit_code == 2 and "'csv' is not one of 'turtle', 'ntriples'" in bad.stderr


def test_many_warnings_show_the_first_ten_and_the_count(tmp_path, run):
    path = tmp_path / "many.json"
    path.write_text("[" + ",".join(
        f'{{"id": {n}, "name": "t{n}", "description": "", "aliases": [], "parents": [{1000 + n}], "cat": "cont", '
        f'"searchable": true, "applicable": true, "meta": false, "vns": 0}}' for n in range(1, 13)) + "]",
        encoding="utf-8")
    result = run("import", "vndb", str(path), "-o", str(tmp_path / "o.ttl"))
    lines = result.stderr.splitlines()
    assert result.exit_code == 0 and len(lines) == 11
    assert lines[9] == f"tropekg: warning: {path}: tag g10: parent g1010 is not in the dump (kept as broader)"
    assert lines[10] == (f"tropekg: 12 warnings (2 more not shown): imported as is; run `tropekg validate "
                         f"{tmp_path / 'o.ttl'}` for the findings")
