"""Reconciliation's matching (tropekg/reconcile/engine.py, index.py): every label kind and language after
normalisation, IRIs and notations, scores and features, `match` only for a unique winner, deprecated concepts,
types, and names in the query's language."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tropekg
from tropekg.labels import normalize
from tropekg.reconcile import reconciler
from tropekg.reconcile.engine import Query
from tropekg.reconcile.index import _word_starts, compact, words

from .conftest import CASES

EX = "http://example.org/tag/"


@pytest.fixture(scope="module")
def engine():
    return reconciler(tropekg.load([str(CASES / "reconcile" / "tags.ttl")]))


def top(engine, text: str, **kw) -> tuple[str, float, str, bool]:
    found = engine.match(Query(text, **kw))
    return found[0].iri, found[0].score, found[0].how, found[0].match


@pytest.mark.parametrize("text, kind, score", [
    ("Netorare", "pref", 100), ("寝取られ", "pref", 100), ("NTR", "alt", 96), ("netorae", "hidden", 92),
    ("T-513", "notation", 100),
])
def test_every_label_kind_and_language_finds_the_concept(engine, text, kind, score):
    found = engine.match(Query(text))
    assert (found[0].iri, found[0].score, found[0].label.kind, found[0].match) == (EX + "netorare", score, kind, True)


@pytest.mark.parametrize("text", ["ｎｔｒ", "  ntr ", "Ntr", "ＮＥＴＯＲＡＲＥ", "net  orare", "NETO RARE", "Net-orare"])
def test_case_width_and_spacing_do_not_matter(engine, text):
    iri, score, how, match = top(engine, text)
    assert (iri, match) == (EX + "netorare", True)
    assert how in ("exact", "loose")


def test_an_iri_or_its_brackets_finds_the_concept(engine):
    assert top(engine, EX + "romance") == (EX + "romance", 100, "iri", True)
    assert top(engine, f"<{EX}romance>") == (EX + "romance", 100, "iri", True)


def test_two_concepts_sharing_a_label_never_match(engine):
    found = engine.match(Query("Affair"))
    assert [(c.iri, c.score, c.match) for c in found] == [(EX + "affair", 96, False), (EX + "cheating", 96, False)]


def test_a_preflabel_beats_another_concepts_altlabel(engine):
    found = engine.match(Query("Cuckoldry"))
    assert [(c.iri, c.score, c.match) for c in found] == [(EX + "cuckold", 100, True), (EX + "netorare", 96, False)]


def test_a_deprecated_concept_never_matches_and_its_replacement_is_offered(engine):
    found = engine.match(Query("Old love"))
    assert [(c.iri, c.match, c.replaces, c.deprecated) for c in found] == [
        (EX + "romance", True, EX + "old-love", False), (EX + "old-love", False, None, True)]
    assert [(c.iri, c.match, c.deprecated) for c in engine.match(Query("Gone tag"))] == [(EX + "gone", False, True)]


def test_near_misses_are_candidates_but_not_matches(engine):
    found = engine.match(Query("Netorar"))
    assert (found[0].iri, found[0].how, found[0].match) == (EX + "netorare", "similar", False)
    assert 45 <= found[0].score < 80
    word = engine.match(Query("cheating (ntr)"))
    assert {c.iri for c in word} >= {EX + "cheating", EX + "netorare"} and not any(c.match for c in word)
    assert engine.match(Query("zzzzqqqq")) == [] and engine.match(Query("   ")) == []


def test_scores_are_deterministic_and_features_explain_them(engine):
    first = [(c.iri, c.score) for c in engine.match(Query("Drma", limit=5))]
    assert first == [(c.iri, c.score) for c in engine.match(Query("Drma", limit=5))]
    features = {i: v for i, _, v in engine.match(Query("NTR"))[0].features("en")}
    assert features == {"exact": True, "altLabel": True, "same_language": True, "similarity": 100.0}
    old = {i: v for i, _, v in engine.match(Query("Old love"))[0].features("ja")}
    assert old == {"exact": True, "prefLabel": True, "same_language": False, "similarity": 100.0, "replacement": True}
    iri = {i: v for i, _, v in engine.match(Query(EX + "gone"))[0].features("en")}
    assert iri == {"exact": True, "iri": True, "same_language": False, "similarity": 100.0, "deprecated": True}


def test_types_restrict_to_a_scheme_a_branch_or_a_facet(engine):
    assert [c.iri for c in engine.match(Query("Affair", (EX + "other",)))] == [EX + "affair"]
    assert top(engine, "Affair", types=(EX + "other",))[3] is True
    assert [c.iri for c in engine.match(Query("Affair", (EX + "drama",)))] == [EX + "cheating"]
    consent = "https://w3id.org/tropekg/id/consent-none"
    assert [c.iri for c in engine.match(Query("Cuckoldry", (consent,)))] == [EX + "netorare"]
    assert engine.match(Query("Affair", (EX + "romance",))) == []


def test_types_offered_are_the_schemes_then_the_top_concepts(engine):
    assert engine.types() == [EX + "other", EX + "scheme", EX + "drama", EX + "romance"]


def test_the_name_follows_the_query_language(engine):
    assert engine.match(Query("Netorare", lang="ja"))[0].name == "寝取られ"
    assert engine.match(Query("寝取られ", lang="en"))[0].name == "Netorare"
    assert engine.match(Query("Netorare", lang="ja"))[0].description == "恋人を奪われる。"


def test_suggest_finds_label_and_word_prefixes(engine):
    assert engine.suggest("neto") == [EX + "netorare"]
    assert engine.suggest("aff") == [EX + "affair", EX + "cheating"]
    assert engine.suggest("tag") == [f"{EX}gone", "http://example.org/hash#only", "http://example.org/mixed?x=1#frag&y",
                                     f"{EX}q?a=1&b=2"]
    assert engine.suggest("aff", (EX + "other",)) == [EX + "affair"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=30))
def test_ascii_keys_split_as_the_unicode_rule_does(text):
    """compact, words and word starts of ASCII keys (one regular expression) agree with the rule they stand for:
    Unicode categories Z and P are separators."""
    key = normalize(text)
    is_sep = [unicodedata.category(ch)[0] in "ZP" for ch in key]
    assert compact(key) == "".join(ch for ch, sep in zip(key, is_sep, strict=True) if not sep)
    assert words(key) == "".join(" " if sep else ch for ch, sep in zip(key, is_sep, strict=True)).split()
    assert _word_starts(key) == [i for i in range(len(key)) if not is_sep[i] and (i == 0 or is_sep[i - 1])]
