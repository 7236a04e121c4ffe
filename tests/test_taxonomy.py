"""The bundled taxonomy: the explainer's statements are triples, not only prose; an independent parser reads it."""

from __future__ import annotations

import subprocess

import pytest

from tropekg.sources.resources import bundled_sources

from .conftest import need

# Each statement of ../shared/sources/ntr-explainer.txt that has a structured form, as an ASK over the graph.
STATEMENTS = {
    "netorare is shortened to NTR": 'tkid:netorare skos:altLabel "NTR"@en',
    "Japanese labels": 'tkid:netorare skos:prefLabel "寝取られ"@ja . tkid:netori skos:prefLabel "寝取り"@ja . '
                       'tkid:netorase skos:prefLabel "寝取らせ"@ja',
    "romaji labels": 'tkid:netorare skos:prefLabel "netorare"@ja-latn',
    "netorare follows the one who loses a partner": "tkid:netorare tk:perspective tkid:perspective-partner-lost",
    "netori follows the one who takes a partner": "tkid:netori tk:perspective tkid:perspective-partner-taker",
    "netorase follows a partner who agrees": "tkid:netorase tk:perspective tkid:perspective-sharing-partner",
    "netorare and netori are betrayal without agreement":
        "tkid:netorare tk:consent tkid:consent-betrayal . tkid:netori tk:consent tkid:consent-betrayal",
    "netorase is consensual": "tkid:netorase tk:consent tkid:consent-mutual",
    "netorare and netori are counterparts": "tkid:netorare tk:counterpart tkid:netori . "
                                            "tkid:netori tk:counterpart tkid:netorare",
    "the three are grouped": "tkid:netorare skos:broader tkid:ntr-family . tkid:netori skos:broader tkid:ntr-family"
                             " . tkid:netorase skos:broader tkid:ntr-family",
    "adult-oriented": "tkid:netorare tk:audience tkid:audience-adult ; tk:adult true",
    "common in anime, manga, visual novels":
        "tkid:netorare tk:commonIn tkid:anime, tkid:manga, tkid:visual-novel",
    "themes": "tkid:netorare tk:exploresTheme tkid:jealousy, tkid:betrayal, tkid:loss, tkid:insecurity, "
              "tkid:emotional-dependency, tkid:fear-of-abandonment, tkid:psychological-tension, tkid:attachment",
    "narrative uses": "tkid:netorare tk:narrativeUse tkid:use-emotional-breakdown-drama, tkid:use-betrayal-conflict,"
                      " tkid:use-visual-novel-route, tkid:use-character-study, tkid:use-emotional-impact",
    "contrast with romance": "tkid:netorare tk:contrastsWith tkid:romance",
    "confused with general romance drama": "tkid:netorare tk:oftenConfusedWith tkid:romance-drama",
    "a trope, not a genre": "tkid:netorare a tk:Trope . FILTER NOT EXISTS { tkid:netorare a tk:Genre }"
                            " tk:Trope owl:disjointWith tk:Genre",
    "best use": "tkid:netorare tk:bestUse ?u1 . tkid:netori tk:bestUse ?u2 . tkid:netorase tk:bestUse ?u3",
    "simple explanation and examples": "tkid:netorare skos:scopeNote ?s ; skos:example ?e",
    "mappings to VNDB and AniList": "tkid:netorare skos:exactMatch <https://vndb.org/g513>, "
                                    "<https://anilist.co/tag/124>",
}


@pytest.mark.parametrize("statement", sorted(STATEMENTS))
def test_statement_is_data(bundled, statement):
    assert bundled.query(f"ASK {{ {STATEMENTS[statement]} }}"), statement


def test_common_misreadings_are_typed_notes(bundled):
    rows = bundled.rows("SELECT ?m WHERE { tkid:netorare tk:misreading ?m }")
    assert len(rows) >= 5


def test_every_concept_has_an_english_definition(bundled):
    missing = bundled.rows("""SELECT ?c WHERE { ?c skos:inScheme ?s
        FILTER NOT EXISTS { ?c skos:definition ?d FILTER(LANGMATCHES(LANG(?d), "en")) } }""")
    assert missing == []


def test_mappings_only_to_the_listed_tag_systems(bundled):
    # ../shared/README.md lists the VNDB and AniList ids we may map to; nothing else.
    allowed = {f"https://vndb.org/g{n}" for n in (513, 514, 1663, 1673, 1252, 1380, 336, 147, 96)} | {
        f"https://anilist.co/tag/{n}" for n in (124, 316, 280, 1709)}
    targets = {row[0].value for row in bundled.rows(
        "SELECT ?t WHERE { ?c skos:exactMatch|skos:closeMatch|skos:broadMatch|skos:narrowMatch|skos:relatedMatch ?t }")}
    assert targets <= allowed
    assert len(targets) == len(allowed)


@pytest.mark.parametrize("path", bundled_sources(), ids=lambda p: p.name)
def test_rapper_reads_every_file(path):
    rapper = need("rapper")
    result = subprocess.run([rapper, "-q", "-i", "turtle", "-c", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
