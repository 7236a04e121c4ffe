"""Wiki exports: Markdown pages whose links all resolve; a MediaWiki import file valid against MediaWiki's XSD."""

from __future__ import annotations

import gzip
import html
import os
import re
import subprocess
from pathlib import Path
from urllib.parse import unquote

import pytest
from lxml import etree

from tropekg.export import export_to, render
from tropekg.output.sinks import markdown_text, wikitext

from .conftest import need
from .exporting import GOLDEN, check_golden, sample

MW = "{http://www.mediawiki.org/xml/export-0.11/}"
# The W3C schema for the xml: attributes, reduced to what export-0.11.xsd uses (xml:lang, xml:space), so that
# validation needs no network (the XSD imports http://www.w3.org/2001/xml.xsd).
XML_XSD = """<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="http://www.w3.org/XML/1998/namespace">
  <xs:attribute name="lang" type="xs:language"/>
  <xs:attribute name="space"><xs:simpleType><xs:restriction base="xs:NCName">
    <xs:enumeration value="default"/><xs:enumeration value="preserve"/></xs:restriction></xs:simpleType>
  </xs:attribute>
</xs:schema>
"""


@pytest.fixture(scope="session")
def mediawiki_schema(tmp_path_factory) -> etree.XMLSchema:
    """export-0.11.xsd as Debian's mediawiki package ships it: `apt-get download` (37 MB, about 2 s) and only
    the XSD extracted, instead of installing MediaWiki with PHP and a web stack into CI."""
    folder = tmp_path_factory.mktemp("mediawiki")
    found = os.environ.get("TROPEKG_MEDIAWIKI_XSD")
    if not found:
        apt, dpkg = need("apt-get"), need("dpkg-deb")
        got = subprocess.run([apt, "download", "mediawiki"], cwd=folder, capture_output=True, text=True)
        debs = list(folder.glob("mediawiki_*.deb"))
        if got.returncode or not debs:
            if os.environ.get("CI"):
                pytest.fail(f"apt-get download mediawiki failed: {got.stderr.strip()}")
            pytest.skip("the mediawiki package cannot be downloaded here")
        tar = subprocess.run([dpkg, "--fsys-tarfile", str(debs[0])], capture_output=True, check=True).stdout
        member = "./usr/share/doc/mediawiki/docs/export-0.11.xsd.gz"
        subprocess.run(["tar", "-x", "-C", str(folder), member], input=tar, check=True)
        found = str(folder / member)
    raw = Path(found).read_bytes()
    text = (gzip.decompress(raw) if found.endswith(".gz") else raw).decode("utf-8")
    (folder / "xml.xsd").write_text(XML_XSD)
    text = text.replace("http://www.w3.org/2001/xml.xsd", (folder / "xml.xsd").as_uri())
    return etree.XMLSchema(etree.fromstring(text.encode("utf-8"), base_url=str(folder) + "/"))


def test_mediawiki_validates_against_the_export_schema(bundled, mediawiki_schema):
    for vocab in (bundled, sample()):
        doc = etree.fromstring(render(vocab, "mediawiki"))
        assert mediawiki_schema.validate(doc), mediawiki_schema.error_log.last_error


def pages(data: bytes) -> dict[str, str]:
    doc = etree.fromstring(data)
    return {p.findtext(f"{MW}title"): p.findtext(f"{MW}revision/{MW}text") for p in doc.iter(f"{MW}page")}


def param(text: str, name: str) -> str:
    return re.search(rf"^\| {name} = (.*)$", text, re.M).group(1)


def test_mediawiki_pages_template_sections_and_categories(bundled):
    found = pages(render(bundled, "mediawiki"))
    assert "Template:Concept" in found and "{{{label}}}" in found["Template:Concept"]
    ntr = found["Netorare"]
    assert ntr.startswith("{{Concept\n") and "[[Category:Tropes]]" in ntr and "[[Category:Partner lost]]" in ntr
    assert param(ntr, "perspective") == "[[Partner lost]]" and param(ntr, "flags") == "Adult content, No spoiler"
    assert "\n== Labels ==\n; Preferred\n: Netorare, 寝取られ (ja), netorare (ja-Latn)\n; Alternative\n: NTR\n" in ntr
    assert "\n=== Misreading ===\n* Not every anime or manga with relationship conflict is netorare: " in ntr
    assert "\n; Broader\n: [[Infidelity]], [[NTR family]]\n" in ntr
    assert "\n; skos&#58;exactMatch\n: https://anilist.co/tag/124, https://vndb.org/g513\n" in ntr
    assert "jealousy, loss and sense of betrayal" in ntr and "not a real-life concept." in ntr  # prose as written
    assert "Category:Partner lost" in found


def test_mediawiki_escapes_markup_in_labels():
    found = pages(render(sample(), "mediawiki"))
    title = next(t for t in found if t.startswith("A b"))
    value = param(found[title], "label")
    assert html.unescape(value) == "A <b>bold</b> & [[link]] {{tpl}} | pipe"
    assert not any(ch in value for ch in "<[]{}|")
    assert not any(ch in title for ch in "<>[]{}|#")


def test_markdown_links_all_resolve(bundled, tmp_path):
    from markdown_it import MarkdownIt

    out = tmp_path / "md"
    export_to(bundled, "markdown", out)
    md = MarkdownIt()
    checked = 0
    for page in out.rglob("*.md"):
        for token in md.parse(page.read_text(encoding="utf-8")):
            for child in token.children or []:
                href = child.attrGet("href") if child.type == "link_open" else None
                if href and "://" not in href:
                    assert (page.parent / unquote(href)).resolve().is_file(), f"{page.name}: {href}"
                    checked += 1
    assert checked > 100
    assert (out / "index.md").is_file() and (out / "hierarchy.md").is_file()
    assert len(list((out / "concepts").glob("*.md"))) == 40


def test_markdown_front_matter_and_page(bundled):
    page = render(bundled, "markdown")["concepts/netorare.md"].decode()
    assert page.startswith('---\niri: "https://w3id.org/tropekg/id/netorare"\ntitle: "Netorare"\naliases: ["NTR"]\n')
    assert "\n# Netorare\n\n**Adult content** · **No spoiler**\n" in page
    assert "\n## Labels\n\n- **Preferred:** Netorare, 寝取られ (ja), netorare (ja-Latn)\n- **Alternative:** NTR\n" in page
    assert "\n### Misreading\n\n- Not every anime or manga with relationship conflict is netorare: " in page
    assert "\n- **Broader:** [Infidelity](infidelity.md), [NTR family](ntr-family.md)\n" in page
    assert "jealousy, loss and sense of betrayal" in page and "not a real-life concept." in page  # prose as written
    headings = [line for line in page.splitlines() if line.startswith("#")]
    assert headings[:4] == ["# Netorare", "## Labels", "## Notes", "### Scope note"]
    assert headings[-4:] == ["## Facets", "## Relations", "## Mappings", "## Data"]


def test_markdown_hierarchy_shows_cycles_and_second_parents_once():
    text = render(sample(), "markdown")["hierarchy.md"].decode()
    assert text.count("[B](concepts/b.md)") == 2 and "[B](concepts/b.md) (see above)" in text
    assert text.count("[C](concepts/c.md)") == 2  # once in full, once where the cycle closes


MARKDOWN = ["A <b>x</b>", "[[x]]", "# h", "#tag", "*a* _b_", "`c`", "  lead", "a\nb", "1. x", "2) y", "- item",
            "+ item", "> quote", "---", "===", "| a | b |", "~~s~~", "$x$", "==mark==", "%%c%%", "{{t}}", "&amp;",
            "&#91;", "\\*", "https://evil.example www.evil.example", "<https://evil.example>", "[a](javascript:x)",
            "![i](x.png)", "a\\", "trailing "]


def inner(rendered: str) -> str:
    return rendered.removeprefix("<p>").removesuffix("\n").removesuffix("</p>")


@pytest.mark.parametrize("text", MARKDOWN)
def test_markdown_text_renders_as_the_same_text(text):
    from markdown_it import MarkdownIt

    for rendered in (MarkdownIt().renderInline(markdown_text(text)), inner(MarkdownIt().render(markdown_text(text)))):
        assert "<" not in rendered.replace("&lt;", "")
        assert html.unescape(rendered) == text


@pytest.mark.parametrize("text", MARKDOWN)
def test_markdown_text_is_text_in_github_markdown(text):
    import cmarkgfm
    from cmarkgfm.cmark import Options

    rendered = inner(cmarkgfm.github_flavored_markdown_to_html(markdown_text(text), options=Options.CMARK_OPT_UNSAFE))
    assert "<" not in rendered.replace("&lt;", "")
    assert html.unescape(rendered) == text


def test_escaping_leaves_prose_as_it_is():
    prose = "The jealousy, loss and real-life betrayal (a 3:2 split); she's 18+ & it's 50% done: x = y!"
    assert markdown_text(prose) == prose
    assert wikitext(prose) == prose


def test_wikitext_keeps_markup_characters_as_references():
    assert wikitext("[[a|b]] {{c}} '''d''' <e> ~~~~ __TOC__ &amp; https://x") == \
        ("&#91;&#91;a&#124;b&#93;&#93; &#123;&#123;c&#125;&#125; &#39;&#39;&#39;d&#39;&#39;&#39; &#60;e> "
         "&#126;&#126;~~ &#95;_TOC&#95;_ &#38;amp; https&#58;//x")
    assert [wikitext(t) for t in ("* a", "# a", ": a", "; a", "= a", "!a", "----", "-a", " a")] == \
        ["&#42; a", "&#35; a", "&#58; a", "&#59; a", "&#61; a", "&#33;a", "&#45;---", "-a", "&#32;a"]


def test_golden_markdown_and_mediawiki(update_golden):
    for name, data in sorted(render(sample(), "markdown").items()):
        check_golden(f"markdown/{name}", data, update_golden)
    if not update_golden:
        assert sorted(p.relative_to(GOLDEN / "markdown").as_posix() for p in (GOLDEN / "markdown").rglob("*.md")) \
            == sorted(render(sample(), "markdown"))
    check_golden("sample.mediawiki.xml", render(sample(), "mediawiki"), update_golden)
