"""Our validate on qSKOS's own test resources against what its JUnit tests assert, at one commit of qSKOS.

    .venv/bin/python bench/qskos_compare.py ../shared/qskos/resources
    .venv/bin/python bench/qskos_compare.py ../shared/qskos/resources --json out.json

qSKOS (github.com/cmader/qSKOS) is GPL-3.0: its files are test data beside the checkout (../shared/qskos/: its
src/test/resources/*.rdf and the JUnit sources, copied at COMMIT), never copied into this repository. The table
below transcribes, test by test, every assertion of its suite at COMMIT that tropekg can answer offline: a count
of findings, or of the resources a test names as affected (or as not affected: then 0 is expected). Numbers
are facts; each row names its JUnit test (src/test/java/at/ac/univie/mminf/qskos4j/issues/*Test.java).

Not compared, as tropekg has no offline equivalent: AggregationRelations, Collections, ConceptSchemes,
LexicalRelations and SemanticRelations (statistics tropekg's `stats` does not count the same way), HttpURIs (a
count of http IRIs; `husv` is its complement, compared), AuthoritativeConcepts (a host given by hand), MissingInLinks
(other vocabularies' links to ours), BrokenLinks (network, and @Ignore in qSKOS), SkosXl (tropekg reads no
SKOS-XL, and skosxl.rdf has text between its property elements, which no RDF/XML parser we use accepts), IssueId
and IssueInvocation (qSKOS's own command line).

Prints one line per comparison and the agreement. Exit 0: ran (whatever the agreement); 2: could not run.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

COMMIT = "082a7c66f1c1b0a1be93419fefdd4dd49375e398"


class Row(NamedTuple):
    file: str  # in src/test/resources
    rule: str  # our rule id, or "concepts" (the concepts validate counts as qSKOS does: model's qskos=True)
    expected: int
    junit: str  # the test class and method at COMMIT
    measure: str = "findings"  # what is counted (MEASURES)


def _names(*suffixes: str) -> str:
    return "named:" + ",".join(suffixes)


EXPECTED: list[Row] = [
    Row("ambiguousNotationReferences.rdf", "anr", 8, "AmbiguousNotationReferencesTest.mappingRelationsMisuseCount"),
    Row("components_1.rdf", "dcc", 7, "DisconnectedConceptClustersTest.testComponentCount"),
    Row("components_2.rdf", "dcc", 0, "DisconnectedConceptClustersTest.testComponents_ok (not problematic)"),
    Row("ambiguousLabels.rdf", "S13", 2, "DisjointLabelsViolationsTest.testDisjointLabels (in a conflict)",
        _names("conceptD", "conceptF")),
    Row("ambiguousLabels.rdf", "S13", 0, "DisjointLabelsViolationsTest.testDisjointLabels (in none)",
        _names("conceptE", "conceptG", "conceptI")),
    Row("emptyLabels.rdf", "el", 3, "EmptyLabeledResourcesTest.testEmptyLabels"),
    Row("cycles.rdf", "chr", 3, "HierarchicalCyclesTest.testCycleCount"),
    Row("components_1.rdf", "chr", 3, "HierarchicalCyclesTest.testComponentsCycleCount"),
    Row("hierarchicalRedundancy.rdf", "hr", 5, "HierarchicalRedundancyTest.redundancyCount"),
    Row("components_1.rdf", "ilc", 13, "IncompleteLanguageCoverageTest.testIncompleteLanguageCoverageCount"),
    Row("components_1.rdf", "ilc", 0, "IncompleteLanguageCoverageTest.testExistResourcesNotHavingEnglishLabels",
        "lacking:en"),
    Row("components_1.rdf", "ilc", 2, "IncompleteLanguageCoverageTest.testResourcesMissingOnlyFrenchLabelsCount",
        "lacking only:fr"),
    Row("ambiguousLabels.rdf", "S14", 4, "InconsistentPrefLabelsTest.testUniquePrefLabels (in a conflict)",
        _names("conceptA", "conceptA2", "conceptA3", "conceptA4")),
    Row("ambiguousLabels.rdf", "S14", 0, "InconsistentPrefLabelsTest.testUniquePrefLabels (in none)",
        _names("conceptB", "conceptC", "conceptG")),
    Row("invalidCharacters.rdf", "all", 1, "InvalidCharactersTest.testAllIssues (every check runs)", "runs"),
    Row("concepts.rdf", "concepts", 10, "InvolvedConceptsTest.testConceptCount_1", "concepts"),
    Row("components_1.rdf", "concepts", 21, "InvolvedConceptsTest.testConceptCount_2", "concepts"),
    Row("exactVsAssociativeMappingClashes.rdf", "S46", 5, "MappingClashesTest.testExactVsAssociativeMappingClashes"),
    Row("mappingRelationsMisuse.rdf", "mri", 5, "MappingRelationsMisuseTest.mappingRelationsMisuseCount"),
    Row("mappingRelationsMisuse.rdf", "mri", 5, "MappingRelationsMisuseTest.affectedConcepts",
        "pairs:conceptA>conceptB,conceptC>conceptD,conceptI>conceptJ,conceptM>conceptN,conceptK>conceptL"),
    Row("missingLabels.rdf", "ml", 7, "MissingLabelsTest.countMissingLabels"),
    Row("missingLabels.rdf", "ml", 5, "MissingLabelsTest.checkLabeledConcepts (unlabelled)",
        _names("conceptA", "conceptC", "conceptD", "conceptE", "conceptG")),
    Row("missingLabels.rdf", "ml", 0, "MissingLabelsTest.checkLabeledConcepts (labelled)",
        _names("conceptB", "conceptF", "conceptH", "conceptI")),
    Row("missingLabels.rdf", "ml", 2, "MissingLabelsTest.checkLabeledConceptSchemes (unlabelled)",
        _names("conceptSchemeC", "conceptSchemeD")),
    Row("missingLabels.rdf", "ml", 0, "MissingLabelsTest.checkLabeledConceptSchemes (labelled)",
        _names("conceptSchemeA", "conceptSchemeB", "conceptSchemeE", "conceptSchemeF")),
    Row("components_1.rdf", "mol", 21, "MissingOutLinksTest.testComponentsMissingOutLinkCount (= its concepts)"),
    Row("concepts.rdf", "mol", 7, "MissingOutLinksTest.testConceptsMissingOutLinkCount"),
    Row("commonlanguage_en.rdf", "ncl", 0, "NoCommonLanguagesTest.oneCommonLang (1 common language: no finding)"),
    Row("nocommonlanguage.rdf", "ncl", 1, "NoCommonLanguagesTest.noCommonLang (0 common languages: one finding)"),
    Row("concepts.rdf", "husv", 1, "NonHttpResourcesTest.testConceptsNonHttpUriCount"),
    Row("resources.rdf", "husv", 4, "NonHttpResourcesTest.testResourcesNonHttpUriCount"),
    Row("components_1.rdf", "oilt", 3, "OmittedOrInvalidLanguageTagsTest.testMissingLangTagCount_1"),
    Row("deprecatedAndIllegalTerms.rdf", "oilt", 1, "OmittedOrInvalidLanguageTagsTest.testMissingLangTagCount_2"),
    Row("deprecatedAndIllegalTerms.rdf", "oilt", 2, "OmittedOrInvalidLanguageTagsTest.testMissingLangTagCount_2 "
        "(literals)", "values"),
    Row("languageTags.rdf", "oilt", 2, "OmittedOrInvalidLanguageTagsTest.testMissingLangTagCount_3"),
    Row("missingTopConcepts.rdf", "otc", 2, "OmittedTopConceptsTest.testConceptSchemesWithoutTopConceptsCount"),
    Row("concepts.rdf", "oc", 7, "OrphanConceptsTest.testConceptsLooseConceptCount"),
    Row("components_1.rdf", "oc", 2, "OrphanConceptsTest.testComponentsLooseConceptCount"),
    Row("components_1.rdf", "ol", 2, "OverlappingLabelsTest.testLabelConflictCount_1"),
    Row("components_1.rdf", "ol", 4, "OverlappingLabelsTest.testLabelConflictCount_1 (resources)", "resources"),
    Row("overlappingLabels.rdf", "ol", 2, "OverlappingLabelsTest.testCaseInsensitive"),
    Row("relatedConcepts.rdf", "ol", 0, "OverlappingLabelsTest.testLabelConflictCount_2"),
    Row("reflexivelyRelatedConcepts.rdf", "rrc", 2, "ReflexivelyRelatedConceptsTest.mappingRelationsMisuseCount"),
    Row("relationClashes.rdf", "S27", 10, "RelationClashesTest.testAssociativeVsHierarchicalClashes"),
    Row("solitaryTransitiveRelations.rdf", "strc", 4, "SolelyTransitivelyRelatedConceptsTest."
        "testSolitaryTransitiveRelationsCount"),
    Row("topConceptsHavingBroaderConcept.rdf", "tchbc", 4, "TopConceptsHavingBroaderConceptsTest."
        "testTopConceptsHavingBroaderConceptCount"),
    Row("concepts.rdf", "usr", 3, "UndefinedSkosResourcesTest.testUndefinedSkosResourcesCount_1"),
    Row("deprecatedAndIllegalTerms.rdf", "usr", 12, "UndefinedSkosResourcesTest.testUndefinedSkosResourcesCount_2"),
    Row("documentedConcepts.rdf", "uc", 1, "UndocumentedConceptsTest.testAverageDocumentationCoverageRatio"),
    Row("omittedInverseRelations.rdf", "urc", 8,
        "UnidirectionallyRelatedConceptsTest.testMissingInverseRelationsCount"),
    Row("labelsWithUnprintableCharacters.rdf", "ucil", 2, "UnprintableCharactersInLabelsTest."
        "labelsWithUnprintableCharacters_count"),
    Row("redundantAssociativeRelations.rdf", "var", 6, "ValuelessAssociativeRelationsTest."
        "testRedundantAssociativeRelationsCount"),
]

# Comparisons that differ on purpose, each with the SKOS Reference section that decides it.
DIFFERENCES: dict[tuple[str, str, str], str] = {
    ("components_1.rdf", "ilc", "IncompleteLanguageCoverageTest.testResourcesMissingOnlyFrenchLabelsCount"):
        "SKOS Reference 5.1 and S14: a concept is named in a language by its prefLabel (one per language), so ilc "
        "reads prefLabels; conceptE (a hiddenLabel in de) and conceptI (an altLabel in de) have no German name and "
        "lack de and fr, where qSKOS counts any tagged literal of the concept as its language",
}


class Result(NamedTuple):
    """One file's reading: the findings of `validate --select all` and the concepts counted as qSKOS does."""

    findings: list
    concepts: int
    error: str | None = None


_CONCEPTS = "SELECT DISTINCT ?c WHERE { VALUES ?t { skos:Concept <%s> } ?c a ?t FILTER(isIRI(?c)) }"


def read(path: Path) -> Result:
    from tropekg import load, validate
    from tropekg.errors import TropekgError
    from tropekg.validate.entailment import QSKOS_CONCEPT, entailed

    try:
        vocab = load([path], places=False, lenient=True)
        with entailed(vocab):  # the definition with qskos=True, as validate's entailment types it
            concepts = len(vocab.rows(_CONCEPTS % QSKOS_CONCEPT.value, union=True))
        report = validate(vocab, select=["all"], ignore=["shacl"], places=False)
    except TropekgError as e:
        return Result([], 0, str(e))
    return Result(report.findings, concepts)


def _affected(findings: list) -> set[str]:
    return {iri for f in findings for iri in (f.focus, *f.others)}


def _named(findings: list, arg: str) -> int:
    affected = _affected(findings)
    return sum(any(iri.endswith(suffix) for iri in affected) for suffix in arg.split(","))


def _pairs(findings: list, arg: str) -> int:
    pairs = [pair.split(">") for pair in arg.split(",")]
    return sum(any(f.focus.endswith(s) and any(o.endswith(t) for o in f.others) for f in findings) for s, t in pairs)


MEASURES: dict[str, Callable[[list, str], int]] = {
    "findings": lambda fs, arg: len(fs),
    "resources": lambda fs, arg: len(_affected(fs)),
    "values": lambda fs, arg: sum(len(f.values) for f in fs),
    "named": _named,
    "pairs": _pairs,
    # ilc's values are the languages a concept lacks
    "lacking": lambda fs, arg: sum(arg in f.values for f in fs),
    "lacking only": lambda fs, arg: sum(f.values == (arg,) for f in fs),
}


def measured(result: Result, row: Row) -> int:
    if row.measure == "runs":
        return int(result.error is None)
    if row.measure == "concepts":
        return result.concepts
    name, _, arg = row.measure.partition(":")
    return MEASURES[name]([f for f in result.findings if f.rule == row.rule], arg)


def compare(folder: Path) -> list[dict]:
    read_files: dict[str, Result] = {}
    rows = []
    for row in EXPECTED:
        path = folder / row.file
        if not path.is_file():
            continue
        if row.file not in read_files:
            read_files[row.file] = read(path)
        ours = measured(read_files[row.file], row)
        rows.append({"file": row.file, "rule": row.rule, "expected": row.expected, "ours": ours,
                     "agree": ours == row.expected, "junit": row.junit, "measure": row.measure,
                     "why": DIFFERENCES.get((row.file, row.rule, row.junit))})
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="bench/qskos_compare.py", description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path, help="qSKOS's src/test/resources at COMMIT (../shared/qskos/resources)")
    ap.add_argument("--json", type=Path, help="also write the rows as JSON here")
    args = ap.parse_args(argv)
    if not args.folder.is_dir():
        print(f"bench/qskos_compare.py: {args.folder}: not a folder; name qSKOS's test resources "
              "(../shared/qskos/resources)", file=sys.stderr)
        return 2
    rows = compare(args.folder)
    if not rows:
        print(f"bench/qskos_compare.py: {args.folder}: none of the files of the table are there", file=sys.stderr)
        return 2
    print(f"qSKOS {COMMIT[:7]} ({COMMIT})")
    for r in rows:
        mark = "ok  " if r["agree"] else "DIFF"
        print(f"{mark} {r['file']:<37} {r['rule']:<8} qSKOS {r['expected']:>3}  ours {r['ours']:>3}  {r['junit']}")
        if not r["agree"] and r["why"]:
            print(f"     on purpose: {r['why']}")
    agree = sum(r["agree"] for r in rows)
    print(f"agreement: {agree}/{len(rows)} comparisons ({100 * agree / len(rows):.0f} %)")
    if args.json:
        args.json.write_text(json.dumps({"commit": COMMIT, "rows": rows}, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
