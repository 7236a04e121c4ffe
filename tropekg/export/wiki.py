"""Wiki pages: what a concept's wiki page shows (the site's concept page, as sections), and the Markdown pages.

Both wikis (Markdown here, MediaWiki in export.mediawiki) show what the site's concept page shows: the labels in
every language, every kind of note, facets, relations, mappings and flags, under headings an editor recognises.
Text goes through output.sinks, which escapes only what the markup would read as markup.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from urllib.parse import quote

from ..labels import texts_in
from ..model import FACETS, MAPPINGS, OWN_NOTE_KEYS, note_iri, note_key
from ..output.sinks import markdown_iri, markdown_text, yaml_string
from ..tree import CLOSE, OPEN, tree, walk
from ..vocabulary import Vocabulary
from .files import iri_stem, unique_stems
from .options import Options
from .records import Record, labeller, records
from .website.concept import RELATIONS, flag_words, note_name

MAX_DEPTH = 32  # deeper levels of the hierarchy page are listed at this depth, so a long chain stays linear
LABEL_KINDS = (("prefLabel", "Preferred"), ("altLabel", "Alternative"))  # as the site's page: hidden ones hidden
_OWN_NOTES = (("scopeNote", "Scope note"), ("example", "Example"))  # then the other kinds, by property IRI
_OWN_NOTES_KEYS = frozenset(OWN_NOTE_KEYS.values())
Texts = list[tuple[str, str]]  # (text, language tag) in page order


@dataclass
class Shown:
    """What a concept's wiki page shows, section by section, in the site page's order."""

    iri: str
    title: str
    aliases: list[str]  # alternative labels in the display language (front matter, infobox)
    definition: list[str]  # in the display language
    labels: list[tuple[str, Texts]] = field(default_factory=list)  # (kind heading, labels in every language)
    notes: list[tuple[str, Texts]] = field(default_factory=list)  # (kind heading, notes in every language)
    facets: list[tuple[str, list[str]]] = field(default_factory=list)  # (facet name, value IRIs)
    relations: list[tuple[str, list[str]]] = field(default_factory=list)  # (heading, concept IRIs)
    mappings: list[tuple[str, list[str]]] = field(default_factory=list)  # (skos:relation, IRIs)
    adult: bool = False
    deprecated: bool = False
    replaced_by: list[str] = field(default_factory=list)
    spoiler: int | None = None
    notation: list[str] = field(default_factory=list)


def _texts(by_lang: dict[str, list[str]], skip: str | None = None) -> Texts:
    return [(t, tag) for tag in sorted(by_lang) if tag != skip for t in by_lang[tag]]


def _shown(rec: Record, lang: str, label, order) -> Shown:
    """What `rec`'s page shows; `order` is the links' sort key (label, then IRI)."""
    defined_in, definition = texts_in(rec.notes.get("definition", {}), lang)
    page = Shown(rec.iri, label(rec.iri), rec.in_lang("altLabel", lang), definition, adult=rec.adult,
                 deprecated=rec.deprecated, replaced_by=rec.links.get("replacedBy", []), spoiler=rec.spoiler,
                 notation=rec.notation)
    for kind, heading in LABEL_KINDS:
        found = _texts({t: sorted(v) for t, v in rec.labels.get(kind, {}).items()})
        if found:
            page.labels.append((heading, found))
    others = sorted(note_iri(k) for k in rec.notes if k not in _OWN_NOTES_KEYS)
    groups = [("Definition", _texts(rec.notes.get("definition", {}), defined_in if definition else None)),
              *((heading, _texts(rec.notes.get(key, {}))) for key, heading in _OWN_NOTES),
              *((note_name(prop), _texts(rec.texts(note_key(prop)))) for prop in others)]
    page.notes = [(heading, texts) for heading, texts in groups if texts]
    page.facets = [(name.capitalize(), rec.facets[name]) for name in FACETS if rec.facets.get(name)]
    page.relations = [(heading, sorted(ids, key=order))
                      for heading, key in RELATIONS if (ids := rec.linked(key))]
    page.mappings = [(f"skos:{rel}", rec.mappings[rel]) for rel in MAPPINGS if rec.mappings.get(rel)]
    return page


def pages(vocab: Vocabulary, options: Options) -> tuple[list[Record], list[Shown], object]:
    """The records to export, what each page shows, and the labeller (IRI -> display label)."""
    label = labeller(vocab, options.lang)
    recs = records(vocab, options)
    keys: dict[str, tuple[str, str]] = {}  # worked out once per IRI: a concept is linked from many pages

    def order(iri: str) -> tuple[str, str]:
        found = keys.get(iri)
        if found is None:
            found = keys[iri] = (label(iri).casefold(), iri)
        return found

    return recs, [_shown(r, options.lang, label, order) for r in recs], label


def flags(page: Shown) -> list[str]:
    """The flags the site's page shows under its title, in its words (a deprecated concept's replacement apart)."""
    return flag_words(page.deprecated, page.adult, page.spoiler)


def tagged(text: str, tag: str, lang: str, escape) -> str:
    """A text with its language tag after it, unless it is in the display language (or untagged)."""
    return escape(text) if tag in ("", lang) else f"{escape(text)} ({_tag(tag, escape)})"


@cache
def _tag(tag: str, escape) -> str:
    """An escaped language tag: a vocabulary has few, on every page."""
    return escape(tag)


def _md_link(target: str, label, stems: dict[str, str], prefix: str = "", cache: dict | None = None) -> str:
    """A relative link to the page of `target`, or its label and IRI when it has no page (made once per target)."""
    found = cache.get(target) if cache is not None else None
    if found is None:
        if target in stems:
            found = f"[{markdown_text(label(target))}]({prefix}{stems[target]}.md)"
        else:
            found = f"{markdown_text(label(target))} ({markdown_iri(target)})" if "://" in target \
                else markdown_text(target)
        if cache is not None:
            cache[target] = found
    return found


def _md_section(heading: str, rows: list[str]) -> str:
    return f"## {heading}\n\n" + "".join(rows) + "\n" if rows else ""


def _md_page(page: Shown, options: Options, label, stems: dict[str, str], cache: dict) -> str:
    def links(iris: list[str]) -> str:
        return ", ".join(_md_link(t, label, stems, "", cache) for t in iris)

    out = [f"---\niri: {yaml_string(page.iri)}\ntitle: {yaml_string(page.title)}\naliases: "
           f"{yaml_string(page.aliases)}\ndeprecated: {'true' if page.deprecated else 'false'}\n---\n\n"
           f"# {markdown_text(page.title)}\n\n"]
    shown_flags = [f"**{f}**" for f in flags(page)]
    if page.deprecated and page.replaced_by:
        shown_flags[0] += f", use {links(page.replaced_by)} instead"
    if shown_flags:
        out.append(" · ".join(shown_flags) + "\n\n")
    out += [markdown_text(t) + "\n\n" for t in page.definition]
    out.append(_md_section("Labels", [f"- **{heading}:** " + ", ".join(tagged(t, tag, options.lang, markdown_text)
                                                                      for t, tag in texts) + "\n"
                                      for heading, texts in page.labels]))
    if page.notes:
        out.append("## Notes\n\n")
        for heading, texts in page.notes:
            out.append(f"### {heading}\n\n" + "".join(f"- {tagged(t, tag, options.lang, markdown_text)}\n"
                                                    for t, tag in texts) + "\n")
    out.append(_md_section("Facets", [f"- **{name}:** {links(ids)}\n" for name, ids in page.facets]))
    out.append(_md_section("Relations", [f"- **{name}:** {links(ids)}\n" for name, ids in page.relations]))
    out.append(_md_section("Mappings", [f"- **{rel}:** {', '.join(map(markdown_iri, ids))}\n"
                                        for rel, ids in page.mappings]))
    data = [f"- **IRI:** {markdown_iri(page.iri)}\n"]
    data += [f"- **Notation:** {markdown_text(n)}\n" for n in page.notation]
    out.append(_md_section("Data", data))
    out.append("[Index](../index.md) · [Hierarchy](../hierarchy.md)\n")
    return "".join(out)


def hierarchy(recs: list[Record], label) -> Iterator[tuple[str, str, int]]:
    """The one tree's walk (tropekg.tree) in label order, without its CLOSE steps: (step, IRI, depth)."""
    return ((step, iri, depth) for step, iri, depth in walk(tree(recs, lambda iri: (label(iri).casefold(), iri)))
            if step != CLOSE)


def _hierarchy_lines(recs: list[Record], label, stems: dict[str, str], cache: dict) -> list[str]:
    out = []
    for step, iri, depth in hierarchy(recs, label):
        pad = "  " * min(depth, MAX_DEPTH)
        link = _md_link(iri, label, stems, "concepts/", cache)
        out.append(f"{pad}- {link}\n" if step == OPEN else f"{pad}- {link} (see above)\n")
    return out


def markdown(vocab: Vocabulary, options: Options) -> dict[str, bytes]:
    """index.md, hierarchy.md and concepts/NAME.md, one per concept, with YAML front matter and relative links."""
    recs, shown, label = pages(vocab, options)
    names = unique_stems({r.iri: iri_stem(r.iri) for r in recs})
    stems = {iri: quote(name) for iri, name in names.items()}  # as they appear in links (RFC 3986 path)
    top: dict[str, str] = {}  # links from index.md and hierarchy.md, made once
    cache: dict[str, str] = {}
    files = {f"concepts/{names[p.iri]}.md": _md_page(p, options, label, stems, cache).encode("utf-8")
             for p in shown}
    ordered = sorted(recs, key=lambda r: (label(r.iri).casefold(), r.iri))
    index = ["# Index\n\n", "[Hierarchy](hierarchy.md)\n\n",
             *(f"- {_md_link(r.iri, label, stems, 'concepts/', top)}\n" for r in ordered)]
    files["index.md"] = "".join(index).encode("utf-8")
    files["hierarchy.md"] = "".join(["# Hierarchy\n\n", "[Index](index.md)\n\n",
                                     *_hierarchy_lines(recs, label, stems, top)]).encode("utf-8")
    return files
