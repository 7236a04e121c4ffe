"""Reconciliation on the VNDB 2022 tag dump as `tropekg import vndb` reads it: every tag's name and aliases find
that tag first with match true, also with case, width and spacing changed; a text two tags share never matches
(counted here, and in docs/reconcile.md)."""

from __future__ import annotations

import json

import pytest

from tropekg.ingest import read
from tropekg.labels import normalize
from tropekg.reconcile import reconciler
from tropekg.reconcile.engine import Query

from .conftest import shared

TAG = "https://vndb.org/g"
# What the dump holds (checked below, so the figures in docs/reconcile.md stay true).
TEXTS, SHARED, SHADOWED = 6236, 0, 0  # VNDB keeps names and aliases unique across tags


@pytest.fixture(scope="module")
def dump() -> list[dict]:
    return json.loads(shared("data", "vndb-tags-2022-10-02.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def engine(dump):
    return reconciler(read("vndb", shared("data", "vndb-tags-2022-10-02.json")).vocab)


def expected(dump: list[dict]) -> dict[str, tuple[str | None, str]]:
    """Each normalised text -> (the tag it must match, or None when two tags share it at their best kind; why),
    worked out from the dump itself: a name (prefLabel) beats another tag's alias (altLabel)."""
    best: dict[str, dict[str, int]] = {}
    for tag in dump:
        for rank, text in [(0, tag["name"])] + [(1, a) for a in tag["aliases"]]:
            ranks = best.setdefault(normalize(text), {})
            ranks[f"{TAG}{tag['id']}"] = min(rank, ranks.get(f"{TAG}{tag['id']}", 9))
    out = {}
    for key, ranks in best.items():
        top = min(ranks.values())
        winners = [t for t, r in ranks.items() if r == top]
        out[key] = (winners[0] if len(winners) == 1 else None, "shared" if len(winners) > 1 else "own")
    return out


def perturbed(text: str) -> list[str]:
    """The text in upper and swapped case, in full-width forms (what NFKC folds back), with doubled and outer
    spaces."""
    wide = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)
    return [text.upper(), text.swapcase(), wide, f"  {text.replace(' ', '  ')}\t"]


def test_every_name_and_alias_finds_its_tag_first_with_match(dump, engine):
    want = expected(dump)
    texts = shared_texts = shadowed = 0
    wrong = []
    for tag in dump:
        iri = f"{TAG}{tag['id']}"
        for text in [tag["name"], *tag["aliases"]]:
            texts += 1
            winner, why = want[normalize(text)]
            if winner is None:
                shared_texts += 1
            elif winner != iri:
                shadowed += 1  # this alias is another tag's name: that tag wins
            for variant in [text, *perturbed(text)]:
                found = engine.match(Query(variant, limit=3))
                got = (found[0].iri, found[0].match) if found else (None, False)
                if winner is None:
                    ok = not found[0].match and iri in {c.iri for c in found if c.score == found[0].score}
                else:
                    ok = got == (winner, True)
                if not ok:
                    wrong.append((variant, iri, got))
    assert wrong == []
    assert (texts, shared_texts, shadowed) == (TEXTS, SHARED, SHADOWED)
