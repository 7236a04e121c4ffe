"""The bundled taxonomy: the explainer's statements are triples, not only prose; an independent parser reads it."""

from __future__ import annotations

import json
import subprocess

import pytest

import tropekg
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


# Consumers that do no RDFS reasoning (SkoHub Vocabs, Skosmos' queries) find concepts and schemes only by an
# explicit `a skos:Concept` / `a skos:ConceptScheme`; our subclasses alone hide them (issue 12).
EXPLICIT = {
    "concepts": "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a skos:Concept }",
    "schemes": "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a skos:ConceptScheme }",
}


@pytest.mark.parametrize("what", sorted(EXPLICIT))
def test_query_counts_explicit_types_as_stats_counts(run, what):
    stats = json.loads(run("stats", "--format", "json").stdout)
    expected = stats["concepts"] if what == "concepts" else len(stats["schemes"])
    result = run("query", EXPLICIT[what], "--format", "csv")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == ["n", str(expected)]
    assert expected == (40 if what == "concepts" else 8)


# What publishers, catalogs and SkoHub Vocabs read on a concept scheme (DCMI terms, VANN), on every bundled scheme.
def test_every_scheme_has_publishers_metadata(bundled):
    schemes = bundled.rows("""SELECT ?s ?license ?publisher ?uri ?prefix WHERE { ?s a skos:ConceptScheme ;
        dcterms:license ?license ; dcterms:publisher ?publisher ;
        <http://purl.org/vocab/vann/preferredNamespaceUri> ?uri ;
        <http://purl.org/vocab/vann/preferredNamespacePrefix> ?prefix }""")
    assert len(schemes) == 8
    for _, license_, _, uri, prefix in schemes:
        assert license_.value == "https://creativecommons.org/licenses/by/4.0/"
        assert (uri.value, prefix.value) == (bundled.prefixes["tkid"], "tkid")


@pytest.mark.parametrize("prop", ["dcterms:title", "dcterms:description"])
def test_scheme_titles_and_descriptions_in_each_language_of_its_labels(bundled, prop):
    labels = bundled.rows("SELECT DISTINCT ?s (LANG(?l) AS ?lang) WHERE { ?s a skos:ConceptScheme ; skos:prefLabel ?l }")
    found = bundled.rows(f"SELECT DISTINCT ?s (LANG(?l) AS ?lang) WHERE {{ ?s a skos:ConceptScheme ; {prop} ?l }}")
    assert sorted((s.value, lang.value) for s, lang in found) == sorted((s.value, lang.value) for s, lang in labels)
    assert {lang.value for _, lang in found} == {"en", "ja"}


def test_every_version_info_is_the_package_version(bundled):
    # tropekg/__init__.py is where the version lives; the taxonomy and ontology state it for RDF consumers, and
    # this test names each statement a release must change with it.
    found = bundled.rows("SELECT ?s ?v WHERE { ?s owl:versionInfo ?v }")
    assert len(found) == 9  # eight schemes and the ontology
    assert [(s.value, v.value) for s, v in found if v.value != tropekg.__version__] == []
