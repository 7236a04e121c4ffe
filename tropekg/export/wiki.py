"""Wiki exports: Markdown pages (GitHub, MkDocs, Obsidian) and a MediaWiki XML import file.

Text from the data never becomes markup: Markdown gets every ASCII punctuation character backslash-escaped
(CommonMark 0.31, section 2.4) and line breaks as character references; wikitext gets ASCII punctuation as
numeric character references, which MediaWiki shows as the character and never parses as markup.
"""

from __future__ import annotations

import hashlib
import re
from json.encoder import encode_basestring  # type: ignore[attr-defined]
from urllib.parse import quote

from ..model import FACETS, MAPPINGS
from ..output.sinks import CONTROLS, NOT_SHOWN, shown
from ..tree import CLOSE, OPEN, tree, walk
from ..vocabulary import Vocabulary
from .files import unique_stems
from .options import Options
from .records import Record, labeller, records

_MAX_DEPTH = 32  # deeper levels of the hierarchy page are listed at this depth, so a long chain stays linear
_SECTIONS = (("Alternative labels", None), ("Broader", "broader"), ("Narrower", "narrower"),
             ("Related", "related"), *((f.title(), f) for f in FACETS), ("Media", "media"), ("Themes", "themes"),
             ("Replaced by", "replacedBy"), ("Schemes", "schemes"))


def _refs(part: str) -> str:
    return "".join(f"&#{ord(ch)};" for ch in part)


# One str.translate per text: re.sub with a template is many times slower over millions of texts.
_MD_TABLE = str.maketrans({**{ord(c): "\\" + c for c in "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"}, **CONTROLS,
                           ord("\r"): "&#13;", ord("\n"): "&#10;", ord("\t"): "&#9;"})


def md_text(text: str) -> str:
    """Inline Markdown that renders as exactly `text`: ASCII punctuation backslash-escaped, line breaks and tabs
    as character references, what a page cannot show as U+FFFD."""
    escaped = (shown(text) if text and max(text) >= "\ufdd0" else text).translate(_MD_TABLE)
    # Headings and link text drop leading and trailing whitespace (CommonMark 4.2; some renderers strip any
    # Unicode space): keep it as character references.
    if escaped[:1].isspace() or escaped[-1:].isspace():
        lead = len(escaped) - len(escaped.lstrip())
        trail = len(escaped) - len(escaped.rstrip()) if escaped.strip() else 0
        end = len(escaped) - trail
        escaped = _refs(escaped[:lead]) + escaped[lead:end] + _refs(escaped[end:])
    return escaped


def _yaml(value: str | list[str]) -> str:
    """A JSON string or list of strings: YAML 1.2 flow scalars and sequences (controls escaped as JSON does)."""
    if isinstance(value, list):
        return "[" + ", ".join(map(_yaml, value)) + "]"
    return encode_basestring(value).translate(_YAML_TABLE)


# YAML 1.2 (5.1) allows neither DEL, C1 controls (but NEL), U+FFFE and U+FFFF raw; line separators confuse editors.
_YAML_TABLE = str.maketrans({n: f"\\u{n:04x}" for n in (*range(0x7F, 0xA0), 0x2028, 0x2029, 0xFFFE, 0xFFFF)
                             if n != 0x85})


def _md_link(target: str, label, stems: dict[str, str], prefix: str = "", cache: dict | None = None) -> str:
    """A relative link to the page of `target`, or its label and IRI when it has no page (made once per target)."""
    found = cache.get(target) if cache is not None else None
    if found is None:
        if target in stems:
            found = f"[{md_text(label(target))}]({prefix}{stems[target]}.md)"
        else:
            found = f"{md_text(label(target))} (<{target}>)" if "://" in target else md_text(target)
        if cache is not None:
            cache[target] = found
    return found


def _md_page(rec: Record, options: Options, label, stems: dict[str, str], cache: dict) -> str:
    alt = rec.in_lang("altLabel", options.lang)
    title = label(rec.iri)
    out = [f"---\niri: {_yaml(rec.iri)}\ntitle: {_yaml(title)}\naliases: {_yaml(alt)}\n"
           f"deprecated: {'true' if rec.deprecated else 'false'}\n---\n\n# {md_text(title)}\n\n"]
    definition = " ".join(rec.in_lang("definition", options.lang))
    if definition:
        out.append(md_text(definition) + "\n\n")
    for title, key in _SECTIONS:
        targets = rec.linked(key) if key else []
        items = [md_text(a) for a in alt] if key is None else [_md_link(t, label, stems, "", cache) for t in targets]
        if items:
            out.append(f"- **{title}:** {', '.join(items)}\n")
    maps = [f"{rel} <{t}>" for rel in MAPPINGS for t in rec.mappings.get(rel, [])]
    if maps:
        out.append(f"- **Mappings:** {', '.join(maps)}\n")
    out.append(f"- **IRI:** <{rec.iri}>\n\n[Index](../index.md) · [Hierarchy](../hierarchy.md)\n")
    return "".join(out)


def _hierarchy_lines(recs: list[Record], label, stems: dict[str, str], cache: dict) -> list[str]:
    out = []
    for step, iri, depth in walk(tree(recs, lambda iri: (label(iri).casefold(), iri))):
        if step == CLOSE:
            continue
        pad = "  " * min(depth, _MAX_DEPTH)
        link = _md_link(iri, label, stems, "concepts/", cache)
        out.append(f"{pad}- {link}\n" if step == OPEN else f"{pad}- {link} (see above)\n")
    return out


def markdown(vocab: Vocabulary, options: Options) -> dict[str, bytes]:
    """index.md, hierarchy.md and concepts/NAME.md, one per concept, with YAML front matter and relative links."""
    label = labeller(vocab, options.lang)
    recs = records(vocab, options)
    names = unique_stems({r.iri: r.iri.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1] for r in recs})
    stems = {iri: quote(name) for iri, name in names.items()}  # as they appear in links (RFC 3986 path)
    top: dict[str, str] = {}  # links from index.md and hierarchy.md, made once
    cache: dict[str, str] = {}
    files = {f"concepts/{names[r.iri]}.md": _md_page(r, options, label, stems, cache).encode("utf-8") for r in recs}
    ordered = sorted(recs, key=lambda r: (label(r.iri).casefold(), r.iri))
    index = ["# Index\n\n", "[Hierarchy](hierarchy.md)\n\n",
             *(f"- {_md_link(r.iri, label, stems, 'concepts/', top)}\n" for r in ordered)]
    files["index.md"] = "".join(index).encode("utf-8")
    files["hierarchy.md"] = "".join(["# Hierarchy\n\n", "[Index](index.md)\n\n",
                                     *_hierarchy_lines(recs, label, stems, top)]).encode("utf-8")
    return files


_TITLE_BAD = re.compile(r"[#<>\[\]|{}_%:~\x00-\x1f\x7f\ufffd]+")  # MediaWiki $wgLegalTitleChars, plus ":" and "%"
# Characters wikitext reads as markup anywhere or at a line start (links, templates, tables, lists, bold,
# signatures, magic words, entities, tags), as character references.
_WIKI_SPECIAL = set("&<>[]{}|='*#:;~_!-\x7f")
TIMESTAMP = "2001-01-15T00:00:00Z"  # fixed: every export of the same data is byte-identical


_WIKI_TABLE = str.maketrans({**{ord(c): f"&#{ord(c)};" for c in _WIKI_SPECIAL}, **CONTROLS,
                             **{n: f"&#{n};" for n in (9, 10, 13)}})


def wiki_text(text: str) -> str:
    """Wikitext that MediaWiki shows as exactly `text`: markup characters, line breaks and spaces that wikitext
    would trim or collapse become numeric character references; what a page cannot show becomes U+FFFD."""
    out = (shown(text) if text and max(text) >= "\ufdd0" else text).translate(_WIKI_TABLE)
    if out[:1] == " " or out[-1:] == " " or "  " in out:
        out = re.sub(r"^ | (?= )| $", "&#32;", out)
    return out


def clean_title(text: str) -> str:
    """A valid MediaWiki page title from any label: no characters titles forbid, no namespace prefix, first
    letter capitalised ($wgCapitalLinks), at most 200 bytes (titles allow 255)."""
    title = " ".join(_TITLE_BAD.sub(" ", NOT_SHOWN.sub(" ", text)).split()).strip(" ./") or "Concept"
    while len(title.encode("utf-8")) > 200:
        title = title[:-1].rstrip(" ./")
    return title[:1].upper() + title[1:]


def _titles(recs: list[Record], label) -> dict[str, str]:
    wanted = {rec.iri: clean_title(label(rec.iri)) for rec in recs}
    counts: dict[str, int] = {}
    for title in wanted.values():
        counts[title] = counts.get(title, 0) + 1
    return {iri: f"{t} ({hashlib.sha1(iri.encode()).hexdigest()[:8]})" if counts[t] > 1 or t in ("Concept",) else t
            for iri, t in wanted.items()}


def _wiki_page(rec: Record, options: Options, label, titles: dict[str, str], cache: dict[str, str]) -> str:
    def link(target: str) -> str:
        found = cache.get(target)
        if found is None:
            found = cache[target] = f"[[{titles[target]}|{wiki_text(label(target))}]]" if target in titles \
                else wiki_text(target)
        return found

    def links(key: str) -> str:
        return ", ".join(map(link, rec.linked(key)))

    params = {"iri": wiki_text(rec.iri), "label": wiki_text(label(rec.iri)),
              "altLabels": ", ".join(wiki_text(a) for a in rec.in_lang("altLabel", options.lang)),
              "definition": wiki_text(" ".join(rec.in_lang("definition", options.lang))),
              **{key: links(key) for key in ("broader", "narrower", "related", *FACETS, "media", "themes")},
              "mappings": ", ".join(f"{rel} {wiki_text(t)}" for rel in MAPPINGS for t in rec.mappings.get(rel, [])),
              "adult": "yes" if rec.adult else "no", "deprecated": "yes" if rec.deprecated else "no"}
    body = "{{Concept\n" + "".join(f"| {k} = {v}\n" for k, v in params.items()) + "}}\n"
    cats = [clean_title(label(s)) for key in ("schemes", *FACETS) for s in rec.linked(key)]
    return body + "".join(f"[[Category:{c}]]\n" for c in cats)


_BASE36 = [f"{a}{b}" for a in "0123456789abcdefghijklmnopqrstuvwxyz" for b in "0123456789abcdefghijklmnopqrstuvwxyz"]


def _sha1_base36(text: str) -> str:
    """The revision sha1 as MediaWiki writes it: SHA-1 in base 36, 31 digits (Wikimedia\\base_convert)."""
    n, pairs = int(hashlib.sha1(text.encode("utf-8")).hexdigest(), 16), []
    while n:
        n, d = divmod(n, 1296)  # two base-36 digits at a time
        pairs.append(_BASE36[d])
    return "".join(reversed(pairs)).lstrip("0").rjust(31, "0")


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _page(number: int, title: str, ns: int, text: str) -> str:
    return (f"  <page>\n    <title>{_xml(title)}</title>\n    <ns>{ns}</ns>\n    <id>{number}</id>\n"
            f"    <revision>\n      <id>{number}</id>\n      <timestamp>{TIMESTAMP}</timestamp>\n"
            "      <contributor>\n        <username>tropekg</username>\n      </contributor>\n"
            f"      <origin>{number}</origin>\n      <model>wikitext</model>\n      <format>text/x-wiki</format>\n"
            f'      <text bytes="{len(text.encode("utf-8"))}" xml:space="preserve">{_xml(text)}</text>\n'
            f"      <sha1>{_sha1_base36(text)}</sha1>\n    </revision>\n  </page>\n")


def mediawiki(vocab: Vocabulary, options: Options) -> bytes:
    """A MediaWiki XML import file (export schema 0.11): Template:Concept, a category page per scheme and facet
    value, and a page per concept; import with `php maintenance/importDump.php FILE`."""
    label = labeller(vocab, options.lang)
    recs = records(vocab, options)
    titles = _titles(recs, label)
    pages = [(10, "Template:Concept", TEMPLATE)]
    categories = sorted({(key, clean_title(label(s))) for r in recs for key in ("schemes", *FACETS)
                         for s in r.linked(key)})
    for key, cat in categories:
        what = "in the concept scheme" if key == "schemes" else f"with the {key}"
        pages.append((14, f"Category:{cat}", f"Concepts {what} {wiki_text(cat)}."))
    cache: dict[str, str] = {}
    pages.extend((0, titles[r.iri], _wiki_page(r, options, label, titles, cache)) for r in recs)
    head = ('<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" version="0.11" '
            f'xml:lang="{_xml(options.lang)}">\n  <siteinfo>\n    <sitename>tropekg</sitename>\n'
            "    <generator>tropekg</generator>\n    <case>first-letter</case>\n  </siteinfo>\n")
    body = "".join(_page(n, title, ns, text) for n, (ns, title, text) in enumerate(pages, 1))
    return (head + body + "</mediawiki>\n").encode("utf-8")


TEMPLATE = """<includeonly>{| class="wikitable" style="float:right"
! colspan="2" | {{{label}}}
|-
| IRI || {{{iri}}}
|-
| Also || {{{altLabels|}}}
|-
| Broader || {{{broader|}}}
|-
| Narrower || {{{narrower|}}}
|-
| Related || {{{related|}}}
|-
| Perspective || {{{perspective|}}}
|-
| Consent || {{{consent|}}}
|-
| Audience || {{{audience|}}}
|-
| Media || {{{media|}}}
|-
| Themes || {{{themes|}}}
|-
| Mappings || {{{mappings|}}}
|-
| Adult || {{{adult|}}}
|-
| Deprecated || {{{deprecated|}}}
|}
{{{definition|}}}</includeonly><noinclude>The infobox of a tropekg concept page; parameters: iri, label, altLabels,
definition, broader, narrower, related, perspective, consent, audience, media, themes, mappings, adult,
deprecated.</noinclude>"""
