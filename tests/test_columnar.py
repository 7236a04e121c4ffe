"""validate's columnar engine (validate.columns, validate.columnar) against the SPARQL rules it stands beside: the
same entailed triples and, rule by rule, the same hits (focus, others, values, count) on every input."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import SHARED, shared
from tropekg.errors import TropekgError
from tropekg.namespaces import PREFIXES
from tropekg.sources.reader import load
from tropekg.validate import runner
from tropekg.validate.columnar import COLUMNAR, columnar_all, columnar_hits
from tropekg.validate.columns import Columns
from tropekg.validate.entailment import ENTAILED, NO_SCHEMES, entailed
from tropekg.validate.rules import all_rules
from tropekg.vocabulary import Vocabulary

ROOT = Path(__file__).resolve().parent.parent
CASES = sorted((ROOT / "tests" / "cases").rglob("*.ttl"))
QSKOS = sorted((SHARED / "qskos" / "resources").glob("*")) if (SHARED / "qskos" / "resources").exists() else []
RULES = [r for r in all_rules() if r.id in COLUMNAR]


def _entailed_by_store(vocab: Vocabulary) -> tuple[set[str], bool]:
    quads = list(vocab.store.quads_for_pattern(None, None, None, ENTAILED))
    return ({f"{q.subject} {q.predicate} {q.object}" for q in quads if q.predicate != NO_SCHEMES},
            any(q.predicate == NO_SCHEMES for q in quads))


def _entailed_by_columns(cols: Columns) -> tuple[set[str], bool]:
    e = cols.entailed
    return ({f"{s} {p} {o}" for s, p, o in zip(cols.texts(e["s"]), cols.texts(e["p"]), cols.texts(e["o"]),
                                              strict=True)}, cols.no_schemes)


def assert_same(vocab: Vocabulary) -> int:
    """Columns and store agree on what is entailed and on every columnar rule's hits; returns the hits seen."""
    cols = Columns.of(vocab)
    seen = 0
    with entailed(vocab):
        assert _entailed_by_columns(cols) == _entailed_by_store(vocab)
        for rule in RULES:
            got = columnar_hits(cols, rule)
            want = sorted(runner._hits(vocab, rule))
            if got is not None:  # None: this input is left to the store (S14 with typed literals)
                assert sorted(got) == want, rule.id
            seen += len(want)
    return seen


def _loaded(path: Path) -> Vocabulary | None:
    try:
        return load([path], lenient=True)
    except TropekgError:
        assert "invalid" in path.parts or path.suffix not in (".ttl", ".nt"), path  # only broken cases fail
        return None


@pytest.mark.parametrize("path", CASES + QSKOS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_columnar_rules_match_sparql_on_case_files(path):
    vocab = _loaded(path)
    if vocab is not None:
        assert_same(vocab)


@pytest.fixture(scope="module")
def defects(tmp_path_factory) -> Path:
    """gen_vocab's planted-defect vocabulary (every defect 15 times)."""
    script = shared("bench", "gen_vocab.py")
    path = tmp_path_factory.mktemp("columnar") / "defects.ttl"
    text = subprocess.run([sys.executable, str(script), "3000", "--defects", "15", "--key",
                           str(path.with_suffix(".json"))], capture_output=True, text=True, timeout=120, check=True)
    path.write_text(text.stdout, encoding="utf-8")
    return path


def test_columnar_rules_match_sparql_on_planted_defects(defects):
    assert assert_same(load([defects], lenient=True)) > 0


@pytest.mark.parametrize("name", ["stw-9.16.ttl", "unesco-thesaurus-2017.ttl"])
def test_columnar_rules_match_sparql_on_real_thesauri(name):
    assert assert_same(load([shared("vocabs", name)], lenient=True)) > 0


@pytest.mark.parametrize("name", ["stw-9.16.ttl", "unesco-thesaurus-2017.ttl"])
def test_validate_output_is_the_same_by_either_engine(run, name):
    path = str(shared("vocabs", name))  # every rule: the columnar ones on columns, the others on the store
    by_columns = run("validate", path, "--format", "json", "--engine", "columns")
    by_store = run("validate", path, "--format", "json", "--engine", "store")
    assert (by_columns.exit_code, by_columns.stdout, by_columns.stderr) == \
        (by_store.exit_code, by_store.stdout, by_store.stderr)


def test_validate_engines_give_equal_reports(defects):
    vocab = load([defects], lenient=True)
    assert runner.validate(vocab, engine="columns").as_dict() == runner.validate(vocab, engine="store").as_dict()


# Random graphs: a few resources, the properties the columnar rules and entailment read, literals in two
# languages, blank and padded ones, typed ones; sub-properties and subclasses of SKOS's own.
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_NODES = ["<https://ex.org/a>", "<https://ex.org/b>", "<https://ex.org/c>", "<urn:x:d>", "_:b0"]
_PROPS = [f"<{_SKOS}{p}>" for p in ("prefLabel", "altLabel", "hiddenLabel", "broader", "narrower", "related",
                                    "exactMatch", "broadMatch", "narrowMatch", "closeMatch", "relatedMatch",
                                    "topConceptOf", "hasTopConcept", "inScheme", "definition", "member")]
_PROPS += ["<https://ex.org/myLabel>", "<https://w3id.org/tropekg/ontology#primaryBroader>"]
_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_CLASSES = [f"<{_SKOS}{c}>" for c in ("Concept", "ConceptScheme", "Collection")] + ["<https://ex.org/Cls>",
                                                                                    "<https://ex.org/Sub>"]
_LITERALS = ['"a"@en', '"a"@de', '"b"@en', '" "@en', '"x"', '"b  c"@fr', '"1"^^<http://www.w3.org/2001/XMLSchema#int>',
             r'"\t "', '""', r'"\u001C"@en']
_AXIOMS = [
    f"<https://ex.org/myLabel> <http://www.w3.org/2000/01/rdf-schema#subPropertyOf> <{_SKOS}prefLabel> .",
    f"<https://ex.org/Sub> <http://www.w3.org/2000/01/rdf-schema#subClassOf> <{_SKOS}Concept> .",
    "<https://ex.org/a> <http://www.w3.org/2002/07/owl#deprecated> true .",
]
# The label, notation and scheme rules' (columnar_labels.py): notations, member lists, rdfs:label, a note, a
# title, a scheme subclass, tk:Trope; literals differing by case, width, region or tag, unregistered, invisible.
_PROPS += [f"<{_SKOS}{p}>" for p in ("notation", "memberList", "scopeNote")]
_PROPS += [f"<http://www.w3.org/{p}>" for p in ("2000/01/rdf-schema#label", "1999/02/22-rdf-syntax-ns#first",
                                                 "1999/02/22-rdf-syntax-ns#rest")] + ["<http://purl.org/dc/terms/title>"]
_CLASSES += [f"<{_SKOS}OrderedCollection>", "<https://w3id.org/tropekg/ontology#Trope>"]
_LITERALS += ['"A"@en', '"a"@en-gb', '"a"@zz', r'"\u00ADa"@en', '"\uFF41"@en', '"a "@en']
_AXIOMS += [f"<https://ex.org/Cls> <http://www.w3.org/2000/01/rdf-schema#subClassOf> <{_SKOS}ConceptScheme> ."]
_TRIPLE = st.one_of(
    st.tuples(st.sampled_from(_NODES), st.sampled_from(_PROPS), st.sampled_from(_NODES + _LITERALS)),
    st.tuples(st.sampled_from(_NODES), st.just(_TYPE), st.sampled_from(_CLASSES)))


@settings(max_examples=40, deadline=None)
@given(st.lists(_TRIPLE, min_size=1, max_size=14), st.lists(st.sampled_from(_AXIOMS), unique=True))
def test_columnar_rules_match_sparql_on_random_graphs(triples, axioms):
    store = ox.Store()
    text = "\n".join([*(f"{s} {p} {o} ." for s, p, o in triples), *axioms]).replace(" true .", ' "true"^^'
                                                                                      '<http://www.w3.org/2001/XMLSchema#boolean> .')
    store.load(text.encode(), format=ox.RdfFormat.N_TRIPLES)
    assert_same(Vocabulary(store, (), dict(PREFIXES)))


_OWN_CASES = [p for p in sorted((ROOT / "tests" / "cases" / "invalid").glob("*.ttl"))
              if p.read_text(encoding="utf-8").split()[2] in COLUMNAR]


@pytest.mark.parametrize("path", _OWN_CASES, ids=lambda p: p.name)
def test_each_columnar_form_finds_its_case(path):
    """Each rule's invalid case, by its columnar form: the findings its first line names (`# rule: ID count: N`),
    so that the equivalence above is never between two empty answers."""
    header = path.read_text(encoding="utf-8").split("\n", 1)[0].split()
    rule = next(r for r in RULES if r.id == header[2])
    vocab = load([path], lenient=True)
    with entailed(vocab):
        got = columnar_hits(Columns.of(vocab), rule)
    assert got is not None and len(got) == int(header[4]), rule.id


def test_columnar_all_gives_each_rule_s_hits_in_the_rules_order(defects):
    """validate's run of the forms on two threads: every rule's hits as the form alone gives them, keyed in the
    rules' order, one progress step per rule."""
    cols = Columns.read(load([defects], lenient=True, deferred=True))
    steps: list[tuple] = []
    together = columnar_all(cols, RULES, lambda *step: steps.append(step))
    cols._memo.clear()  # each form alone makes again what the others shared
    alone = {r.id: columnar_hits(cols, r) for r in RULES}
    assert list(together) == [r.id for r in RULES]
    assert {k: sorted(v) for k, v in together.items()} == {k: sorted(v) for k, v in alone.items()}
    assert sum(len(v) for v in together.values()) > 0
    assert sorted(done for _, done, _ in steps) == list(range(1, len(RULES) + 1))


def test_columnar_all_is_none_when_a_form_leaves_the_input_to_the_store(tmp_path):
    path = tmp_path / "typed.ttl"
    path.write_text("@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
                    "<https://ex.org/a> a skos:Concept ; skos:prefLabel 1, 2 .\n", encoding="utf-8")
    cols = Columns.read(load([path], lenient=True, deferred=True))
    assert columnar_all(cols, RULES, lambda *_: None) is None  # S14 compares typed literals by value


def test_levels_and_walks_on_a_chain_deeper_than_the_layered_pass():
    """A chain of 1,500 links (its thin layers finished one component at a time) with a shortcut from its foot to
    its middle: each level is the longest path down to it, and walks reach exactly what lies above."""
    import numpy as np
    import polars as pl

    from tropekg.validate.columnar_graph import condense, reached

    n = 1500
    up = pl.DataFrame({"child": [*range(1, n + 1), n], "parent": [*range(n), n // 2]},
                      schema={"child": pl.UInt32, "parent": pl.UInt32})
    dag = condense(up)
    assert dag.level[dag.of(np.arange(n + 1))].tolist() == list(range(n + 1))
    start, target = dag.of(np.array([n, n, 700, 10, 10])), dag.of(np.array([0, n // 2, 701, 10, 9]))
    assert reached(dag, start, target).tolist() == [True, True, False, True, True]
