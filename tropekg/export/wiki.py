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
from ..model import FACETS, MAPPINGS, note_iri, note_key
from ..output.sinks import markdown_iri, markdown_text, yaml_string
from ..tree import CLOSE, OPEN, tree, walk
from ..vocabulary import Vocabulary
from .files import iri_stem, unique_stems
from .headings import LABEL_KINDS, NAMED_NOTES, OWN_NOTES, RELATIONS, flag_words, note_name
from .options import Options
from .records import Record, labeller, records

MAX_DEPTH = 32  # deeper levels of the hierarchy page are listed at this depth, so a long chain stays linear
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


@cache
def _other_note(key: str) -> tuple[str, str, str]:
    """(property IRI, heading, record key) of a note kind besides the definition, scope note and example: the
    pages list them by property IRI (a vocabulary has few kinds, on every page)."""
    prop = note_iri(key)
    return prop, note_name(prop), note_key(prop)


class _Order(dict):
    """IRI -> the links' sort key (label, then IRI), worked out once per IRI: a concept is linked from many pages."""

    def __init__(self, label) -> None:
        super().__init__()
        self.label = label

    def __missing__(self, iri: str) -> tuple[str, str]:
        found = self[iri] = (self.label(iri).casefold(), iri)
        return found


def _shown(rec: Record, lang: str, label, order: _Order) -> Shown:
    """What `rec`'s page shows; `order` is the links' sort key (label, then IRI)."""
    notes, links, by = rec.notes, rec.links, order.__getitem__
    defined_in, definition = texts_in(notes.get("definition", {}), lang)
    labels = [(heading, [(t, tag) for tag in sorted(by_lang) for t in sorted(by_lang[tag])])
              for kind, heading in LABEL_KINDS if (by_lang := rec.labels.get(kind))]
    shown = [("Definition", _texts(notes["definition"], defined_in if definition else None))] \
        if "definition" in notes else []
    shown += [(heading, _texts(notes[key])) for key, heading in NAMED_NOTES if key in notes]
    if len(notes) > len(shown):  # kinds besides the definition and the named notes, headed by property IRI
        others = sorted(_other_note(k) for k in notes if k not in OWN_NOTES)
        shown += [(heading, _texts(rec.texts(key))) for _, heading, key in others]
    facets, mappings = rec.facets, rec.mappings
    # A record's links by kind (the schemes apart); a list of one needs no sort.
    relations = [(heading, ids if len(ids) == 1 else sorted(ids, key=by)) for heading, key in RELATIONS
                 if (ids := (rec.schemes if key == "schemes" else links.get(key)))]
    return Shown(rec.iri, label(rec.iri), rec.in_lang("altLabel", lang), definition, labels=labels,
                 notes=[(heading, texts) for heading, texts in shown if texts],
                 facets=[(name.capitalize(), facets[name]) for name in FACETS if facets.get(name)] if facets else [],
                 relations=relations,
                 mappings=[(f"skos:{rel}", mappings[rel]) for rel in MAPPINGS if mappings.get(rel)] if mappings
                 else [], adult=rec.adult, deprecated=rec.deprecated, replaced_by=links.get("replacedBy", []),
                 spoiler=rec.spoiler, notation=rec.notation)


def pages(vocab: Vocabulary, options: Options) -> tuple[list[Record], Iterator[Shown], object]:
    """The records to export, what each page shows (made as it is read: a page is written and let go before the
    next is made), and the labeller (IRI -> display label)."""
    label = labeller(vocab, options.lang)
    recs = records(vocab, options)
    order = _Order(label)
    return recs, (_shown(r, options.lang, label, order) for r in recs), label


def flags(page: Shown) -> list[str]:
    """The flags the site's page shows under its title, in its words (a deprecated concept's replacement apart)."""
    return flag_words(page.deprecated, page.adult, page.spoiler)


class Tagged:
    """Texts as a page shows them, escaped by `escape` (an output.sinks escape), each with its language tag after
    it unless it is in the display language (or untagged). A text or tag recurs on many pages (a label on every
    page that links it, "de" after every German label): each is escaped once per export."""

    def __init__(self, escape, lang: str) -> None:
        self.escape = escape
        self.texts: dict[str, str] = {}
        self.suffix: dict[str, str] = {"": "", lang: ""}

    def text(self, text: str) -> str:
        """`text` escaped (once)."""
        found = self.texts.get(text)
        if found is None:
            found = self.texts[text] = self.escape(text)
        return found

    def __call__(self, text: str, tag: str) -> str:
        suffix = self.suffix.get(tag)
        if suffix is None:
            suffix = self.suffix[tag] = f" ({self.escape(tag)})"
        found = self.texts.get(text)
        if found is None:
            found = self.texts[text] = self.escape(text)
        return found + suffix


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


def _md_page(page: Shown, label, stems: dict[str, str], cache: dict, esc: Tagged) -> str:
    def links(iris: list[str]) -> str:
        found = cache.get  # a target is linked from many pages: its link is made once
        return ", ".join([found(t) or _md_link(t, label, stems, "", cache) for t in iris])

    out = [f"---\niri: {yaml_string(page.iri)}\ntitle: {yaml_string(page.title)}\naliases: "
           f"{yaml_string(page.aliases)}\ndeprecated: {'true' if page.deprecated else 'false'}\n---\n\n"
           f"# {esc.text(page.title)}\n\n"]
    shown_flags = [f"**{f}**" for f in flags(page)]
    if page.deprecated and page.replaced_by:
        shown_flags[0] += f", use {links(page.replaced_by)} instead"
    if shown_flags:
        out.append(" · ".join(shown_flags) + "\n\n")
    out += [esc.text(t) + "\n\n" for t in page.definition]
    out.append(_md_section("Labels", [f"- **{heading}:** " + ", ".join([esc(t, tag) for t, tag in texts]) + "\n"
                                      for heading, texts in page.labels]))
    if page.notes:
        out.append("## Notes\n\n")
        for heading, texts in page.notes:
            out.append(f"### {heading}\n\n" + "".join([f"- {esc(t, tag)}\n" for t, tag in texts]) + "\n")
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
    esc = Tagged(markdown_text, options.lang)
    files = {f"concepts/{names[p.iri]}.md": _md_page(p, label, stems, cache, esc).encode("utf-8")
             for p in shown}
    ordered = sorted(recs, key=lambda r: (label(r.iri).casefold(), r.iri))
    index = ["# Index\n\n", "[Hierarchy](hierarchy.md)\n\n",
             *(f"- {_md_link(r.iri, label, stems, 'concepts/', top)}\n" for r in ordered)]
    files["index.md"] = "".join(index).encode("utf-8")
    files["hierarchy.md"] = "".join(["# Hierarchy\n\n", "[Index](index.md)\n\n",
                                     *_hierarchy_lines(recs, label, stems, top)]).encode("utf-8")
    return files
