"""`tropekg query`: the shipped queries (each tested), parameters bound safely, result formats, syntax errors."""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox
import pytest

from tropekg.errors import LookupFailed, UsageError
from tropekg.query import sparql

TKID = "https://w3id.org/tropekg/id/"


def rows(vocab, name, **params):
    """The rows of a shipped query as lists of plain values (None for unbound)."""
    query = sparql.named(name)
    result = sparql.run(vocab, query.text, name, sparql.bind(vocab, query, params or query.examples))
    if isinstance(result, ox.QueryTriples):
        return {str(t) for t in result}
    return [[t.value if t is not None else None for t in sol] for sol in result]


# What each shipped query must answer on the bundled taxonomy.
EXPECTED = {
    "adult": lambda r: [row[0] for row in r] == [TKID + s for s in ("ntr-family", "netorare", "netorase", "netori")],
    "under": lambda r: {row[0] for row in r} == {TKID + s for s in ("ntr-family", "netorare", "netorase", "netori")},
    "tropes-by-facet": lambda r: TKID + "netorare" in {row[0] for row in r}
    and TKID + "netorase" not in {row[0] for row in r},
    "facets": lambda r: [TKID + "netorase", "Netorase", "https://w3id.org/tropekg/ontology#consent",
                         TKID + "consent-mutual", "Mutual agreement"] in r,
    "missing-label": lambda r: TKID + "ntr-family" in {row[0] for row in r}
    and TKID + "netorare" not in {row[0] for row in r},
    "vndb": lambda r: [TKID + "netorare", "Netorare", "http://www.w3.org/2004/02/skos/core#exactMatch",
                       "https://vndb.org/g513", "513"] in r,
    "mappings": lambda r: ["https://anilist.co/tag/124"] == [row[3] for row in r if row[0] == TKID + "netorare"
                                                              and "anilist" in row[3]],
    "counterparts": lambda r: r == [[TKID + "netorare", "Netorare", "Partner lost", TKID + "netori", "Netori",
                                     "Partner taker"]],
    "confusions": lambda r: [TKID + "netorare", "Netorare", TKID + "netorase", "Netorase"] in r,
    "no-definition": lambda r: r == [],
    "several-parents": lambda r: [TKID + "netorare", "Netorare", "2", TKID + "ntr-family"] in r,
    "deprecated": lambda r: r == [],
    "schemes": lambda r: [TKID + "tropes", "Tropes", "7"] in r,
    "card": lambda r: f'<{TKID}netorare> <http://www.w3.org/2004/02/skos/core#altLabel> "NTR"@en' in r
    and f'<{TKID}netori> <http://www.w3.org/2004/02/skos/core#prefLabel> "Netori"@en' in r,
}


def test_every_shipped_query_has_a_description_and_an_expectation():
    queries = sparql.named_queries()
    assert set(queries) == set(EXPECTED)
    for q in queries.values():
        assert q.description.endswith("."), q.name
        assert {p.name for p in q.params if p.default is None} <= set(q.examples), q.name


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_shipped_query(bundled, name):
    assert EXPECTED[name](rows(bundled, name)), rows(bundled, name)


def test_missing_label_takes_a_language(bundled):
    korean = {row[0] for row in rows(bundled, "missing-label", lang="ko")}
    assert TKID + "netorare" in korean


def test_concept_parameter_is_resolved_not_pasted(bundled):
    query = sparql.named("under")
    with pytest.raises(LookupFailed):
        sparql.bind(bundled, query, {"concept": "x> } ; DROP ALL ; SELECT * WHERE { ?s ?p ?o"})
    text = sparql.prepared(bundled, query, {"concept": "寝取られ"})
    assert f"VALUES ?concept {{ <{TKID}netorare> }}" in text


def test_text_parameter_is_a_literal(bundled):
    values = sparql.bind(bundled, sparql.named("missing-label"), {"lang": 'ja" } DROP ALL'})
    assert values["lang"] == [ox.Literal('ja" } DROP ALL')]


@pytest.mark.parametrize("given,message", [({}, "needs --param concept"), ({"x": "1"}, "no such parameter")])
def test_parameter_errors(bundled, given, message):
    with pytest.raises(UsageError, match=message):
        sparql.bind(bundled, sparql.named("under"), given)


def test_cli_named_query_csv(run):
    result = run("query", "--name", "under", "--param", "concept=NTR family", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    table = list(csv.reader(io.StringIO(result.stdout)))
    assert table[0] == ["c", "label"] and [TKID + "netorare", "Netorare"] in table


def test_cli_list(run):
    result = run("query", "--list")
    assert result.exit_code == 0
    for name in EXPECTED:
        assert name in result.stdout


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_cli_result_formats_parse(run, fmt):
    result = run("query", "SELECT ?l WHERE { tkid:netori skos:prefLabel ?l }", "--format", fmt)
    assert result.exit_code == 0, result.stderr
    if fmt == "csv":  # lossy by design (SPARQL 1.1 CSV/TSV 2): read as plain CSV
        values = [row[0] for row in csv.reader(io.StringIO(result.stdout))][1:]
    else:
        values = [sol["l"].value for sol in ox.parse_query_results(result.stdout_bytes,
                                                                    format=sparql.RESULT_FORMATS[fmt])]
    assert sorted(values) == ["Netori", "netori", "寝取り"]


def test_cli_ask_and_table(run):
    assert run("query", "ASK { tkid:netorare a tk:Trope }").stdout == "true\n"
    table = run("query", "SELECT ?l WHERE { tkid:netori skos:prefLabel ?l FILTER(LANG(?l) = 'en') }").stdout
    assert table.splitlines() == ["l", "------", "Netori", "(1 row)"]


@pytest.mark.parametrize("fmt", sorted(sparql.RDF_FORMATS))
def test_cli_construct_formats(run, fmt):
    result = run("query", "CONSTRUCT WHERE { tkid:netori skos:prefLabel ?l }", "--format", fmt)
    assert result.exit_code == 0, result.stderr
    triples = list(ox.parse(result.stdout_bytes, format=sparql.RDF_FORMATS[fmt]))
    assert len(triples) == 3


def test_cli_syntax_error_has_line_and_column(run, tmp_path):
    path = tmp_path / "bad.rq"
    path.write_text("SELECT * WHERE {\n  ?s ?p ?o .\n  ?s ?p 12 13 }\n")
    result = run("query", "-q", str(path))
    assert result.exit_code == 2 and result.stdout == ""
    # line 3, not shifted by the predeclared prefixes, at the token that breaks the grammar
    assert result.stderr == f"tropekg: error: {path}:3:12: SPARQL syntax error at '13'; fix the query\n"
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("args,message", [
    (["CONSTRUCT WHERE { ?s ?p ?o }", "--format", "csv"], "--format csv"),
    (["SELECT * WHERE { ?s ?p ?o }", "--format", "turtle"], "--format turtle"),
    (["SELECT * WHERE { ?s ?p ?o }", "--param", "a=b"], "--param works with --name"),
    (["--name", "nope"], "--name nope: no such query"),
    ([], "give a query"),
])
def test_cli_usage_errors_exit_2(run, args, message):
    result = run("query", *args)
    assert result.exit_code == 2 and result.stdout == ""
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_cli_unknown_concept_exits_1_with_its_message(run):
    """An unknown term is answered as in every command: exit 1, the message, no output."""
    result = run("query", "--name", "under", "--param", "concept=zzzz")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith("tropekg: 'zzzz': no concept has this IRI or label")


def test_cli_output_file_is_written_whole(run, tmp_path):
    out = tmp_path / "a.json"
    result = run("query", "--name", "adult", "-f", "json", "-o", str(out))
    assert result.exit_code == 0 and result.stdout == ""
    assert len(json.loads(out.read_text())["results"]["bindings"]) == 4


def test_the_format_choices_are_the_formats_render_writes():
    """QUERY_FORMATS (light, for the CLI's choices) names exactly the table and the formats sparql.render writes."""
    assert sorted(sparql.FORMATS) == sorted(["table", *sparql.RESULT_FORMATS, *sparql.RDF_FORMATS])
