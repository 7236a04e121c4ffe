"""tropekg view: selection, every format read back by a real consumer, escaping of hostile labels, CLI wiring."""

from __future__ import annotations

import io
import re
import subprocess
import xml.etree.ElementTree as ET

import networkx as nx
import pytest

import tropekg
from tests.conftest import CASES, need, shared
from tropekg.errors import UsageError
from tropekg.view import FORMATS, draw
from tropekg.view.formats import mermaid_text
from tropekg.view.scene import Selection, parse_kinds, select

TKID = "https://w3id.org/tropekg/id/"
HOSTILE = CASES / "view" / "hostile.ttl"
HOSTILE_LABELS = ["<script>window.pwned=1</script>", 'Quote " and [brackets] | pipe; semi -->',
                  "Back\\slash \\N & amp &lt; %% click", "Island </script><!--", "Islet ]]> <![CDATA["]


@pytest.fixture(scope="module")
def hostile():
    return tropekg.load([str(HOSTILE)])


def test_root_and_depth_walk_up_down_and_along_relations(bundled):
    scene = select(bundled, Selection(["NTR"], depth=1))
    assert {TKID + n for n in ("netorare", "ntr-family", "infidelity", "netori", "netorase", "romance")} <= set(scene)
    assert TKID + "relationship-conflict" not in scene  # two steps up
    assert scene.nodes[TKID + "netorare"]["label"] == "Netorare"
    assert "NTR" in scene.nodes[TKID + "netorare"]["aliases"]
    assert scene.nodes[TKID + "netorare"]["perspective"] == ["Partner lost"]
    kinds = {k for a, b, k in scene.edges(keys=True) if {a, b} == {TKID + "netorare", TKID + "netori"}}
    assert kinds == {"counterpart"}  # the plain skos:related stated beside it is not drawn twice


def test_depth_zero_is_the_roots_only_and_facets_hang_off_them(bundled):
    scene = select(bundled, Selection(["NTR", "Netori"], depth=0, kinds=parse_kinds(None, facets=True)))
    concepts = {n for n, a in scene.nodes(data=True) if a["role"] == "concept"}
    assert concepts == {TKID + "netorare", TKID + "netori"}
    facets = {a["label"]: a["facet"] for _, a in scene.nodes(data=True) if a["role"] == "facet"}
    assert facets == {"Partner lost": "perspective", "Partner taker": "perspective",
                      "Without agreement": "consent", "Adult-oriented": "audience"}


def test_relations_choose_the_edge_kinds(bundled):
    scene = select(bundled, Selection(["NTR"], depth=1, kinds=parse_kinds("broader,mapping")))
    assert {k for _, _, k in scene.edges(keys=True)} == {"broader", "mapping"}
    assert scene.nodes["https://vndb.org/g513"]["role"] == "external"
    assert TKID + "netori" not in scene  # reached only by counterpart/related, which are not drawn


def test_scheme_and_lang(bundled):
    scene = select(bundled, Selection(scheme="tkid:genres", lang="ja"))
    assert {a["scheme"] for _, a in scene.nodes(data=True)} == {"ジャンル"} or len(scene) == 4
    assert len(scene) == 4


def test_no_root_with_relations_is_the_whole_graph(bundled):
    selection = Selection(kinds=parse_kinds("broader,related,contrasts,counterpart"))
    assert len(select(bundled, selection)) == tropekg.stats(bundled)["concepts"]


def test_the_overview_shows_tropes_with_their_facets_themes_and_media_and_no_unlinked_node(bundled):
    scene = select(bundled, Selection())
    kinds = {k for _, _, k in scene.edges(keys=True)}
    assert kinds == {"broader", "contrasts", "counterpart", "facet", "theme", "medium"}
    assert {a["scheme"] for _, a in scene.nodes(data=True)} == {"Audience", "Consent", "Genres", "Media",
                                                                  "Perspective", "Themes", "Tropes"}
    assert all(scene.degree(n) for n in scene)
    assert len(scene) == 32


def test_over_max_nodes_says_how_many_and_how_to_narrow(bundled):
    with pytest.raises(UsageError, match=r"has 40 nodes, over --max-nodes 10; narrow it with --root"):
        select(bundled, Selection(kinds=parse_kinds("broader"), max_nodes=10))


def test_unknown_relation_and_negative_depth_are_usage_errors(bundled):
    with pytest.raises(UsageError, match="--relations nonsense: unknown"):
        parse_kinds("broader,nonsense")
    with pytest.raises(UsageError, match="--depth"):
        select(bundled, Selection(["NTR"], depth=-1))


def test_cycles_self_loops_and_several_parents_are_kept(hostile):
    scene = select(hostile, Selection())
    h = "http://example.org/h/"
    broader = {(a, b) for a, b, k in scene.edges(keys=True) if k == "broader"}
    assert {(h + "a", h + "b"), (h + "b", h + "c"), (h + "c", h + "a"), (h + "d", h + "d")} <= broader
    assert {(h + "d", h + "b"), (h + "d", h + "c")} <= broader
    assert len(scene) == 6  # the disconnected pair is there too
    deep = select(hostile, Selection([h + "a"], depth=50))  # the cycle does not make the walk loop
    assert set(deep) == {h + n for n in "abcd"}


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graphml_and_gexf_read_back_with_every_node_edge_and_attribute(bundled, fmt):
    scene = select(bundled, Selection(["NTR family"], depth=2, kinds=parse_kinds("broader,related,contrasts,"
                                                                                  "counterpart,mapping", True)))
    data = draw(bundled, fmt, Selection(["NTR family"], depth=2,
                                        kinds=parse_kinds("broader,related,contrasts,counterpart,mapping", True)))
    back = (nx.read_graphml if fmt == "graphml" else nx.read_gexf)(io.BytesIO(data))
    assert set(back.nodes) == set(scene.nodes)
    assert back.number_of_edges() == scene.number_of_edges()
    kinds = sorted(d["kind"] for _, _, d in back.edges(data=True))
    assert kinds == sorted(k for _, _, k in scene.edges(keys=True))
    netorare = back.nodes[TKID + "netorare"]
    assert netorare["label"] == "Netorare"
    assert netorare["types"] == "skos:Concept tk:Trope" and netorare["schemes"] == "tkid:tropes"
    assert netorare["scheme"] == "Tropes" and netorare["perspective"] == "Partner lost"
    assert netorare["consent"] == "Without agreement" and "NTR" in netorare["aliases"].split(" | ")
    assert netorare["definition"].startswith("A Japanese storytelling trope")


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_hostile_labels_survive_xml_formats_as_text(hostile, fmt):
    back = (nx.read_graphml if fmt == "graphml" else nx.read_gexf)(io.BytesIO(draw(hostile, fmt)))
    assert sorted(a["label"] for _, a in back.nodes(data=True) if not a["label"].startswith("`")) == sorted(
        HOSTILE_LABELS)


def test_dot_renders_with_graphviz_and_shows_labels_literally(hostile):
    exe = need("dot")
    text = draw(hostile, "dot")
    done = subprocess.run([exe, "-Tsvg"], input=text, capture_output=True, check=True)
    root = ET.fromstring(done.stdout)
    shown = " ".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text"))
    for fragment in ("<script>window.pwned=1</script>", 'Quote " and [brackets]', "Back\\slash \\N & amp",
                     "&lt; %% click", "Island </script><!--"):
        assert fragment in shown
    assert done.stderr == b""


def test_dot_of_the_bundled_graph_renders(bundled):
    exe = need("dot")
    done = subprocess.run([exe, "-Tplain"], input=draw(bundled, "dot", Selection(kinds=parse_kinds(None, True))),
                          capture_output=True, check=True)
    assert done.stdout.count(b"\nnode ") >= 40


# Mermaid's flowchart grammar: a node is ID["text"], where text may hold any character but `"`; links are
# arrows between ids. Entity codes #NNN; stand for other characters.
_NODE = re.compile(r'^  (n\d+)(\["|\(\[")([^"]*)("\]|"\]\))$')
_LINK = re.compile(r"^  n\d+ (-->|-\.-|<-\.->|<==>|-\.->)(\|[a-z]+\|)? n\d+$")
_STYLE = re.compile(r"^  (classDef c\d+ fill:#[0-9A-F]{6},stroke:#555555,color:#000000|class (n\d+,)*n\d+ c\d+)$")


def test_mermaid_follows_the_grammar_and_hostile_labels_cannot_escape(hostile):
    text = draw(hostile, "mermaid").decode("utf-8")
    lines = text.splitlines()
    assert lines[0] == "flowchart BT"
    nodes = {}
    for line in lines[1:]:
        node = _NODE.match(line)
        if node:
            nodes[node.group(1)] = node.group(3)
            continue
        assert _LINK.match(line) or _STYLE.match(line), line
    assert len(nodes) == 6 and len([ln for ln in lines if _LINK.match(ln)]) == 7
    decoded = {re.sub(r"#(\d+);", lambda m: chr(int(m.group(1))), v) for v in nodes.values()}
    assert set(HOSTILE_LABELS) <= decoded
    for label in nodes.values():
        assert not set(re.sub(r"#\d+;", "", label)) & set('"[]|<>;`{}#\n')


def test_mermaid_text_escapes_everything_but_plain_text():
    assert mermaid_text("Netorare (NTR)") == "Netorare (NTR)"
    assert mermaid_text('a"]-->b') == "a#34;#93;--#62;b"
    assert mermaid_text("寝取られ") == "寝取られ"


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_format_is_deterministic(bundled, fmt):
    if fmt in ("svg", "png", "html"):
        need("dot")
    selection = Selection(["NTR family"], depth=1, kinds=parse_kinds(None, True))
    assert draw(bundled, fmt, selection) == draw(bundled, fmt, selection)


def test_png_is_a_png(bundled):
    need("dot")
    assert draw(bundled, "png", Selection(["NTR"], depth=0)).startswith(b"\x89PNG\r\n\x1a\n")


@pytest.mark.parametrize("vocab_file,root", [("stw-9.16.ttl", "Economics"),
                                            ("unesco-thesaurus-2017.ttl", "unescothes:C01194")])
def test_real_thesauri_in_every_format(vocab_file, root):
    need("dot")
    vocab = tropekg.load([str(shared("vocabs", vocab_file))])
    selection = Selection([root], depth=2, kinds=parse_kinds("broader,related,mapping"), lang="fr")
    scene = select(vocab, selection)
    assert 10 < len(scene) < 2000
    for fmt in FORMATS:
        data = draw(vocab, fmt, selection)
        assert data, fmt
    back = nx.read_graphml(io.BytesIO(draw(vocab, "graphml", selection)))
    assert set(back) == set(scene)
    svg = draw(vocab, "svg", selection).decode("utf-8")
    assert len(re.findall(r'<g id="n\d+" class="node">', svg)) == len(scene)


# --- CLI wiring ---


def test_cli_writes_the_file_and_prints_nothing(run, tmp_path):
    out = tmp_path / "ntr.graphml"
    result = run("view", "-f", "graphml", "--root", "NTR", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "" and result.stderr == ""
    assert TKID + "netorare" in nx.read_graphml(out)


def test_cli_mermaid_to_stdout(run):
    result = run("view", "-f", "mermaid", "--root", "NTR", "--relations", "broader,counterpart")
    assert result.exit_code == 0
    assert result.stdout.startswith("flowchart BT\n") and "<==>|counterpart|" in result.stdout


def test_cli_too_many_nodes_exit_2_one_line_and_no_file(run, tmp_path):
    out = tmp_path / "all.svg"
    result = run("view", "-f", "svg", "--max-nodes", "5", "-o", str(out))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and "has 32 nodes, over --max-nodes 5" in result.stderr
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_cli_bad_relation_exit_2(run):
    bad = run("view", "-f", "dot", "--relations", "broader,cousins")
    assert bad.exit_code == 2 and bad.stderr.count("\n") == 1 and "--relations cousins: unknown" in bad.stderr


def test_cli_unknown_root_exit_1_with_suggestions_as_show_does(run, tmp_path):
    out = tmp_path / "x.dot"
    result = run("view", "-f", "dot", "--root", "netorar", "-o", str(out))
    assert result.exit_code == 1 and result.stdout == ""
    assert "did you mean" in result.stderr and "Netorare" in result.stderr
    assert not out.exists()


def test_cli_without_dot_says_so_in_one_line(run, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    out = tmp_path / "x.svg"
    result = run("view", "-f", "svg", "--root", "NTR", "-o", str(out))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "Graphviz's `dot` is not on PATH" in result.stderr
    assert not out.exists()


def _reference_selection(vocab, roots, depth, kinds):
    """What a rooted selection was before it walked the store: every link extracted, then a breadth-first walk."""
    from tropekg.view.scene import LEAF_KINDS, _edges

    edges = _edges(vocab, kinds)
    seen, frontier = set(roots), list(roots)
    for _ in range(depth):
        frontier = [b if a == n else a for n in frontier for a, b, kind in edges
                    if kind not in LEAF_KINDS and n in (a, b) and (b if a == n else a) not in seen]
        seen |= set(frontier)
    leaves = {b for a, b, kind in edges if kind in LEAF_KINDS and a in seen}
    nodes = seen | leaves
    return nodes, sorted((a, b, k) for a, b, k in edges if a in nodes and b in nodes)


@pytest.mark.parametrize("root, depth, kinds", [
    ("NTR", 2, "broader,related,contrasts,counterpart"),
    ("NTR family", 3, "broader,related,contrasts,counterpart,facet,mapping,theme,medium,use"),
    ("Netori", 1, "related,facet"),
])
def test_rooted_selection_reads_the_store_around_the_roots_and_draws_the_same(bundled, root, depth, kinds):
    from tropekg.lookup import Lookup

    scene = select(bundled, Selection([root], depth, None, parse_kinds(kinds), "en", 10_000))
    nodes, edges = _reference_selection(bundled, [Lookup(bundled).resolve(root).iri], depth, parse_kinds(kinds))
    assert set(scene.nodes) == nodes
    assert sorted((a, b, k) for a, b, k in scene.edges(keys=True)) == edges


def test_blank_nodes_are_drawn_under_the_same_name_every_time(tmp_path):
    path = tmp_path / "b.ttl"
    path.write_text("@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
                    '<http://x/a> a skos:Concept ; skos:prefLabel "A"@en .\n'
                    "_:c a skos:Concept ; skos:broader <http://x/a> .\n", encoding="utf-8")
    drawn = {draw(tropekg.load([path]), "mermaid", Selection(["http://x/a"], 2)) for _ in range(3)}
    assert len(drawn) == 1
    assert re.search(rb"_:b[0-9a-f]{16}", next(iter(drawn)).replace(b"#95;", b"_"))


def test_hierarchy_layers_follow_the_tree(tmp_path):
    """A concept with several parents is ranked under the one it sits under in the site, tree.json and the wikis
    (tropekg.tree: tk:primaryBroader, else the first parent in IRI code point order); the other broader links are
    drawn without deciding its layer."""
    path = tmp_path / "v.ttl"
    path.write_text("@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n@prefix ex: <http://example.org/> .\n"
                    "@prefix tk: <https://w3id.org/tropekg/ontology#> .\n"
                    "ex:c skos:broader ex:b, ex:a . ex:d skos:broader ex:a, ex:b ; tk:primaryBroader ex:b .\n")
    scene = select(tropekg.load([path]), Selection(["http://example.org/c", "http://example.org/d"], depth=1))
    assert scene.graph["homes"] == {"http://example.org/c": "http://example.org/a",
                                    "http://example.org/d": "http://example.org/b"}
    text = draw(tropekg.load([path]), "dot",
                Selection(["http://example.org/c", "http://example.org/d"], depth=1)).decode()
    free = re.findall(r'(n\d+) -> (n\d+) \[id="e\d+", class="k-broader"[^\]]*constraint=false', text)
    assert len(free) == 2


def test_dot_strings_pass_plain_labels_as_they_are_and_escape_the_rest():
    """dot_string's shortcut (a printable text with nothing to escape is returned whole) gives the full form's
    text for every short string of plain, quoted, control, separator and noncharacter code points."""
    from itertools import product

    from tropekg.output.sinks import shown
    from tropekg.view.dot import dot_string

    def full(text: str) -> str:
        clean = shown(text).translate(str.maketrans("\t\n\r\x85\u2028\u2029", "      "))
        return '"' + clean.replace("\\", "\\\\").replace('"', '\\"').replace("&", "&amp;") + '"'

    chars = "a \\\"&\t\n\r\x85\u2028\u2029\x00\x7f\x9f\ufdd0\uffff\U0010ffff\u00e9\u00a0\u65e5\U0001f600"
    for n in (0, 1, 2, 3):
        for text in map("".join, product(chars, repeat=n)):
            assert dot_string(text) == full(text), repr(text)
    assert dot_string("Bus") == '"Bus"' and dot_string('a"b') == '"a\\"b"'
