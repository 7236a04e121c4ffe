"""A static website of the vocabulary (`tropekg export -f site`): an index, a tree per concept scheme, a page per
concept with its own RDF beside it, and a client-side search over sharded indexes.

The folder needs no server and fetches nothing from elsewhere: relative links only (it works from file:// and
from any sub-path), and every script and style sheet ships inside this package (assets/). Pages are plain
f-strings over escaped text (html.esc); DEVELOPERS.md says why not Jinja2. build.site() makes it; the export
registry calls it as export.FORMATS["site"].
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ...vocabulary import Vocabulary
    from ..options import Options


def site(vocab: Vocabulary, options: Options) -> dict[str, bytes]:
    """{relative path: bytes} of the whole site, in the display language options.lang."""
    return importlib.import_module(f"{__name__}.build").site(vocab, options)


def served(vocab: Vocabulary, options: Options) -> Any:
    """The site for a server: the same files, each built when first asked (a served.Served; imported by name,
    as build is, since every module of this package imports the package)."""
    return importlib.import_module(f"{__name__}.served").Served(vocab, options)


__all__ = ["served", "site"]
