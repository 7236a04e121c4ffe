"""`stats`: counts per scheme, class, language, relation and facet coverage."""

from __future__ import annotations

import tropekg


def test_bundled_counts(bundled):
    report = tropekg.stats(bundled)
    assert report["schemes"]["tkid:perspective"] == 3
    assert report["schemes"]["tkid:consent"] == 2
    assert report["schemes"]["tkid:audience"] == 3
    assert report["classes"]["tk:Trope"] == report["facetCoverage"]["tropes"] == 7
    assert report["facetCoverage"]["lacking"] == {"perspective": 0, "consent": 0, "audience": 0}
    assert report["labels"]["ja"]["prefLabel"] >= 3
    assert report["labels"]["ja-Latn"]["prefLabel"] >= 3
    assert report["relations"]["tk:counterpart"] == 2


def test_facet_coverage_counts_tropes_lacking_a_facet(tmp_path):
    path = tmp_path / "v.ttl"
    path.write_text('@prefix tk: <https://w3id.org/tropekg/ontology#> .\n'
                    '<http://x/a> a tk:Trope ; tk:perspective <http://x/p> .\n<http://x/b> a tk:Trope .\n')
    report = tropekg.stats(tropekg.load([path]))
    assert report["facetCoverage"] == {"tropes": 2, "lacking": {"perspective": 1, "consent": 2, "audience": 2}}


def test_concepts_by_skos_domains_and_ranges(tmp_path):
    # Untyped resources are concepts when SKOS's domains and ranges make them so; skos:inScheme has no domain, so
    # c is no concept (record-spec item 1).
    path = tmp_path / "v.ttl"
    path.write_text('@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n'
                    '<http://x/a> skos:broader <http://x/b> .\n<http://x/c> skos:inScheme <http://x/s> .\n')
    assert tropekg.stats(tropekg.load([path]))["concepts"] == 2
