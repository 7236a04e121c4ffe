"""Resolving terms and the `show` card (its JSON is a contract)."""

from __future__ import annotations

import pytest

import tropekg
from tropekg.errors import LookupFailed

TKID = "https://w3id.org/tropekg/id/"
CONTRACT = ["iri", "types", "schemes", "prefLabel", "altLabel", "hiddenLabel", "definition", "scopeNote",
            "example", "notes", "broader", "narrower", "related", "facets", "media", "themes", "uses",
            "contrastsWith", "counterparts", "mappings", "adult", "deprecated", "replacedBy"]


@pytest.mark.parametrize("term,slug", [
    ("NTR", "netorare"), ("ntr", "netorare"), ("ＮＴＲ", "netorare"), ("寝取られ", "netorare"),
    ("netorare", "netorare"), ("Netori", "netori"), ("寝取り", "netori"), ("寝取らせ", "netorase"),
    ("ネトラセ", "netorase"), ("tkid:netorase", "netorase"), (TKID + "netori", "netori"),
    (f"<{TKID}netori>", "netori"), ("  love   TRIANGLE ", "love-triangle"), ("Cheating", "infidelity"),
])
def test_resolve(bundled, term, slug):
    assert tropekg.resolve(bundled, term).iri == TKID + slug


def test_preflabel_beats_altlabel(bundled):
    # "Betrayal" is the theme's prefLabel and an altLabel of the consent value "Without agreement".
    assert tropekg.resolve(bundled, "betrayal").iri == TKID + "betrayal"


def test_unknown_term_suggests_close_labels(bundled):
    with pytest.raises(LookupFailed) as err:
        tropekg.resolve(bundled, "netorar")
    assert "did you mean" in str(err.value)
    assert (TKID + "netorare", "Netorare") in err.value.candidates


def test_ambiguous_term_lists_candidates(tmp_path):
    path = tmp_path / "v.ttl"
    path.write_text('@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n'
                    '<http://x/a> skos:prefLabel "Same"@en .\n<http://x/b> skos:prefLabel "same"@de .\n')
    vocab = tropekg.load([path])
    with pytest.raises(LookupFailed, match="ambiguous") as err:
        tropekg.resolve(vocab, "SAME")
    assert sorted(iri for iri, _ in err.value.candidates) == ["http://x/a", "http://x/b"]


def test_card_contract_for_netorare(bundled):
    card = tropekg.describe(bundled, "NTR")
    assert list(card)[: len(CONTRACT)] == CONTRACT
    assert card["prefLabel"] == {"en": "Netorare", "ja": "寝取られ", "ja-Latn": "netorare"}
    assert card["altLabel"] == {"en": ["NTR"]}
    assert [r["label"] for r in card["facets"]["perspective"]] == ["Partner lost"]
    assert [r["iri"] for r in card["facets"]["consent"]] == [TKID + "consent-betrayal"]
    assert [r["iri"] for r in card["facets"]["audience"]] == [TKID + "audience-adult"]
    assert [r["label"] for r in card["media"]] == ["Anime", "Manga", "Visual novel"]
    assert {"Jealousy", "Betrayal", "Loss", "Insecurity", "Emotional dependency", "Fear of abandonment",
            "Psychological tension"} <= {r["label"] for r in card["themes"]}
    assert [r["iri"] for r in card["counterparts"]] == [TKID + "netori"]
    assert {"relation": "exactMatch", "iri": "https://vndb.org/g513"} in card["mappings"]
    assert {"relation": "exactMatch", "iri": "https://anilist.co/tag/124"} in card["mappings"]
    assert card["adult"] is True and card["deprecated"] is False and card["replacedBy"] == []
    assert len(card["uses"]) == 5
    assert any("general romance drama" in note for note in card["notes"]["en"])
    assert card["primaryBroader"]["iri"] == TKID + "ntr-family"
    for ref in card["broader"] + card["related"] + card["media"]:
        assert set(ref) == {"iri", "label"}


def test_card_reads_inverse_links(bundled):
    # Netorase states no counterpart; netorare and netori state each other: symmetric data.
    assert tropekg.describe(bundled, "netorase")["counterparts"] == []
    family = tropekg.describe(bundled, "NTR family")
    assert [r["label"] for r in family["narrower"]] == ["Netorare", "Netorase", "Netori"]
    drama = tropekg.describe(bundled, "tkid:drama")
    assert {r["label"] for r in drama["narrower"]} == {"Psychological drama", "Romance drama"}


def test_display_language_with_fallback(bundled):
    card = tropekg.describe(bundled, "NTR", lang="ja")
    assert [r["label"] for r in card["counterparts"]] == ["寝取り"]
    assert [r["label"] for r in card["facets"]["perspective"]] == ["Partner lost"]  # no ja label: English
    latn = tropekg.describe(bundled, "NTR", lang="ja-Latn")
    assert [r["label"] for r in latn["counterparts"]] == ["netori"]


def test_keys_always_present_on_a_foreign_concept(tmp_path):
    path = tmp_path / "v.ttl"
    path.write_text('<http://x/a> <http://www.w3.org/2004/02/skos/core#prefLabel> "Alpha" .\n')
    card = tropekg.describe(tropekg.load([path]), "alpha")
    assert list(card)[: len(CONTRACT)] == CONTRACT
    assert card["prefLabel"] == {"": "Alpha"} and card["facets"] == {"perspective": [], "consent": [],
                                                                      "audience": []}
