"""The site's front pages: the index (schemes, counts, licence, downloads), a tree page per scheme, search."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from ...labels import texts_in
from ...namespaces import DC, DCTERMS, RDFS, SKOS
from ...vocabulary import Vocabulary
from .. import FORMATS
from ..files import iri_stem, unique_stems
from .concept import Site
from .html import esc, lang_attr, shell

_DESCRIPTIONS = (DCTERMS + "description", SKOS + "definition", RDFS + "comment", DC + "description")
_LICENCES = (DCTERMS + "license", DCTERMS + "rights")


@dataclass
class Scheme:
    """A concept scheme as the index shows it."""

    iri: str
    texts: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # property -> {lang: [text]}
    licences: list[str] = field(default_factory=list)


def schemes(vocab: Vocabulary) -> list[Scheme]:
    """Every skos:ConceptScheme with its labels, descriptions and licence, by IRI."""
    found: dict[str, Scheme] = {}
    rows = vocab.rows("SELECT ?s ?p ?o WHERE { ?s a skos:ConceptScheme ; ?p ?o FILTER(isIRI(?s)) }")
    for s, p, o in rows:
        scheme = found.setdefault(s.value, Scheme(s.value))
        if isinstance(o, ox.Literal):
            scheme.texts.setdefault(p.value, {}).setdefault(o.language or "", []).append(o.value)
        elif p.value in _LICENCES:
            scheme.licences.append(o.value)
    for scheme in found.values():
        scheme.licences.sort()
        for by_lang in scheme.texts.values():
            for texts in by_lang.values():
                texts.sort()
    return [found[k] for k in sorted(found)]


def licences(vocab: Vocabulary) -> list[str]:
    """Every dcterms:license and dcterms:rights in the graph (the ontology's, a dataset's, a scheme's), sorted."""
    rows = vocab.rows("SELECT DISTINCT ?l WHERE { ?s dcterms:license|dcterms:rights ?l }")
    return sorted({o.value for (o,) in rows})


def tree_paths(iris: list[str]) -> dict[str, str]:
    """{scheme IRI or "": tree page path}; "" holds the concepts of no scheme."""
    return {iri: f"tree/{stem}.html" for iri, stem in unique_stems(
        {iri: iri_stem(iri) if iri else "other" for iri in iris}).items()}


def index(found: list[Scheme], counts: dict[str, int], trees: dict[str, str], site: Site,
          graph_licences: list[str]) -> str:
    items = []
    for scheme in found:
        label, tag = site.labels(scheme.iri)
        parts = [f"<h2{lang_attr(tag)}{site.labels.data(scheme.iri)}>{esc(label)}</h2>"]
        for prop in _DESCRIPTIONS:
            dtag, texts = texts_in(scheme.texts.get(prop, {}), site.lang)
            parts += [f"<p{lang_attr(dtag)}>{esc(t)}</p>" for t in texts]
            if texts:
                break
        parts.append(f"<p>{counts.get(scheme.iri, 0):,} concepts. "
                     f'<a href="{trees[scheme.iri]}">Browse the tree</a></p>' if scheme.iri in trees else "")
        parts += [f"<p>Licence: {_outbound(lic)}</p>" for lic in scheme.licences]
        items.append(f'<section class="scheme">{"".join(parts)}</section>')
    if "" in trees:
        items.append(f'<section class="scheme"><h2>Concepts in no scheme</h2><p>{counts.get("", 0):,} concepts. '
                     f'<a href="{trees[""]}">Browse the tree</a></p></section>')
    shown = {lic for scheme in found for lic in scheme.licences}
    rest = [lic for lic in graph_licences if lic not in shown]
    if rest:
        items.append('<section aria-labelledby="h-licence"><h2 id="h-licence">Licence</h2>'
                     + "".join(f"<p>{_outbound(lic)}</p>" for lic in rest) + "</section>")
    if site.in_release:
        downloads = "".join(f'<li><a href="../{esc(spec.filename)}" type="{esc(spec.media_type)}">{esc(name)}</a> '
                            f"({esc(spec.filename)})</li>" for name, spec in FORMATS.items() if not spec.folder)
        listing = ("<p>Every release format, in the release folder beside this site:</p>"
                   f'<ul class="links">{downloads}</ul>')
    else:
        listing = "<p>Each concept's page links its own Turtle and JSON-LD; <code>tropekg build</code> writes " \
                  "this site beside every release format and lists them here.</p>"
    body = ('<h1>Vocabulary</h1>\n' + "\n".join(items) +
            f'\n<section aria-labelledby="h-dl"><h2 id="h-dl">Downloads</h2>{listing}</section>\n')
    return shell("Vocabulary", "en", site.lang, "", body, langs=site.langs)


def _outbound(iri: str) -> str:
    if iri.startswith(("https://", "http://")):
        return f'<a href="{esc(iri)}" rel="license">{esc(iri)}</a>'
    return esc(iri)


def tree_page(title: tuple[str, str], tree: str, site: Site) -> str:
    label, tag = title
    body = (f'<h1><span{lang_attr(tag)}>{esc(label)}</span>: tree</h1>\n'
            '<p>Every concept under its broader concepts; a concept with several broader ones is listed in full '
            "under one and marked under the others.</p>\n" + tree + "\n")
    return shell(f"{label}: tree", tag, site.lang, "../", body, langs=site.langs)


def search_page(site: Site) -> str:
    body = ('<h1>Search</h1>\n<p id="tk-help">Type a label in any language or a word of a definition; '
            "results appear as you type. Tab moves to them.</p>\n"
            '<p id="tk-status" role="status" aria-live="polite"></p>\n<ol id="tk-results"></ol>\n')
    return shell("Search", "en", site.lang, "", body, scripts=("site.js", "search.js"), langs=site.langs)
