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
from tropekg.export.wiki import md_text, wiki_text

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


def test_mediawiki_pages_template_and_categories(bundled):
    found = pages(render(bundled, "mediawiki"))
    assert "Template:Concept" in found and "{{{label}}}" in found["Template:Concept"]
    ntr = found["Netorare"]
    assert ntr.startswith("{{Concept\n") and "[[Category:Tropes]]" in ntr and "[[Category:Partner lost]]" in ntr
    assert "[[Infidelity|Infidelity]]" in param(ntr, "broader")
    assert "Category:Partner lost" in found


def test_mediawiki_escapes_markup_in_labels():
    found = pages(render(sample(), "mediawiki"))
    title = next(t for t in found if t.startswith("A b"))
    value = param(found[title], "label")
    assert html.unescape(value) == "A <b>bold</b> & [[link]] {{tpl}} | pipe"
    assert not any(ch in value for ch in "<>[]{}|'=")
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
    assert "\n# Netorare\n" in page and "[Infidelity](infidelity.md)" in page


def test_markdown_hierarchy_shows_cycles_and_second_parents_once():
    text = render(sample(), "markdown")["hierarchy.md"].decode()
    assert text.count("[B](concepts/b.md)") == 2 and "[B](concepts/b.md) (see above)" in text
    assert text.count("[C](concepts/c.md)") == 2  # once in full, once where the cycle closes


@pytest.mark.parametrize("text", ["A <b>x</b>", "[[x]]", "# h", "*a* _b_", "`c`", "  lead", "a\nb", "1. x"])
def test_md_text_renders_as_the_same_text(text):
    from markdown_it import MarkdownIt

    rendered = MarkdownIt().renderInline(md_text(text))
    assert "<" not in rendered.replace("&lt;", "")
    assert html.unescape(rendered) == text


def test_wiki_text_keeps_markup_characters_as_references():
    assert wiki_text("[[a|b]] {{c}} '''d''' <e>") == \
        "&#91;&#91;a&#124;b&#93;&#93; &#123;&#123;c&#125;&#125; &#39;&#39;&#39;d&#39;&#39;&#39; &#60;e&#62;"


def test_golden_markdown_and_mediawiki(update_golden):
    for name, data in sorted(render(sample(), "markdown").items()):
        check_golden(f"markdown/{name}", data, update_golden)
    if not update_golden:
        assert sorted(p.relative_to(GOLDEN / "markdown").as_posix() for p in (GOLDEN / "markdown").rglob("*.md")) \
            == sorted(render(sample(), "markdown"))
    check_golden("sample.mediawiki.xml", render(sample(), "mediawiki"), update_golden)
