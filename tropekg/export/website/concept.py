"""A concept page: labels by language, notes, facets, links to related pages, mappings out, flags, its RDF."""

from __future__ import annotations

from ...labels import texts_in
from ...model import FACETS, MAPPINGS, note_iri, note_key
from ..headings import LABEL_KINDS, NAMED_NOTES, OWN_NOTES, RELATIONS, flag_words, note_name
from ..records import Record
from .html import esc, lang_attr, shell
from .labels import Labels
from .paths import href
from .representations import REPRESENTATIONS

RDF = {ext: r for ext, r in REPRESENTATIONS.items() if r.write}  # what a page links beside it


class Site:
    """What every page needs: labels, page paths, the display language."""

    def __init__(self, labels: Labels, paths: dict[str, str], lang: str) -> None:
        self.labels, self.paths, self.lang = labels, paths, lang
        self.langs = tuple(sorted(labels.langs - {""}))  # the switcher's choices
        self.trees: dict[str, str] = {}  # scheme IRI -> its tree page, relative to the root: a scheme's "page"
        self.in_release = False  # written by `build`, beside the other formats (export.Options.in_release)
        self.made: dict[tuple[str, str], str] = {}  # (IRI, root) -> its link: a concept is linked from many pages

    def link(self, iri: str, root: str) -> str:
        found = self.made.get((iri, root))
        if found is None:
            found = self.made[iri, root] = self._link(iri, root)
        return found

    def _link(self, iri: str, root: str) -> str:
        label, tag = self.labels(iri)
        text = f"{lang_attr(tag)}{self.labels.data(iri)}>{esc(label)}"
        path = self.paths.get(iri)
        if path is None:
            tree = self.trees.get(iri)
            return f"<span{text}</span>" if tree is None else f'<a href="{root}{tree}"{text}</a>'
        return f'<a href="{root}{href(path)}.html"{text}</a>'

    def links(self, iris: list[str], root: str) -> str:
        ordered = sorted(iris, key=self.labels.sort_key)
        return "<ul class=\"links\">" + "".join([f"<li>{self.link(i, root)}</li>" for i in ordered]) + "</ul>"


def _texts(by_lang: dict[str, list[str]], tag_name: str = "p") -> str:
    return "".join(f"<{tag_name}{lang_attr(tag)}>{esc(t)}</{tag_name}>" for tag in sorted(by_lang)
                   for t in by_lang[tag])


def _labels_table(rec: Record) -> str:
    langs = sorted({tag for kind, _ in LABEL_KINDS for tag in rec.labels.get(kind, {})})
    if not langs:
        return ""
    rows = []
    for tag in langs:
        cells = "".join("<td>" + ", ".join(f"<span{lang_attr(tag)}>{esc(t)}</span>"
                                           for t in sorted(rec.labels.get(kind, {}).get(tag, []))) + "</td>"
                        for kind, _ in LABEL_KINDS)
        rows.append(f"<tr><th scope=\"row\">{esc(tag or 'no language')}</th>{cells}</tr>")
    heads = "".join(f'<th scope="col">{name}</th>' for _, name in LABEL_KINDS)
    return (f'<section aria-labelledby="h-labels"><h2 id="h-labels">Labels</h2><table><thead><tr>'
            f'<th scope="col">Language</th>{heads}</tr></thead><tbody>{"".join(rows)}</tbody></table></section>')


def _notes(rec: Record) -> str:
    parts = []
    for key, name in NAMED_NOTES:
        if rec.notes.get(key):
            parts.append(f"<dt>{name}</dt><dd>{_texts(rec.notes[key])}</dd>")
    for prop in sorted(note_iri(k) for k in rec.notes if k not in OWN_NOTES):
        parts.append(f"<dt>{esc(note_name(prop))}</dt><dd>{_texts(rec.notes[note_key(prop)])}</dd>")
    return f'<section aria-labelledby="h-notes"><h2 id="h-notes">Notes</h2><dl>{"".join(parts)}</dl></section>' \
        if parts else ""


def _flags(rec: Record, site: Site, root: str) -> str:
    flags = flag_words(rec.deprecated, rec.adult, rec.spoiler)
    repl = ", ".join(site.link(i, root) for i in rec.links.get("replacedBy", [])) if rec.deprecated else ""
    if repl:
        flags[0] += f"; use {repl} instead"
    return "".join(f'<p class="flag">{f}</p>' for f in flags)


def _outbound(iri: str) -> str:
    """A mapping target as a link when it is a web address (never javascript: or data:), else as text."""
    if iri.startswith(("https://", "http://")):
        return f'<a href="{esc(iri)}" rel="external">{esc(iri)}</a>'
    return f"<code>{esc(iri)}</code>"


def _dl(rows: list[tuple[str, str]], heading: str, ident: str) -> str:
    if not rows:
        return ""
    body = "".join(f"<dt>{name}</dt><dd>{value}</dd>" for name, value in rows)
    return f'<section aria-labelledby="h-{ident}"><h2 id="h-{ident}">{heading}</h2><dl>{body}</dl></section>'


def _siblings(rec: Record, siblings: list[Record], site: Site, root: str) -> str:
    """The trope beside its siblings, facet by facet (for netorare: netori and netorase)."""
    if not siblings:
        return ""
    cols = [rec, *siblings]
    head = "".join(f'<th scope="col">{site.link(r.iri, root)}</th>' for r in cols)
    rows = "".join(f'<tr><th scope="row">{name.capitalize()}</th>'
                   + "".join(f"<td>{', '.join(site.link(v, root) for v in r.facets.get(name, []))}</td>"
                             for r in cols) + "</tr>" for name in FACETS)
    return ('<section aria-labelledby="h-siblings"><h2 id="h-siblings">Beside its siblings</h2>'
            f'<div class="scroll"><table><thead><tr><td></td>{head}</tr></thead><tbody>{rows}</tbody></table>'
            '</div></section>')


def page(rec: Record, site: Site, siblings: list[Record], picture: str = "",
         formats: tuple[str, ...] = tuple(RDF)) -> str:
    """The HTML of `rec`'s page, linking its RDF in `formats` (extensions of RDF)."""
    rdf = {ext: RDF[ext] for ext in formats}
    path = site.paths[rec.iri]
    root = "../" * path.count("/")
    name = href(path.rsplit("/", 1)[-1])
    title, tag = site.labels(rec.iri)
    dtag, definition = texts_in(rec.notes.get("definition", {}), site.lang)
    body = [f"<h1{lang_attr(tag)}{site.labels.data(rec.iri)}>{esc(title)}</h1>", _flags(rec, site, root)]
    body += [f'<p class="definition"{lang_attr(dtag)}>{esc(t)}</p>' for t in definition]
    body += [_labels_table(rec), _notes(rec)]
    facets = [(n.capitalize(), site.links(rec.facets[n], root)) for n in FACETS if rec.facets.get(n)]
    body.append(_dl(facets, "Facets", "facets"))
    rels = [(heading, site.links(ids, root)) for heading, key in RELATIONS if (ids := rec.linked(key))]
    body.append(_dl(rels, "Relations", "relations"))
    body.append(_siblings(rec, siblings, site, root))
    maps = [(f"skos:{rel}", "<ul class=\"links\">" + "".join(f"<li>{_outbound(t)}</li>" for t in rec.mappings[rel])
              + "</ul>") for rel in MAPPINGS if rec.mappings.get(rel)]
    body.append(_dl(maps, "Mappings", "mappings"))
    body.append(picture)
    body.append('<section aria-labelledby="h-data"><h2 id="h-data">Data</h2><dl>'
                f"<dt>IRI</dt><dd><code>{esc(rec.iri)}</code></dd><dt>RDF</dt><dd>"
                + " ".join(f'<a href="{name}.{ext}">{r.name}</a>' for ext, r in rdf.items())
                + "</dd></dl></section>")
    head = "".join(f'<link rel="alternate" type="{r.media_type}" href="{name}.{ext}">\n' for ext, r in rdf.items())
    return shell(title, tag, site.lang, root, "\n".join(b for b in body if b) + "\n", head, langs=site.langs)
