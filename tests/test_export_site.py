"""The site exporter without a browser: page paths, the tree, the search shards, the CLI and the release."""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

import tropekg
from tropekg.export import render
from tropekg.export.website.paths import namespace, page_paths
from tropekg.export.website.search import shard_key

from .conftest import CASES, need


def site_of(path: Path) -> dict[str, bytes]:
    return render(tropekg.load([path]), "site")


def test_pages_sit_at_the_iri_paths_below_the_namespace():
    files = render(tropekg.load(), "site")
    for name in ("netorare.html", "netorare.ttl", "netorare.jsonld", "index.html", "search.html",
                 "tree/tropes.html", "_site/site.css", "_site/site.js", "_site/search.js", ".nojekyll"):
        assert name in files, name
    page = files["netorare.html"].decode("utf-8")
    assert '<link rel="alternate" type="text/turtle" href="netorare.ttl">' in page
    assert '<a href="netori.html" lang="en" data-l="{&quot;ja&quot;:&quot;寝取り&quot;,&quot;ja-Latn&quot;:' \
        '&quot;netori&quot;}">Netori</a>' in page and '<span lang="ja">寝取られ</span>' in page
    assert json.loads(files["netorare.jsonld"])[0]["@id"] == "https://w3id.org/tropekg/id/netorare"
    index = files["index.html"].decode("utf-8")
    assert 'rel="license">https://creativecommons.org/licenses/by/4.0/</a>' in index  # the ontology's
    assert '<p>7 concepts. <a href="tree/tropes.html">Browse the tree</a></p>' in index
    assert "../tropekg.ttl" not in index  # only a release (build) has the other formats beside the site
    released = render(tropekg.load(), "site", tropekg.export.Options(in_release=True))["index.html"].decode("utf-8")
    assert '<a href="../tropekg.ttl" type="text/turtle">turtle</a> (tropekg.ttl)' in released


def test_namespace_is_the_common_prefix_of_nested_paths():
    assert namespace(["http://zbw.eu/stw/descriptor/1-2", "http://zbw.eu/stw/thsys/7"]) == "http://zbw.eu/stw/"
    assert page_paths(["http://zbw.eu/stw/descriptor/1-2", "http://zbw.eu/stw/thsys/7"]) == \
        {"http://zbw.eu/stw/descriptor/1-2": "descriptor/1-2", "http://zbw.eu/stw/thsys/7": "thsys/7"}
    assert page_paths(["https://example.org/v#a", "https://example.org/v#b"])["https://example.org/v#a"] == "a"


def test_hostile_iris_get_safe_distinct_paths():
    files = site_of(CASES / "export" / "hostile.ttl")
    pages = sorted(k for k in files if k.endswith(".html") and not k.startswith(("tree/", "_site/")))
    assert len(pages) == 13 + 2  # a page per concept, the index and search
    assert "寝取られ.html" in pages and "index.html" in pages and "search.html" in pages
    for name in pages:
        assert ".." not in name.split("/") and not name.startswith("/") and "\\" not in name
    assert len({p.casefold() for p in pages}) == len(pages)  # Foo and foo on a case-insensitive disk
    assert sum(1 for p in pages if p.casefold().startswith("index")) == 2  # the concept "index" got a hash


def test_tree_marks_cycles_and_second_parents():
    tree = site_of(CASES / "export" / "site-tree.ttl")["tree/scheme.html"].decode("utf-8")
    body = tree[tree.index('<ul class="tree">'):tree.index("</main>")]
    assert body.count('>Two parents</a>') == 2
    assert '>Two parents</a> <span class="mark">also listed in full under Root</span>' in body
    assert '>A</a> <span class="mark">cycle: an ancestor of itself</span>' in body
    assert re.search(r'>X</a><ul><li><a [^>]*>Y</a><ul><li><a [^>]*>X</a> <span class="mark">cycle', body)
    assert body.count("<ul") == body.count("</ul>")


def test_tree_has_any_depth():
    chain = "".join(f"ex:c{i} skos:broader ex:c{i - 1} ; skos:prefLabel \"C{i}\"@en .\n" for i in range(1, 60))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "deep.ttl"
        path.write_text("@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n@prefix ex: <https://ex.org/d/> .\n"
                        'ex:s a skos:ConceptScheme . ex:c0 skos:topConceptOf ex:s ; skos:prefLabel "C0"@en .\n'
                        + chain.replace(" ;", " ; skos:inScheme ex:s ;"), encoding="utf-8")
        tree = site_of(path)["tree/s.html"].decode("utf-8")
    assert tree.count("<ul>") == 59 and ">C59</a>" in tree


def test_search_shards_hold_every_spelling_under_its_first_two_characters():
    files = render(tropekg.load(), "site")
    for spelling in ("ntr", "寝取られ", "netorare"):
        shard = files[f"_site/search/{shard_key(spelling[:2])}.js"].decode("utf-8")
        entries = json.loads(shard[shard.index("[") : shard.rindex("]") + 1])
        assert any(e[0] == spelling and e[2] == "netorare" for e in entries), spelling
    keys = files["_site/search/keys.js"].decode("utf-8")
    index = json.loads(keys[len("tkKeys(") : -3])
    assert sorted(k for k, flag in index["keys"].items() if flag & 1) == \
        sorted(k[len("_site/search/") : -3] for k in files if k.startswith("_site/search/") and k[-7:] != "keys.js")


def test_big_shards_split_and_common_words_keep_their_best_entries():
    from tropekg.export.website import search

    words = {f"concept{i}": 1 for i in range(3000)} | {"co": 1}
    groups, split = search._keys(words)
    assert "co" in split and groups["co"] == ["co"] and all(len(ws) <= search.SHARD for ws in groups.values())
    assert sorted(w for ws in groups.values() for w in ws) == sorted(words)
    text = "".join(f'ex:c{i} a skos:Concept ; skos:prefLabel "Concept {i}"@en .\n' for i in range(600))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "many.ttl"
        path.write_text("@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n@prefix ex: <https://ex.org/m/> .\n"
                        + text + 'ex:x a skos:Concept ; skos:prefLabel "Concept"@en .\n', encoding="utf-8")
        files = site_of(path)
    index = json.loads(files["_site/search/keys.js"].decode()[len("tkKeys(") : -3])
    assert index["common"] == ["concept"]
    shard = files[f"_site/search/{shard_key('co')}.js"].decode("utf-8")
    entries = json.loads(shard[shard.index("[") : shard.rindex("]") + 1])
    assert len(entries) == search.TOP and ["concept", 0, "x", "Concept", "en", ""] in entries


def test_cli_writes_the_folder_silently(run, tmp_path):
    out = tmp_path / "site"
    result = run("export", "-f", "site", "-o", str(out))
    assert result.exit_code == 0 and result.stdout == "" and result.stderr == ""
    assert (out / "index.html").is_file() and (out / "netorare.html").is_file()


def test_cli_needs_a_directory(run):
    result = run("export", "-f", "site")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == "tropekg: error: --format site writes a folder of files; give it with -o DIR\n"


def test_golden_site(update_golden, monkeypatch):
    from tropekg.export.website import picture

    from .exporting import GOLDEN, check_golden, sample

    monkeypatch.setattr(picture, "MAX_CONCEPTS", 0)  # Graphviz's SVG differs between its versions
    files = render(sample(), "site")
    for name, data in sorted(files.items()):
        check_golden(f"site/{name}", data, update_golden)
    if not update_golden:
        assert sorted(p.relative_to(GOLDEN / "site").as_posix() for p in (GOLDEN / "site").rglob("*")
                      if p.is_file()) == sorted(files)


def test_pictures_link_every_neighbour_but_the_concept():
    need("dot")
    page = render(tropekg.load(), "site")["netorare.html"].decode("utf-8")
    svg = page[page.index('<section aria-labelledby="h-picture">'):]
    svg = svg[: svg.index("</section>")]
    # itself, 2 broader, 4 counterparts, contrasts and related (Netori, Netorase, Romance, Romance drama), 3 facets
    assert svg.count('class="node"') == 10
    assert svg.count("xlink:href=") == 9 and 'xlink:href="netori.html"' in svg and "netorare.html" not in svg


def test_without_graphviz_pages_have_no_picture(monkeypatch):
    import shutil

    real = shutil.which
    monkeypatch.setattr(shutil, "which", lambda name: None if name == "dot" else real(name))
    page = render(tropekg.load(), "site")["netorare.html"].decode("utf-8")
    assert "h-picture" not in page and "<h1" in page


def test_nested_iri_paths_link_relatively(tmp_path):
    from urllib.parse import unquote

    from tropekg.export import export_to

    source = tmp_path / "nested.ttl"
    source.write_text("@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
                      "<http://zbw.example/stw/thsys/1> a skos:Concept ; skos:prefLabel \"Wirtschaft\"@de .\n"
                      "<http://zbw.example/stw/descriptor/2-3> a skos:Concept ; skos:prefLabel \"Geld\"@de ;\n"
                      "  skos:broader <http://zbw.example/stw/thsys/1> .\n", encoding="utf-8")
    out = tmp_path / "site"
    export_to(tropekg.load([source]), "site", out)
    page = (out / "descriptor" / "2-3.html").read_text(encoding="utf-8")
    assert '<a href="../thsys/1.html" lang="de">Wirtschaft</a>' in page
    assert '<link rel="stylesheet" href="../_site/site.css">' in page
    for path in out.rglob("*.html"):
        for target in re.findall(r'(?:href|src)="([^"#?]+)', path.read_text(encoding="utf-8")):
            if "://" not in target:
                assert (path.parent / unquote(target)).resolve().is_file(), f"{path}: {target}"


def test_a_concept_rdfxml_cannot_carry_has_no_rdf_file_and_its_page_links_the_others(tmp_path):
    source = tmp_path / "control.ttl"
    source.write_text('@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n'
                      '<https://example.org/voc/a> a skos:Concept ; skos:prefLabel "A\\u001F" .\n'
                      '<https://example.org/voc/b> a skos:Concept ; skos:prefLabel "B" .\n', encoding="utf-8")
    files = site_of(source)
    assert [n for n in files if n.startswith(("a.", "b."))] == [
        "a.html", "a.jsonld", "a.nt", "a.ttl", "b.html", "b.jsonld", "b.nt", "b.rdf", "b.ttl"]
    assert b'href="a.rdf"' not in files["a.html"] and b'href="a.nt"' in files["a.html"]
