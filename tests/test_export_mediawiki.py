"""The MediaWiki export in a real MediaWiki: Debian's package with SQLite, installed in a temporary folder,
`importDump.php`, then `parse.php` per page. Every page renders, no link is red, the Netorare page holds its
misreadings and its Japanese label, hostile text shows as the same text and never as markup, and a page saved
again by an editor (the pre-save transform) keeps its text."""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lxml_html

import tropekg
from tropekg.export import render
from tropekg.output.sinks import shown, wikitext

from .conftest import CASES, need
from .exporting import SAMPLE

MW = "{http://www.mediawiki.org/xml/export-0.11/}"
MEDIAWIKI = Path(os.environ.get("TROPEKG_MEDIAWIKI", "/usr/share/mediawiki"))  # Debian's mediawiki package
LIMIT = 300  # seconds for any one php run (a hang guard, generous for loaded machines): a hang fails the test
# Strings that are markup somewhere in wikitext: links, templates, parameters, parser functions, quotes, tags,
# entities, signatures, magic words, free and bracketed external links, line-start markup, tables, converter.
HOSTILE = ["[[Main Page]] [[Category:Evil]] [[File:X.png]] [[:Nope]]", "{{Concept|label=x}} {{{1}}} {{SITENAME}}",
           "{{#if:1|yes}} {{!}} -{zh:x}-", "'''bold''' ''italic'' 'single' don't x''", "~~~~ ~~~ ~~~~~ a~~~",
           "__NOTOC__ __TOC__ __NOEDITSECTION__", "<b>b</b> <script>alert(1)</script> <!-- c --> <nowiki>n</nowiki>",
           "<ref>r</ref> <pre>p</pre> <div>d</div> </p>", "&amp; &lt; &#91; &#x5B; & &x",
           "[https://evil.example click] https://evil.example/a mailto:a@b.co urn:x:y //evil.example",
           "* list", "# numbered", ": indent", "; term : definition", "= h =", "== h ==", "----", " leading space",
           "{| class=x\n|a\n|}", "line\nbreak\n* item\n== heading ==", "a | b || c !! d", "#REDIRECT [[Main Page]]",
           "ISBN 9780306406157 RFC 1234 PMID 1", "-minus", "x\ty", "trailing space ", "two  spaces", "!! header",
           "\x01control\ufffe", "Hostile =", "x=y", "<nowiki>", "]]", "}}"]
ALLOWED_TAGS = {"table", "tbody", "tr", "th", "td", "p", "h2", "h3", "span", "dl", "dt", "dd", "ul", "li", "a",
                "div", "html", "body", "meta", "link", "input", "label"}  # the last two: the table of contents


class Wiki:
    """A throwaway MediaWiki: LocalSettings.php and the SQLite files in a temporary folder."""

    def __init__(self, folder: Path) -> None:
        self.folder, self.php_path = folder, need("php")
        cache = folder / "opcache"  # compiled PHP kept between runs: each parse.php starts in half the time
        cache.mkdir()
        self.flags = ["-d", "opcache.enable_cli=1", "-d", f"opcache.file_cache={cache}",
                      "-d", "opcache.file_cache_only=1"]
        self.env = {**os.environ, "MW_CONFIG_FILE": str(folder / "LocalSettings.php")}

    def php(self, script: str, *args: str, stdin: str | None = None) -> str:
        try:
            done = subprocess.run([self.php_path, *self.flags, f"maintenance/{script}", *args], cwd=MEDIAWIKI,
                                  env=self.env, input=stdin, capture_output=True, text=True, timeout=LIMIT)
        except subprocess.TimeoutExpired:
            pytest.fail(f"php maintenance/{script} ran over {LIMIT} s")
        assert done.returncode == 0, f"php maintenance/{script}: {done.stderr or done.stdout}"
        return done.stdout

    def install(self) -> None:
        self.php("install.php", "--dbtype", "sqlite", "--dbpath", str(self.folder), "--dbname", "wiki",
                 "--server", "http://127.0.0.1", "--scriptpath", "", "--confpath", str(self.folder),
                 "--pass", "throwaway-Install-1", "--lang", "en", "--skins", "", "Tropekg", "Admin")

    def load(self, data: bytes) -> dict[str, str]:
        """Import an export file; {title: wikitext} of its pages."""
        path = self.folder / "import.xml"
        path.write_bytes(data)
        self.php("importDump.php", "--quiet", "--no-updates", str(path))
        doc = etree.fromstring(data)
        return {p.findtext(f"{MW}title"): p.findtext(f"{MW}revision/{MW}text") for p in doc.iter(f"{MW}page")}

    def render(self, title: str, text: str) -> str:
        path = self.folder / f"page-{abs(hash(title))}.wiki"
        path.write_text(text, encoding="utf-8")
        return self.php("parse.php", "--title", title, str(path))

    def render_all(self, pages: dict[str, str]) -> dict[str, str]:
        with ThreadPoolExecutor(2) as pool:  # two php runs at a time: CI machines are small
            return dict(zip(pages, pool.map(self.render, pages, pages.values()), strict=True))


def iris(vocab: tropekg.Vocabulary) -> set[str]:
    return {t.value for q in vocab.store for t in (q.subject, q.object) if type(t).__name__ == "NamedNode"}


def wiki_of(folder: Path, vocab: tropekg.Vocabulary) -> tuple[Wiki, dict[str, str], dict[str, str], set[str]]:
    if not (MEDIAWIKI / "maintenance" / "importDump.php").is_file():
        if os.environ.get("CI"):
            pytest.fail(f"{MEDIAWIKI} is not a MediaWiki; .ci/run installs Debian's mediawiki package")
        pytest.skip(f"MediaWiki is not installed at {MEDIAWIKI}")
    wiki = Wiki(folder)
    wiki.install()
    pages = wiki.load(render(vocab, "mediawiki"))
    return wiki, pages, wiki.render_all(pages), iris(vocab)


@pytest.fixture(scope="module")
def bundled_wiki(tmp_path_factory, bundled):
    return wiki_of(tmp_path_factory.mktemp("wiki"), bundled)


def hostile_vocabulary(folder: Path) -> tropekg.Vocabulary:
    """The sample (markup in labels) and one concept per hostile string, as its definition, scope note and
    alternative label."""
    lines = []
    for n, text in enumerate(HOSTILE):
        iri, lit = f"<http://example.org/hostile/h{n}>", json.dumps(text, ensure_ascii=False) + "@en"
        lines += [f"{iri} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/2004/02/skos/core#Concept> .",
                  f'{iri} <http://www.w3.org/2004/02/skos/core#prefLabel> "Hostile {n}"@en .',
                  *(f"{iri} <http://www.w3.org/2004/02/skos/core#{p}> {lit} ." for p in ("definition", "scopeNote", "altLabel"))]
    path = folder / "hostile.nt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return tropekg.load([SAMPLE, CASES / "export" / "hostile.ttl", path])


@pytest.fixture(scope="module")
def hostile_wiki(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    return wiki_of(folder, hostile_vocabulary(folder))


def words(text: str) -> str:
    return " ".join(text.split())


def check_page(title: str, page: str, known: set[str], iris: set[str]) -> None:
    assert page.strip(), f"{title}: rendered nothing"
    tree = lxml_html.fromstring(f"<div>{page}</div>")
    assert not tree.xpath("//*[contains(concat(' ', @class, ' '), ' new ')]"), f"{title}: a red link"
    assert not tree.xpath("//*[contains(concat(' ', @class, ' '), ' error ')]"), f"{title}: an error"
    assert {e.tag for e in tree.iter() if isinstance(e.tag, str)} <= ALLOWED_TAGS, title
    for link in tree.iter("a"):
        if "external" in (link.get("class") or ""):
            assert link.get("href") in iris, f"{title}: an external link not from the data: {link.get('href')}"
        elif link.get("title"):
            assert link.get("title") in known or link.get("title").startswith("Edit section"), title


def test_every_page_renders_with_no_red_link(bundled_wiki):
    _, pages, rendered, known_iris = bundled_wiki
    assert len(rendered) == len(pages) > 50
    for title, page in rendered.items():
        check_page(title, page, set(pages), known_iris)


def test_netorare_holds_its_misreadings_and_japanese_label(bundled_wiki):
    rendered = bundled_wiki[2]
    tree = lxml_html.fromstring(f"<div>{rendered['Netorare']}</div>")
    headings = [words(h.text_content()) for h in tree.xpath("//span[@class='mw-headline']")]
    assert headings[:2] == ["Labels", "Notes"] and {"Misreading", "Scope note", "Relations", "Mappings"} <= set(headings)
    labels = {words(dt.text_content()): words(dt.getnext().text_content()) for dt in tree.iter("dt")}
    assert labels["Preferred"] == "Netorare, 寝取られ (ja), netorare (ja-Latn)"
    misreadings = tree.xpath("//h3[span[@id='Misreading']]/following-sibling::ul[1]/li")
    assert len(misreadings) == 5 and words(misreadings[0].text_content()).startswith(
        "Not every anime or manga with relationship conflict is netorare")
    assert words(tree.xpath("//p")[0].text_content()).endswith("It is a narrative device of fiction, not a real-life concept.")


def test_the_hierarchy_page_lists_every_concept(bundled_wiki, bundled):
    pages, rendered = bundled_wiki[1:3]
    tree = lxml_html.fromstring(f"<div>{rendered['Hierarchy']}</div>")
    listed = {a.get("title") for a in tree.xpath("//li/a")}
    concepts = {t for t, text in pages.items() if text.startswith("{{Concept")}
    assert listed == concepts and len(concepts) == 40
    assert [words(li.text_content()) for li in tree.xpath("//li[a[@title='Netorare']]")] == \
        ["Netorare (see above)", "Netorare"]


def test_the_import_stored_each_page_as_exported(bundled_wiki):
    wiki, pages = bundled_wiki[:2]
    assert wiki.php("getText.php", "Netorare").rstrip("\n") == pages["Netorare"].rstrip("\n")


def test_hostile_text_shows_as_itself_never_as_markup(hostile_wiki):
    _, pages, rendered, known_iris = hostile_wiki
    for title, page in rendered.items():
        check_page(title, page, set(pages), known_iris)
    for n, text in enumerate(HOSTILE):
        tree = lxml_html.fromstring(f"<div>{rendered[f'Hostile {n}']}</div>")
        expected = words(shown(text))
        assert words(tree.xpath("//table//tr[3]/td[2]")[0].text_content()) == expected, text  # infobox "Also"
        assert words(tree.xpath("//table/following-sibling::p[1]")[0].text_content()) == expected, text
        notes = tree.xpath("//h3[span[@id='Scope_note']]/following-sibling::ul[1]/li")
        assert [words(li.text_content()) for li in notes] == [expected], text
    sample = lxml_html.fromstring(f"<div>{rendered['A b bold /b & link tpl pipe']}</div>")
    assert words(sample.xpath("//th")[0].text_content()) == "A <b>bold</b> & [[link]] {{tpl}} | pipe"


def test_a_page_saved_again_keeps_its_text(hostile_wiki):
    wiki, pages = hostile_wiki[:2]
    for n in (0, 1, 4):  # links, templates, signatures (~~~~ becomes a signature when a page is saved)
        title = f"Hostile {n}"
        wiki.php("edit.php", "--user", "Admin", "--summary", "saved again", title, stdin=pages[title])
        assert wiki.php("getText.php", title).rstrip("\n") == pages[title].rstrip("\n"), HOSTILE[n]


TOKENS = ["[[", "]]", "{{", "}}", "{{{", "}}}", "|", "||", "!!", "<b>", "</b>", "<!--", "-->", "<nowiki>", "&amp;",
          "&#91;", "&", "=", "==", "-", "----", "'", "''", "'''", "#", "*", ":", ";", "~~~", "~~~~", "__", "__TOC__",
          "http://x.y", "https://a.b/c", "mailto:a@b", "urn:x", "//x.y", "[http://e.f g]", " ", "  ", "\t", "\n", "{|",
          "|}", "|-", "-{", "}-", "ISBN 123", "a", "é", "\u3000", "<", ">", "\\", "\x01"]


def test_random_markup_shows_as_itself_in_list_items_and_paragraphs(hostile_wiki):
    """wikitext() on 600 strings of markup tokens (seeded), as list items and as paragraphs, in one parse.php run."""
    wiki = hostile_wiki[0]
    rnd = random.Random(22)
    corpus = ["".join(rnd.choice(TOKENS) for _ in range(rnd.randint(1, 8))) for _ in range(400)]
    items = "".join(f"* {wikitext(t)}\n" for t in corpus)
    paragraphs = "".join(f"{wikitext(t)}\n\nMARK{n}MARK\n\n" for n, t in enumerate(corpus[:200]))
    page = wiki.render("Random markup", items + "\n" + paragraphs)
    tree = lxml_html.fromstring(f"<div>{page}</div>")
    assert {e.tag for e in tree.iter()} <= {"div", "ul", "li", "p", "br"}
    assert [words(li.text_content()) for li in tree.xpath("//ul/li")] == [words(shown(t)) for t in corpus]
    shown_paragraphs = re.split(r"MARK\d+MARK", "".join(p.text_content() for p in tree.xpath("//p")))
    assert [words(p) for p in shown_paragraphs[:200]] == [words(shown(t)) for t in corpus[:200]]
