"""`tropekg search`: ranked matches over labels in every language, definitions and notes."""

from __future__ import annotations

import json

import pytest

from tropekg import search as s
from tropekg.errors import UsageError

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
