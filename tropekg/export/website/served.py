"""The site for a server (`tropekg serve`): the same files `export -f site` writes, by the same code, the front
files built once and each concept's files when first asked (a bounded number kept). Pictures are left out: each
would be a Graphviz run in the middle of a request, and the pages are whole without them."""

from __future__ import annotations

from collections import OrderedDict

from ...vocabulary import Vocabulary
from ..options import Options
from .build import concept_files, front_files, prepare
from .html import CSP
from .paths import namespace
from .representations import ALIASES, REPRESENTATIONS, content_type

KEPT = 512  # concepts whose files are kept rendered
_TYPES = {"css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8", "json": "application/json"}


class Served:
    """`file(path)`: the bytes of one site file or None; `resources`: {concept or scheme IRI: its files' path
    without the extension}; `namespace`: the IRI prefix the site's root stands for."""

    csp = CSP
    representations = REPRESENTATIONS
    aliases = ALIASES

    def __init__(self, vocab: Vocabulary, options: Options) -> None:
        self.ready = prepare(vocab, options)
        self.files = front_files(self.ready, vocab)
        self.resources = self.ready.resources()
        self.by_path = {path: iri for iri, path in self.resources.items()}
        self.concepts = {rec.iri: rec for rec in self.ready.recs}
        self.namespace = namespace(list(self.ready.here.paths))
        self.kept: OrderedDict[str, dict[str, bytes]] = OrderedDict()

    def file(self, path: str) -> bytes | None:
        found = self.files.get(path)
        if found is not None:
            return found
        stem, _, ext = path.rpartition(".")
        rec = self.concepts.get(self.by_path.get(stem, ""))
        if rec is None or ext not in REPRESENTATIONS:
            return None
        made = self.kept.get(rec.iri)
        if made is None:
            made = self.kept[rec.iri] = concept_files(self.ready, rec)
            if len(self.kept) > KEPT:
                self.kept.popitem(last=False)
        else:
            self.kept.move_to_end(rec.iri)
        return made.get(path)

    @staticmethod
    def content_type(path: str) -> str:
        ext = path.rpartition(".")[2]
        return content_type(ext) if ext in REPRESENTATIONS else _TYPES.get(ext, "application/octet-stream")
