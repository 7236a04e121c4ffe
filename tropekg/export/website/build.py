"""The whole site: every page, its RDF, the trees, the search shards and the assets, as {path: bytes}."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from importlib.resources import files

from ...errors import ExportError
from ...model import FACETS
from ...vocabulary import Vocabulary
from ..options import Options
from ..records import Record, records
from .concept import Site, page
from .described import Descriptions, Writers
from .extras import statements
from .front import Scheme, index, licences, schemes, search_page, tree_page, tree_paths
from .hosting import hosting
from .labels import Labels
from .paths import OWN, namespace, page_paths
from .picture import pictures
from .representations import REPRESENTATIONS
from .search import shards
from .tree import tree_html

ASSETS = ("site.css", "site.js", "search.js")
_MAX_SIBLINGS = 6  # columns beside the trope in its facet table; more would not fit a page's width


def _siblings(recs: list[Record], labels: Labels) -> dict[str, list[Record]]:
    """{trope IRI: the other faceted concepts under its broader concepts}, for the side-by-side table."""
    faceted = [r for r in recs if any(r.facets.get(k) for k in FACETS)]
    under: dict[str, list[Record]] = {}
    for rec in faceted:
        for parent in rec.links.get("broader", []):
            under.setdefault(parent, []).append(rec)
    out = {}
    for rec in faceted:
        seen = {rec.iri}
        found = []
        for parent in rec.links.get("broader", []):
            for other in sorted(under.get(parent, []), key=lambda r: labels.sort_key(r.iri)):
                if other.iri not in seen:
                    seen.add(other.iri)
                    found.append(other)
        out[rec.iri] = found[:_MAX_SIBLINGS]
    return out


@dataclass
class Prepared:
    """What every file of the site is made from, read once: the records, labels and paths (Site), each concept's
    and scheme's own statements, the facet siblings, each scheme's members, the schemes, the RDF files' writers."""

    recs: list[Record]
    here: Site
    own: dict[str, list[str]]
    described: Descriptions
    siblings: dict[str, list[Record]]
    members: dict[str, list[Record]]
    found: list[Scheme]
    writers: Writers

    def resources(self) -> dict[str, str]:
        """{concept or scheme IRI: the path of its files without the extension}: a scheme's is its tree page's."""
        trees = {iri: path.removesuffix(".html") for iri, path in self.here.trees.items() if iri}
        return {**self.here.paths, **trees}


def prepare(vocab: Vocabulary, options: Options) -> Prepared:
    recs = records(vocab, options)
    labels = Labels(recs, options.lang)
    found = schemes(vocab)
    for scheme in found:
        labels.add(scheme.iri, scheme.texts.get("http://www.w3.org/2004/02/skos/core#prefLabel", {}))
    paths = page_paths([r.iri for r in recs])
    here = Site(labels, paths, options.lang)
    here.in_release = options.in_release
    known = {s.iri for s in found}
    members: dict[str, list[Record]] = {}
    for rec in recs:
        for scheme in [s for s in rec.schemes if s in known] or [""]:
            members.setdefault(scheme, []).append(rec)
    here.trees = tree_paths(sorted(members))
    return Prepared(recs, here, statements(vocab, set(paths) | known), Descriptions(vocab, known),
                    _siblings(recs, labels), members, found, Writers(vocab.prefixes))


def rdf_files(ready: Prepared, iri: str, path: str) -> dict[str, bytes]:
    """{path.ext: bytes} of a concept's or scheme's description in each RDF representation it can be written in
    (RDF/XML cannot carry some characters, XML 1.0 2.2: that one is left out, the others are whole)."""
    groups = ready.described.groups(iri, ready.own[iri])
    out = {}
    for ext, r in REPRESENTATIONS.items():
        if r.write:
            with contextlib.suppress(ExportError):
                out[f"{path}.{ext}"] = r.write(ready.writers, iri, groups)
    return out


def concept_files(ready: Prepared, rec: Record, picture: str = "") -> dict[str, bytes]:
    """{path: bytes} of one concept: its page and its RDF beside it (the page links the files written)."""
    path = ready.here.paths[rec.iri]
    rdf = rdf_files(ready, rec.iri, path)
    formats = tuple(name.rpartition(".")[2] for name in rdf)
    html = page(rec, ready.here, ready.siblings.get(rec.iri, []), picture, formats)
    return {f"{path}.html": html.encode("utf-8"), **rdf}


def front_files(ready: Prepared, vocab: Vocabulary) -> dict[str, bytes]:
    """{path: bytes} of everything but the concept pages: the index, search, the trees (with each scheme's RDF
    beside its tree), the search shards and the assets."""
    here, members, out = ready.here, ready.members, {}
    for scheme, path in here.trees.items():
        title = here.labels(scheme) if scheme else ("Concepts in no scheme", "en")
        out[path] = tree_page(title, tree_html(members[scheme], here, "../"), here).encode("utf-8")
        if scheme:
            out.update(rdf_files(ready, scheme, path.removesuffix(".html")))
    counts = {k: len(v) for k, v in members.items()}
    out["index.html"] = index(ready.found, counts, here.trees, here, licences(vocab)).encode("utf-8")
    out["search.html"] = search_page(here).encode("utf-8")
    for name, data in shards(ready.recs, here.paths, here.labels).items():
        out[f"{OWN}/search/{name}"] = data
    # GitHub Pages runs Jekyll unless told not to, and Jekyll drops every path starting with "_" (_site/, _/).
    out[".nojekyll"] = b""
    assets = files(__package__).joinpath("assets")
    for name in ASSETS:
        out[f"{OWN}/{name}"] = assets.joinpath(name).read_bytes()
    return out


def site(vocab: Vocabulary, options: Options) -> dict[str, bytes]:
    """{relative path: bytes} of the whole site, in the display language options.lang."""
    ready = prepare(vocab, options)
    drawn = pictures(ready.recs, ready.here)
    out: dict[str, bytes] = {}
    for rec in ready.recs:
        out.update(concept_files(ready, rec, drawn.get(rec.iri, "")))
    out.update(front_files(ready, vocab))
    out.update(hosting(ready.resources(), namespace(list(ready.here.paths))))
    return dict(sorted(out.items()))
