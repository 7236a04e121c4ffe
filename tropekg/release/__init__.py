"""Releases (`tropekg build`): the vocabulary validated, then, when it conforms, every export format written into
one folder with a manifest of what is where (sizes, hashes, counts, the validation summary). It uses validate's
and export's public APIs; neither knows about it."""

from __future__ import annotations

from .build import MANIFEST, build_release, summary

__all__ = ["MANIFEST", "build_release", "summary"]
