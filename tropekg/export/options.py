"""What a user can ask of the exports: display language, one scheme, deprecated concepts in or out, and where
JSON-LD finds its context."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Options:
    """Export settings. RDF formats follow `scheme` only (they carry every triple, deprecated ones too);
    catalogs and wikis follow all three."""

    lang: str = "en"  # display language for labels, with the fallback of labels.pick
    scheme: str | None = None  # IRI or CURIE of one concept scheme to export
    include_deprecated: bool = False  # owl:deprecated concepts (tombstones) are left out unless asked for
    context: str | None = None  # jsonld only: reference the context published at this URL instead of embedding it
    in_release: bool = False  # set by `build`: the site's index links the release's other files beside it
