"""The diff's renderings: goldens for text, markdown, json and sparql on every handmade pair (byte for byte),
colour only when asked, Markdown escaping; and a property test: on random pairs of small graphs, the SPARQL Update
applied to OLD gives a graph isomorphic with NEW, and NEW OLD is the mirror image of OLD NEW."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import tropekg
from tropekg.diff import FORMATS, compare, mirror, render
from tropekg.sources.reader import load_into
from tropekg.vocabulary import Vocabulary

from .conftest import ROOT
from .test_diff import PAIRS, pair, without_labels

GOLDEN = ROOT / "tests" / "golden" / "diff"
SUFFIX = {"text": "txt", "json": "json", "markdown": "md", "sparql": "rq"}


@pytest.mark.parametrize("fmt", list(FORMATS))
@pytest.mark.parametrize("name", PAIRS)
def test_golden(name, fmt, update_golden):
    data = render(compare(*pair(name)), fmt).encode("utf-8")
    path = GOLDEN / f"{name}.{SUFFIX[fmt]}"
    if update_golden:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    elif not path.exists():
        pytest.fail(f"{path} is missing: run pytest --update-golden, review the file, and commit it")
    assert data == path.read_bytes(), f"{path.name} differs from its golden (pytest --update-golden to accept)"


def test_colour_only_when_asked():
    result = compare(*pair("concepts"))
    assert "\x1b[31m  - Gone\x1b[0m" in render(result, "text", color=True)
    assert "\x1b[" not in render(result, "text") + render(result, "markdown", color=True)


def test_markdown_escapes_labels(tmp_path):
    def vocab(label: str):
        path = tmp_path / f"{len(label)}.nt"
        path.write_text(f'<http://example.org/a> <http://www.w3.org/2004/02/skos/core#prefLabel> "{label}"@en .\n'
                        '<http://example.org/a> <http://www.w3.org/2004/02/skos/core#related> <http://example.org/b> .\n',
                        encoding="utf-8")
        return tropekg.load([path])

    text = render(compare(vocab("plain"), vocab("*bold* [x](y) <b> `c`")), "markdown")
    assert "“\\*bold\\* \\[x\\](y) \\<b> \\`c\\`”" in text  # only what would be read as markup


# Random small graphs: a few IRIs, literals and blank nodes, so that pairs share much and differ a little.
IRIS = [f"<http://example.org/{n}>" for n in "abcd"]
SKOS = "http://www.w3.org/2004/02/skos/core#"
PREDICATES = [f"<{SKOS}{p}>" for p in ("prefLabel", "altLabel", "broader", "narrower", "related", "definition")] + [
    "<http://example.org/p>", "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>",
    "<http://purl.org/dc/terms/isReplacedBy>"]
OBJECTS = [*IRIS, '"x"@en', '"y"@en', '"x y z"@en', '"x"@ja', '"1"^^<http://www.w3.org/2001/XMLSchema#integer>',
           f"<{SKOS}Concept>"]
triple = st.tuples(st.sampled_from(IRIS + ["_:b1", "_:b2"]), st.sampled_from(PREDICATES),
                   st.sampled_from(OBJECTS + ["_:b1", "_:b2"]))
graphs = st.lists(triple, max_size=14)


def store_of(triples, tmp_path, name: str) -> Vocabulary:
    text = "".join(f"{s} {p} {o} .\n" for s, p, o in triples)
    path = tmp_path / f"{name}.nt"
    path.write_text(text, encoding="utf-8")
    store = ox.Store()
    load_into(store, path, "ntriples")
    return Vocabulary(store, (path,), {})


def trees_apart(triples) -> bool:
    """Blank nodes as the content names keep apart: each hangs from at most one statement, none from another blank
    node that hangs from it, and no two hang from the same subject and property (or from nothing) - two alike
    there would read as one (docs/commands.md, `tropekg diff`: what the SPARQL Update cannot restore)."""
    hanging: dict[str, tuple[str, str]] = {}
    for s, p, o in set(triples):
        if o.startswith("_:"):
            if o in hanging or s == o or (s.startswith("_:") and hanging.get(s, ("",))[0] == o):
                return False
            hanging[o] = (s, p)
    blanks = {t for s, _, o in triples for t in (s, o) if t.startswith("_:")}
    places = [hanging.get(b, ("root",)) for b in blanks]
    return len(places) == len(set(places))


def canonical(store: ox.Store) -> set[str]:
    dataset = ox.Dataset(store)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return {str(q) for q in dataset}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(old=graphs, new=graphs)
def test_random_pairs_update_and_mirror(old, new, tmp_path):
    assume(trees_apart(old) and trees_apart(new))
    a, b = store_of(old, tmp_path, "old"), store_of(new, tmp_path, "new")
    forward, backward = compare(a, b), compare(b, a)
    assert without_labels(mirror(forward.as_dict())) == without_labels(
        {k: v for k, v in backward.as_dict().items() if k != "summary"})
    for fmt in FORMATS:  # every rendering copes with whatever the comparison found
        assert render(forward, fmt).endswith("\n")
    a.store.update(render(forward, "sparql"))
    assert canonical(a.store) == canonical(b.store)


def test_text_and_markdown_show_datatypes_as_curies(tmp_path):
    def vocab(count: str):
        path = tmp_path / f"{count}.ttl"
        path.write_text('@prefix ex: <http://example.org/> .\n@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n'
                        f'ex:a a skos:Concept ; ex:works {count} ; ex:odd "x"^^ex:t{count} .\n', encoding="utf-8")
        return tropekg.load([path])

    result = compare(vocab("1"), vocab("2"))
    assert '    value added ex:works: "2"^^xsd:integer\n' in render(result, "text")
    assert '    value added ex:odd: "x"^^<http://example.org/t2>\n' in render(result, "text")
    assert '- **a**: value added ex:works: `` "2"^^xsd:integer ``\n' in render(result, "markdown")
    assert '"new": "\\"2\\"^^<http://www.w3.org/2001/XMLSchema#integer>"' in render(result, "json")
