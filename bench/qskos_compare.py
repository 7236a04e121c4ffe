"""Our validate on qSKOS's own test resources against the counts its JUnit tests expect (issue 13).

    /work/venv/bin/python bench/qskos_compare.py /tmp/qskos            every file of the table found there
    /work/venv/bin/python bench/qskos_compare.py /tmp/qskos --json out.json

qSKOS (github.com/cmader/qSKOS) is GPL-3.0: its files are not copied into this repository. Fetch
src/test/resources/*.rdf into a folder of your own and name it here. The table below transcribes the counts its
tests (src/test/java/at/ac/univie/mminf/qskos4j/issues/*Test.java) assert: numbers are facts. Where a test asserts
which resources are affected rather than how many, the count is of those it names; the note says so.

Prints one line per comparison and the agreement. Exit 0: ran (whatever the agreement); 2: could not run.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# (file, our rule id, count the qSKOS test expects, the qSKOS test and what it counts)
EXPECTED: list[tuple[str, str, int, str]] = [
    ("concepts.rdf", "oc", 7, "OrphanConceptsTest: orphan concepts"),
    ("components.rdf", "oc", 2, "OrphanConceptsTest: orphan concepts"),
    ("components.rdf", "dcc", 7, "DisconnectedConceptClustersTest: clusters, the largest included"),
    ("cycles.rdf", "chr", 2, "HierarchicalCyclesTest: cycles (strongly connected components)"),
    ("components.rdf", "chr", 3, "HierarchicalCyclesTest: cycles"),
    ("documentedConcepts.rdf", "uc", 1, "UndocumentedConceptsTest: undocumented concepts"),
    ("components.rdf", "ol", 2, "OverlappingLabelsTest: label conflicts"),
    ("relatedConcepts.rdf", "ol", 0, "OverlappingLabelsTest: label conflicts"),
    ("hierarchicalRedundancy.rdf", "hr", 4, "HierarchicalRedundancyTest: redundant broader links"),
    ("associativeVsHierarchicalClashes.rdf", "S27", 10, "RelationClashesTest: related pairs that clash"),
    ("exactVsAssociativeMappingClashes.rdf", "S46", 3, "MappingClashesTest: clashing pairs"),
    ("omittedInverseRelations.rdf", "urc", 8, "UnidirectionallyRelatedConceptsTest: one-way pairs"),
    ("redundantAssociativeRelations.rdf", "var", 6, "ValuelessAssociativeRelationsTest: related siblings"),
    ("solitaryTransitiveRelations.rdf", "strc", 4, "SolelyTransitivelyRelatedConceptsTest: pairs"),
    ("concepts.rdf", "usr", 3, "UndefinedSkosResourcesTest: undefined SKOS IRIs"),
    ("deprecatedAndIllegalTerms.rdf", "usr", 12, "UndefinedSkosResourcesTest: undefined SKOS IRIs"),
    ("components.rdf", "oilt", 2, "OmittedOrInvalidLanguageTagsTest: resources"),
    ("deprecatedAndIllegalTerms.rdf", "oilt", 1, "OmittedOrInvalidLanguageTagsTest: resources"),
    ("languageTags.rdf", "oilt", 5, "OmittedOrInvalidLanguageTagsTest: literals (its comment: 'should be 0')"),
    ("components.rdf", "ilc", 13, "IncompleteLanguageCoverageTest: concepts"),
    ("concepts.rdf", "mol", 7, "MissingOutLinksTest: concepts"),
    ("missingLabels.rdf", "ml", 7, "MissingLabelsTest: concepts and schemes"),
    ("ambiguousNotationReferences.rdf", "anr", 6, "AmbiguousNotationReferencesTest: notation references"),
    ("ambiguousLabels.rdf", "S14", 4, "InconsistentPrefLabelsTest: the 4 resources it names as conflicting"),
    ("ambiguousLabels.rdf", "S13", 2, "DisjointLabelsViolationsTest: the 2 resources it names as conflicting"),
    ("emptyLabels.rdf", "el", 3, "EmptyLabeledResourcesTest: resources"),
    ("concepts.rdf", "husv", 1, "NonHttpResourcesTest: non-HTTP resources"),
    ("resources.rdf", "husv", 4, "NonHttpResourcesTest: non-HTTP resources"),
    ("mappingRelationsMisuse.rdf", "mri", 5, "MappingRelationsMisuseTest: mapping statements"),
    ("commonlanguage_en.rdf", "ncl", 0, "NoCommonLanguagesTest: one common language, so no finding"),
    ("nocommonlanguage.rdf", "ncl", 1, "NoCommonLanguagesTest: no common language, one finding"),
    ("missingTopConcepts.rdf", "otc", 2, "OmittedTopConceptsTest: schemes"),
    ("reflexivelyRelatedConcepts.rdf", "rrc", 2, "ReflexivelyRelatedConceptsTest: statements"),
    ("topConceptsHavingBroaderConcept.rdf", "tchbc", 4, "TopConceptsHavingBroaderConceptsTest: top concepts"),
    ("labelsWithUnprintableCharacters.rdf", "ucil", 1, "UnprintableCharactersInLabelsTest: labels"),
]


def counts(path: Path) -> Counter:
    """Findings per rule of `validate --select all` on one file (exit 2 on a file we cannot read: 'unreadable')."""
    from tropekg import load, validate
    from tropekg.errors import TropekgError

    try:
        report = validate(load([path], places=False, lenient=True), select=["all"], ignore=["shacl"], places=False)
    except TropekgError as e:
        return Counter({"(unreadable)": 1, str(e): 1})
    return Counter(f.rule for f in report.findings)


def compare(folder: Path) -> list[dict]:
    found: dict[str, Counter] = {}
    rows = []
    for name, rule, expected, what in EXPECTED:
        path = folder / name
        if not path.is_file():
            continue
        if name not in found:
            found[name] = counts(path)
        ours = found[name].get(rule, 0)
        rows.append({"file": name, "rule": rule, "expected": expected, "ours": ours, "agree": ours == expected,
                     "qskos": what})
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="bench/qskos_compare.py", description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path, help="a folder holding qSKOS's src/test/resources/*.rdf")
    ap.add_argument("--json", type=Path, help="also write the rows as JSON here")
    args = ap.parse_args(argv)
    if not args.folder.is_dir():
        print(f"bench/qskos_compare.py: {args.folder}: not a folder; fetch qSKOS's test resources into one",
              file=sys.stderr)
        return 2
    rows = compare(args.folder)
    if not rows:
        print(f"bench/qskos_compare.py: {args.folder}: none of the {len(EXPECTED)} files of the table are there",
              file=sys.stderr)
        return 2
    for r in rows:
        mark = "ok  " if r["agree"] else "DIFF"
        print(f"{mark} {r['file']:<40} {r['rule']:<5} qSKOS {r['expected']:>3}  ours {r['ours']:>3}  {r['qskos']}")
    agree = sum(r["agree"] for r in rows)
    print(f"agreement: {agree}/{len(rows)} comparisons ({100 * agree / len(rows):.0f} %)")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
