"""`tropekg search`: ranked matches over labels in every language, definitions and notes."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tropekg
from tropekg.errors import UsageError
from tropekg.query import search as s

TKID = "https://w3id.org/tropekg/id/"


def test_exact_preflabel_ranks_first_then_definitions_then_notes(bundled):
    hits = s.search(bundled, "jealousy", limit=0)
    assert (hits[0].iri, hits[0].score, hits[0].field) == (TKID + "jealousy", s.EXACT_PREF, "prefLabel")
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)
    assert any(h.iri == TKID + "netorare" and h.field == "definition" for h in hits)
    assert any(h.field == "note" for h in hits)


def test_alias_and_normalisation(bundled):
    # Full-width letters and case meet the altLabel "NTR" as `show` matches it.
    hit = s.search(bundled, "ｎｔｒ")[0]
    assert (hit.iri, hit.score, hit.field) == (TKID + "netorare", s.EXACT_LABEL, "altLabel")


def test_japanese_prefix(bundled):
    hits = s.search(bundled, "寝取")
    assert {h.iri for h in hits[:3]} == {TKID + "netorare", TKID + "netori", TKID + "netorase"}
    assert all(h.score == s.LABEL_PREFIX for h in hits[:3])


def test_ties_sort_by_label_then_iri(bundled):
    hits = s.search(bundled, "partner", limit=0)
    for a, b in zip(hits, hits[1:], strict=False):
        assert (-a.score, a.label.casefold(), a.iri) <= (-b.score, b.label.casefold(), b.iri)


def test_limit_and_empty(bundled):
    assert len(s.search(bundled, "a", limit=3)) == 3
    assert s.search(bundled, "zzqqxx") == []
    with pytest.raises(UsageError):
        s.search(bundled, "   ")


def test_cli_json(run):
    result = run("search", "netori", "--format", "json", "--limit", "1")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == [{"iri": TKID + "netori", "label": "Netori", "score": 100,
                                          "field": "prefLabel", "text": "Netori", "lang": "en"}]


_TEXTS = ["Fire", "fire ant", "ＦＩＲＥ", "Straße", "STRASSE", "Ärger", "寝取られ", "NTR  family", "x\"y", "ﬁre"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.sampled_from(["prefLabel", "altLabel", "definition", "scopeNote"]),
                          st.sampled_from(_TEXTS), st.sampled_from(["en", "de", "ja", ""])), min_size=1, max_size=12),
       st.sampled_from(["fire", "FIRE", "ﬁ", "strasse", "straße", "ärger", "寝取", "ntr family", "ant fire", "\"y"]))
def test_the_prefilter_finds_what_scoring_every_text_finds(tmp_path_factory, texts, query):
    """search() lets Oxigraph drop texts without the query's longest word (ASCII only); the hits must be those of
    scoring every text in Python."""
    from tropekg.query import search as module

    lines = ["@prefix skos: <http://www.w3.org/2004/02/skos/core#> .", "@prefix ex: <http://example.org/> ."]
    for c, prop, text, lang in texts:
        literal = json.dumps(text, ensure_ascii=False) + (f"@{lang}" if lang else "")
        lines.append(f"ex:c{c} a skos:Concept ; skos:{prop} {literal} .")
    path = tmp_path_factory.mktemp("search") / "v.ttl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    vocab = tropekg.load([path])
    fast = module.search(vocab, query, limit=0)
    prefilter = module._CANDIDATES
    module._CANDIDATES = "SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(isIRI(?s) && isLiteral(?o)) }"
    try:
        assert fast == module.search(vocab, query, limit=0)
    finally:
        module._CANDIDATES = prefilter
