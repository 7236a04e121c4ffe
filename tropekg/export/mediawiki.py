"""MediaWiki XML import file (export schema 0.11): an infobox template, a category per scheme and facet value, and
a page per concept with the sections of export.wiki (Labels, Notes, Facets, Relations, Mappings)."""

from __future__ import annotations

import hashlib
import re
from itertools import chain

from ..model import FACETS
from ..output.sinks import NOT_SHOWN, wiki_iri, wikitext
from ..tree import OPEN
from ..vocabulary import Vocabulary
from .options import Options
from .records import Record
from .wiki import MAX_DEPTH, Shown, Tagged, flags, hierarchy, pages

_TITLE_BAD = re.compile(r"[#<>\[\]|{}_%:~\x00-\x1f\x7f\ufffd]+")  # MediaWiki $wgLegalTitleChars, plus ":" and "%"
TIMESTAMP = "2001-01-15T00:00:00Z"  # fixed: every export of the same data is byte-identical


def clean_title(text: str) -> str:
    """A valid MediaWiki page title from any label: no characters titles forbid, no namespace prefix, first
    letter capitalised ($wgCapitalLinks), at most 200 bytes (titles allow 255)."""
    title = " ".join(_TITLE_BAD.sub(" ", NOT_SHOWN.sub(" ", text)).split()).strip(" ./") or "Concept"
    while len(title) > 50 and len(title.encode("utf-8")) > 200:  # 50 characters are at most 200 bytes
        title = title[:-1].rstrip(" ./")
    return title[:1].upper() + title[1:]


def _titles(recs: list[Record], label) -> dict[str, str]:
    wanted = {rec.iri: clean_title(label(rec.iri)) for rec in recs}
    counts: dict[str, int] = {}
    for title in wanted.values():
        counts[title] = counts.get(title, 0) + 1
    return {iri: f"{t} ({hashlib.sha1(iri.encode()).hexdigest()[:8]})" if counts[t] > 1 or t in ("Concept",) else t
            for iri, t in wanted.items()}


class _Links(dict):
    """Wikitext links to concept pages and category pages, {target IRI: link} made on first use (a target is
    linked from many pages); what has neither page is its label and IRI, so no link is red."""

    def __init__(self, label, titles: dict[str, str], categories: dict[str, str]) -> None:
        super().__init__()
        self.label, self.titles, self.categories = label, titles, categories
        self.in_category: dict[str, str] = {}

    def __missing__(self, target: str) -> str:
        text = self.label(target)
        if target in self.titles:
            title = self.titles[target]
            found = f"[[{wikitext(title)}]]" if text == title else f"[[{wikitext(title)}|{wikitext(text)}]]"
        elif target in self.categories:
            found = f"[[:Category:{wikitext(self.categories[target])}|{wikitext(text)}]]"
        else:
            found = f"{wikitext(text)} ({wiki_iri(target)})" if "://" in target else wikitext(target)
        self[target] = found
        return found

    def category(self, name: str) -> str:
        """The line that puts a page in the category `name` (made once per category)."""
        found = self.in_category.get(name)
        if found is None:
            found = self.in_category[name] = f"[[Category:{wikitext(name)}]]\n"
        return found

    def join(self, iris: list[str]) -> str:
        return ", ".join(map(self.__getitem__, iris))


def _dl(heading: str, rows: list[tuple[str, str]]) -> str:
    """A section as a definition list (the site's <dl>): ; name, then : value."""
    # A colon ends the term of a ";" line (skos:exactMatch), so the term keeps it as a reference.
    return f"== {heading} ==\n" + "".join(f"; {name.replace(':', '&#58;')}\n: {value}\n" for name, value in rows) \
        + "\n" if rows else ""


# Template:Concept's call, its parameters in this order (str.format: made once, filled per page).
_INFOBOX = "{{{{Concept\n" + "".join(f"| {k} = {{}}\n" for k in ("iri", "label", "altLabels", *FACETS, "notation",
                                                                 "flags")) + "}}}}\n"


def _wiki_page(page: Shown, esc: Tagged, links: _Links, categories: list[str]) -> str:
    facets = {name.lower(): links.join(ids) for name, ids in page.facets}
    out = [_INFOBOX.format(wiki_iri(page.iri), esc.text(page.title), ", ".join(map(esc.text, page.aliases)),
                           *[facets.get(k, "") for k in FACETS], ", ".join(map(esc.text, page.notation)),
                           ", ".join(flags(page)))]
    out += [esc.text(t) + "\n\n" for t in page.definition]
    if page.deprecated and page.replaced_by:
        out.append(f"Deprecated: use {links.join(page.replaced_by)} instead.\n\n")
    out.append(_dl("Labels", [(h, ", ".join([esc(t, tag) for t, tag in texts])) for h, texts in page.labels]))
    if page.notes:
        out.append("== Notes ==\n")
        for heading, texts in page.notes:
            out.append(f"=== {heading} ===\n" + "".join([f"* {esc(t, tag)}\n" for t, tag in texts]))
        out.append("\n")
    out.append(_dl("Relations", [(name, links.join(ids)) for name, ids in page.relations]))
    out.append(_dl("Mappings", [(rel, ", ".join(map(wiki_iri, ids))) for rel, ids in page.mappings]))
    out += [links.category(c) for c in categories]
    return "".join(out).rstrip("\n") + "\n"  # a blank line at the end would render as an empty paragraph


def _hierarchy(recs: list[Record], label, links: _Links) -> str:
    """The hierarchy page: the one tree as nested lists, a concept in full where it sits, elsewhere "(see above)"."""
    lines = [f"{'*' * (min(depth, MAX_DEPTH) + 1)} {links[iri]}{'' if step == OPEN else ' (see above)'}\n"
             for step, iri, depth in hierarchy(recs, label)]
    return "Every concept under its broader concepts.\n\n" + "".join(lines)


_BASE36 = [f"{a}{b}" for a in "0123456789abcdefghijklmnopqrstuvwxyz" for b in "0123456789abcdefghijklmnopqrstuvwxyz"]


def _sha1_base36(data: bytes) -> str:
    """The revision sha1 as MediaWiki writes it: SHA-1 of the UTF-8 text in base 36, 31 digits
    (Wikimedia\\base_convert)."""
    n, pairs = int.from_bytes(hashlib.sha1(data).digest(), "big"), []
    while n:
        n, d = divmod(n, 1296)  # two base-36 digits at a time
        pairs.append(_BASE36[d])
    pairs.reverse()
    return "".join(pairs).lstrip("0").rjust(31, "0")


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _page(number: int, title: str, ns: int, text: str) -> str:
    data = text.encode("utf-8")
    return (f"  <page>\n    <title>{_xml(title)}</title>\n    <ns>{ns}</ns>\n    <id>{number}</id>\n"
            f"    <revision>\n      <id>{number}</id>\n      <timestamp>{TIMESTAMP}</timestamp>\n"
            "      <contributor>\n        <username>tropekg</username>\n      </contributor>\n"
            f"      <origin>{number}</origin>\n      <model>wikitext</model>\n      <format>text/x-wiki</format>\n"
            f'      <text bytes="{len(data)}" xml:space="preserve">{_xml(text)}</text>\n'
            f"      <sha1>{_sha1_base36(data)}</sha1>\n    </revision>\n  </page>\n")


def mediawiki(vocab: Vocabulary, options: Options) -> bytes:
    """A MediaWiki XML import file (export schema 0.11): Template:Concept, a category page per scheme and facet
    value, and a page per concept; import with `php maintenance/importDump.php FILE`."""
    recs, shown, label = pages(vocab, options)
    titles = _titles(recs, label)
    member = {r.iri: [*(("schemes", s) for s in r.schemes),
                      *((key, s) for key in FACETS for s in r.facets.get(key, ()))] for r in recs}
    category = {s: clean_title(label(s)) for s in {s for found in member.values() for _, s in found}}
    front = [(10, "Template:Concept", TEMPLATE)]
    for key, cat in sorted({(key, category[s]) for found in member.values() for key, s in found}):
        what = "in the concept scheme" if key == "schemes" else f"with the {key}"
        front.append((14, f"Category:{cat}", f"Concepts {what} {wikitext(cat)}."))
    links, esc = _Links(label, titles, category), Tagged(wikitext, options.lang)
    concepts = ((0, titles[p.iri], _wiki_page(p, esc, links, [category[s] for _, s in member[p.iri]]))
                for p in shown)
    top = "Hierarchy" if "Hierarchy" not in titles.values() else "Hierarchy (tropekg)"
    head = ('<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" version="0.11" '
            f'xml:lang="{_xml(options.lang)}">\n  <siteinfo>\n    <sitename>tropekg</sitename>\n'
            "    <generator>tropekg</generator>\n    <case>first-letter</case>\n  </siteinfo>\n")
    # Each page encoded as it is made, so neither its wikitext nor its XML outlives it (one copy of the whole).
    out = [head.encode("utf-8")]
    out += [_page(n, title, ns, text).encode("utf-8")
            for n, (ns, title, text) in enumerate(chain(front, concepts), 1)]
    out.append(_page(len(out), top, 0, _hierarchy(recs, label, links)).encode("utf-8"))
    out.append(b"</mediawiki>\n")
    return b"".join(out)


TEMPLATE = """<includeonly>{| class="wikitable" style="float:right"
! colspan="2" | {{{label}}}
|-
| IRI || {{{iri}}}
|-
| Also || {{{altLabels|}}}
|-
| Perspective || {{{perspective|}}}
|-
| Consent || {{{consent|}}}
|-
| Audience || {{{audience|}}}
|-
| Notation || {{{notation|}}}
|-
| Flags || {{{flags|}}}
|}</includeonly><noinclude>The infobox of a tropekg concept page; parameters: iri, label, altLabels, perspective,
consent, audience, notation, flags. The page's sections hold its labels in every language, notes, relations and
mappings.</noinclude>"""
