"""The concept record (tropekg/record.py, record-spec item 2) and the one tree (tropekg/tree.py, item 4)."""

from __future__ import annotations

import tropekg
from tropekg.lookup import describe
from tropekg.record import record_of, record_table
from tropekg.tree import CLOSE, CYCLE, OPEN, REF, tree, walk

ID = "https://w3id.org/tropekg/id/"


def test_the_record_holds_labels_notes_links_facets_and_flags(bundled):
    rec = record_table(bundled).get(ID + "netorare")
    assert rec.labels["prefLabel"] == {"en": ["Netorare"], "ja": ["寝取られ"], "ja-Latn": ["netorare"]}
    assert any(t.startswith("Not real-life relationship advice") for t in rec.notes["misreading"]["en"])
    assert rec.notes["example"]["en"] == ["A character feels replaced by a partner in a story."]
    assert len(rec.notes["scopeNote"]["en"]) == 3 and "historyNote" in rec.notes and "bestUse" in rec.notes
    assert rec.links["counterparts"] == [ID + "netori"]  # stated on netorare
    assert ID + "netorare" in record_table(bundled).get(ID + "netori").links["counterparts"]  # filled back
    assert rec.facets["perspective"] == [ID + "perspective-partner-lost"]
    assert rec.spoiler == 0 and rec.adult and not rec.deprecated
    assert sorted(rec.links["media"]) == [ID + "anime", ID + "manga", ID + "visual-novel"]


def _sorted(texts: dict) -> dict:
    """Texts in code point order: the store's indexes and the sorted lines give them in different orders."""
    return {kind: {lang: sorted(v) for lang, v in by_lang.items()} for kind, by_lang in texts.items()}


def test_one_concept_from_the_indexes_is_the_same_record(bundled):
    table = record_table(bundled)
    for iri in (ID + "netorare", ID + "ntr-family", ID + "romance"):
        one, every = record_of(bundled, iri), table.get(iri)
        assert (_sorted(one.labels), _sorted(one.notes), one.adult, one.spoiler, one.primary) == \
            (_sorted(every.labels), _sorted(every.notes), every.adult, every.spoiler, every.primary)
        assert (one.facets, one.mappings) == (every.facets, every.mappings)
        assert {k: sorted(v) for k, v in one.links.items()} == {k: sorted(v) for k, v in every.links.items()}
        assert sorted(one.schemes) == sorted(every.schemes) and sorted(one.types) == sorted(every.types)


def test_flags_read_true_and_1_and_declared_notes_count(tmp_path):
    path = tmp_path / "v.ttl"
    path.write_text("@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n@prefix ex: <http://example.org/> .\n"
                    "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
                    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
                    "@prefix tk: <https://w3id.org/tropekg/ontology#> .\n"
                    'ex:myNote rdfs:subPropertyOf skos:note .\n'
                    'ex:a a skos:Concept ; tk:adult "1"^^<http://www.w3.org/2001/XMLSchema#boolean> ;\n'
                    '  owl:deprecated true ; ex:myNote "mine"@en ; skos:related ex:b ; skos:broader ex:b .\n')
    vocab = tropekg.load([path])
    rec = record_table(vocab).get("http://example.org/a")
    assert rec.adult and rec.deprecated
    assert rec.notes == {"http://example.org/myNote": {"en": ["mine"]}}
    assert "related" not in rec.links  # it parallels the broader link (SKOS S27): shown once, as broader
    assert describe(vocab, "http://example.org/a")["adult"] is True


def _recs(text: str, tmp_path):
    path = tmp_path / "t.ttl"
    path.write_text("@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n@prefix ex: <http://example.org/> .\n"
                    "@prefix tk: <https://w3id.org/tropekg/ontology#> .\n" + text)
    return list(record_table(tropekg.load([path])))


def test_a_concept_sits_under_its_primary_parent_else_the_first_by_iri(tmp_path):
    recs = _recs("ex:z a skos:Concept . ex:y a skos:Concept . ex:c skos:broader ex:z, ex:y .\n"
                 "ex:d skos:broader ex:y, ex:z ; tk:primaryBroader ex:z .\n", tmp_path)
    found = tree(recs, lambda iri: iri)
    ex = "http://example.org/"
    assert found.home == {ex + "c": ex + "y", ex + "d": ex + "z"}
    steps = [(step, iri[len(ex):], depth) for step, iri, depth in walk(found) if step != CLOSE]
    assert steps == [(OPEN, "y", 0), (OPEN, "c", 1), (REF, "d", 1), (OPEN, "z", 0), (REF, "c", 1), (OPEN, "d", 1)]


def test_cycles_end_and_start_trees_of_their_own(tmp_path):
    recs = _recs("ex:a skos:broader ex:b . ex:b skos:broader ex:a .\n", tmp_path)
    steps = [(step, iri.rsplit("/", 1)[-1]) for step, iri, _ in walk(tree(recs, lambda iri: iri))]
    assert steps == [(OPEN, "a"), (OPEN, "b"), (CYCLE, "a"), (CLOSE, "b"), (CLOSE, "a")]
