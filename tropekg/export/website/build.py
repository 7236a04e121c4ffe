"""The whole site: every page, its RDF, the trees, the search shards and the assets, as {path: bytes}."""

from __future__ import annotations

from importlib.resources import files

from ...model import FACETS
from ...vocabulary import Vocabulary
from ..options import Options
from ..records import Record, records
from .concept import Site, page
from .extras import jsonld, statements, turtle
from .front import index, licences, schemes, search_page, tree_page, tree_paths
from .labels import Labels
from .paths import OWN, page_paths
from .picture import pictures
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


def site(vocab: Vocabulary, options: Options) -> dict[str, bytes]:
    """{relative path: bytes} of the whole site, in the display language options.lang."""
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
    trees = here.trees = tree_paths(sorted(members))
    own = statements(vocab, set(paths))
    siblings = _siblings(recs, labels)
    drawn = pictures(recs, here)
    out: dict[str, bytes] = {}
    for rec in recs:
        path = paths[rec.iri]
        html = page(rec, here, siblings.get(rec.iri, []), drawn.get(rec.iri, ""))
        out[f"{path}.html"] = html.encode("utf-8")
        out[f"{path}.ttl"] = turtle(own[rec.iri])
        out[f"{path}.jsonld"] = jsonld(rec.iri, own[rec.iri])
    for scheme, path in trees.items():
        title = labels(scheme) if scheme else ("Concepts in no scheme", "en")
        out[path] = tree_page(title, tree_html(members[scheme], here, "../"), here).encode("utf-8")
    counts = {k: len(v) for k, v in members.items()}
    out["index.html"] = index(found, counts, trees, here, licences(vocab)).encode("utf-8")
    out["search.html"] = search_page(here).encode("utf-8")
    for name, data in shards(recs, paths, labels).items():
        out[f"{OWN}/search/{name}"] = data
    # GitHub Pages runs Jekyll unless told not to, and Jekyll drops every path starting with "_" (_site/, _/).
    out[".nojekyll"] = b""
    assets = files(__package__).joinpath("assets")
    for name in ASSETS:
        out[f"{OWN}/{name}"] = assets.joinpath(name).read_bytes()
    return dict(sorted(out.items()))
