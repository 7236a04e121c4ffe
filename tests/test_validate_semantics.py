"""validate reads SKOS as SKOS means it (issue 13): entailment feeds the matching and is gone afterwards, invalid
IRIs are findings for validate and refusals elsewhere, language tags are checked against the registry, and
bench/qskos_compare.py compares counts with qSKOS's suite at one commit (../shared/qskos). The rule-by-rule behaviours are cases in tests/cases/."""

from __future__ import annotations

import subprocess
import sys

import pyoxigraph as ox

import tropekg
from tropekg.validate.entailment import ENTAILED, entail, super_properties
from tropekg.validate.language import is_registered

from .conftest import CASES, ROOT, shared

SKOS = "http://www.w3.org/2004/02/skos/core#"


def _vocab(tmp_path, text: str):
    path = tmp_path / "v.ttl"
    path.write_text("@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
                    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
                    "@prefix ex: <https://example.org/v/> .\n" + text, encoding="utf-8")
    return tropekg.load([path])


def test_sub_properties_close_over_the_data_and_the_skos_axioms(tmp_path):
    vocab = _vocab(tmp_path, "ex:p rdfs:subPropertyOf ex:q . ex:q rdfs:subPropertyOf skos:broader .\n"
                             "ex:r rdfs:subPropertyOf ex:r .\n")  # a cycle of one: no super-property, no hang
    supers = super_properties(vocab)
    assert supers["https://example.org/v/p"] == {SKOS + "broader"}
    assert supers[SKOS + "broadMatch"] == {SKOS + "broader"}
    assert "https://example.org/v/r" not in supers


def test_entailment_adds_only_what_the_data_does_not_state(tmp_path):
    vocab = _vocab(tmp_path, "ex:a skos:broadMatch ex:b ; skos:broader ex:b .\nex:c skos:broadMatch ex:d .\n"
                             "ex:c a skos:Concept .\n")
    added = entail(vocab)
    entailed = {(q.subject.value, q.predicate.value, q.object.value)
                for q in vocab.store.quads_for_pattern(None, None, None, ENTAILED)}
    v = "https://example.org/v/"
    assert (v + "a", SKOS + "broader", v + "b") not in entailed  # stated already
    assert (v + "c", SKOS + "broader", v + "d") in entailed
    assert (v + "c", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", SKOS + "Concept") not in entailed  # typed
    assert (v + "d", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", SKOS + "Concept") not in entailed  # a
    # mapping target is another vocabulary's concept
    assert ("urn:tropekg:entailed", "urn:tropekg:noSchemes", "true") in entailed  # no scheme typed: one scope
    assert added == len(entailed) - 1


def test_validate_leaves_only_the_stated_triples(tmp_path):
    vocab = _vocab(tmp_path, "ex:myBroader rdfs:subPropertyOf skos:broader .\nex:a ex:myBroader ex:b .\n")
    before = sorted(map(str, vocab.store))
    report = tropekg.validate(vocab, select=["all"], ignore=["shacl"])
    assert {f.rule for f in report.findings} >= {"ml"}  # a and b are concepts by entailment, unlabelled
    assert sorted(map(str, vocab.store)) == before and not list(vocab.store.named_graphs())


def test_language_tags_against_the_registry():
    assert all(is_registered(t) for t in ("en", "en-GB", "ja-Latn", "zh-Hant-TW", "es-419", "bm", "x-private"))
    assert not any(is_registered(t) for t in ("xy", "blubb", "cz"))


def test_invalid_iris_are_validate_findings_and_other_commands_refusals(run):
    case = str(CASES / "invalid" / "invalid-iri.ttl")
    result = run("validate", case, "--select", "invalid-iri")
    assert result.exit_code == 1 and result.stderr == ""
    assert f"{case}:7  https://example.org/v/a{{b}}: is not a valid IRI" in result.stdout
    for command in (["stats", case], ["export", "-f", "turtle", case]):
        refused = run(*command)
        assert refused.exit_code == 2 and refused.stdout == ""
        assert refused.stderr.startswith(f"tropekg: error: {case}:") and "Traceback" not in refused.stderr
        assert "Invalid IRI" in refused.stderr and refused.stderr.count("\n") == 1


def test_invalid_iri_and_broken_syntax_in_one_file_still_exit_2(run, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("<https://example.org/a b> a <https://example.org/C> .\n<https://example.org/c> <p> \"x\n",
                   encoding="utf-8")
    result = run("validate", str(bad))
    assert result.exit_code == 2 and result.stdout == "" and f"{bad}:" in result.stderr


def test_qskos_compare_reads_a_folder_and_says_when_it_cannot(tmp_path):
    script = ROOT / "bench" / "qskos_compare.py"
    missing = subprocess.run([sys.executable, str(script), str(tmp_path / "none")], capture_output=True, text=True)
    assert missing.returncode == 2 and "not a folder" in missing.stderr
    # Our own file under a name of the table: two resources with empty labels (emptyLabels.rdf expects 3).
    (tmp_path / "emptyLabels.rdf").write_text(
        '<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:skos="http://www.w3.org/2004/02/skos/core#"><rdf:Description rdf:about="http://x.org/a">'
        '<skos:prefLabel></skos:prefLabel></rdf:Description><rdf:Description rdf:about="http://x.org/b">'
        '<skos:altLabel> </skos:altLabel></rdf:Description></rdf:RDF>', encoding="utf-8")
    result = subprocess.run([sys.executable, str(script), str(tmp_path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "qSKOS 082a7c6 (082a7c66f1c1b0a1be93419fefdd4dd49375e398)",
        "DIFF emptyLabels.rdf                       el       qSKOS   3  ours   2  "
        "EmptyLabeledResourcesTest.testEmptyLabels",
        "agreement: 0/1 comparisons (0 %)"]
    assert ox.NamedNode("http://x.org/a")  # the file's IRIs are valid: nothing read leniently


def _qskos_compare():
    import importlib.util

    spec = importlib.util.spec_from_file_location("qskos_compare", ROOT / "bench" / "qskos_compare.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_qskos_suite_at_its_commit_agrees_but_where_the_skos_reference_decides():
    """bench/qskos_compare.py on qSKOS's resources at the commit its table names (../shared/qskos, issue 23)."""
    module = _qskos_compare()
    rows = module.compare(shared("qskos", "resources"))
    assert len(rows) == len(module.EXPECTED)  # every file of the table is there
    differ = [(r["file"], r["rule"], r["junit"]) for r in rows if not r["agree"]]
    assert all("SKOS Reference" in module.DIFFERENCES.get(d, "") for d in differ), differ
    assert sum(r["agree"] for r in rows) / len(rows) >= 0.95


def test_qskos_table_names_real_junit_tests():
    """Each row's JUnit test is in qSKOS's sources at that commit (../shared/qskos/junit), and every rule is ours."""
    from tropekg.validate.rules import all_rules

    module = _qskos_compare()
    junit = shared("qskos", "junit")
    assert module.COMMIT in shared("qskos", "README.md").read_text(encoding="utf-8")
    ours = {r.id for r in all_rules()} | {"all", "concepts"}
    for row in module.EXPECTED:
        cls, method = row.junit.split(" ")[0].split(".")
        assert f"void {method}(" in (junit / f"{cls}.java").read_text(encoding="utf-8"), row.junit
        assert row.rule in ours and row.measure.partition(":")[0] in {*module.MEASURES, "runs", "concepts"}


def test_bundled_mappings_point_to_other_vocabularies(bundled):
    """The taxonomy maps one way to VNDB's and AniList's tags: undescribed targets, so other vocabularies'
    concepts (tropekg.model), which entailment does not type skos:Concept and urc does not ask to map back."""
    from tropekg.model import is_concept_at
    from tropekg.validate.entailment import entailed

    targets = {row[0].value for row in bundled.rows(
        "SELECT DISTINCT ?t WHERE { VALUES ?p { skos:exactMatch skos:closeMatch skos:broadMatch skos:narrowMatch "
        "skos:relatedMatch } ?c ?p ?t }")}
    hosts = {t.split("/")[2] for t in targets}
    assert targets and hosts <= {"vndb.org", "anilist.co"}, hosts
    assert not any(is_concept_at(bundled.store, ox.NamedNode(t)) for t in targets)
    concept = ox.NamedNode(SKOS + "Concept")
    with entailed(bundled):  # typed as qSKOS counts (QSKOS_CONCEPT, for oc) but never skos:Concept
        typed = {q.subject.value for q in bundled.store.quads_for_pattern(None, None, concept, ENTAILED)}
    assert not typed & targets
    assert tropekg.validate(bundled, select=["urc", "S46", "ml", "oc", "mri"]).findings == []


def test_checks_read_the_one_definition_of_a_concept(tmp_path):
    """Entailment types what tropekg.model's definition makes a concept, so the checks ask `?x a skos:Concept`
    (record-spec item 1's example: b and d, not a nor c), and what qSKOS counts beside it as QSKOS_CONCEPT."""
    from tropekg.validate.entailment import QSKOS_CONCEPT, entailed

    vocab = _vocab(tmp_path, "ex:s a skos:ConceptScheme . ex:a skos:inScheme ex:s . ex:b skos:exactMatch ex:c .\n"
                             "ex:d a skos:Concept ; skos:prefLabel \"D\"@en .\nex:T rdfs:subClassOf skos:Concept .\n"
                             "ex:e a ex:T . ex:f skos:topConceptOf ex:s . ex:g a skos:Collection ; skos:related ex:h .\n")
    query = "SELECT ?x WHERE { ?x a <%s> }"
    with entailed(vocab):
        concepts = {r[0].value.rsplit("/", 1)[1] for r in vocab.rows(query % (SKOS + "Concept"), union=True)}
        involved = {r[0].value.rsplit("/", 1)[1] for r in vocab.rows(query % QSKOS_CONCEPT.value, union=True)}
    # e by its subclass (rdfs9); h by skos:related's range; g is a collection (S37's clash), not typed a concept
    assert concepts == {"b", "d", "e", "h"}
    assert involved == {"c", "f"}  # a mapping target and a top concept: qSKOS's involved concepts
