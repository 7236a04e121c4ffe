"""`diff --format sparql` against a real `oxigraph serve`: OLD published, the update applied, the store's default
graph then isomorphic with NEW, for every handmade pair (blank nodes included)."""

from __future__ import annotations

import urllib.request

import pyoxigraph as ox
import pytest

import tropekg
from tropekg.diff import compare, render
from tropekg.serve.publish import publish

from .servers import oxigraph_serve
from .test_diff import PAIRS, pair


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    with oxigraph_serve(tmp_path_factory.mktemp("oxigraph")) as base:
        yield base


def canonical(quads) -> set[str]:
    dataset = ox.Dataset(ox.Quad(q.subject, q.predicate, q.object) for q in quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return {str(q) for q in dataset}


def stored(base: str) -> set[str]:
    request = urllib.request.Request(base + "/store?default", headers={"Accept": "application/n-triples"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return canonical(ox.parse(response.read(), format=ox.RdfFormat.N_TRIPLES))


def apply(base: str, update: str) -> None:
    request = urllib.request.Request(base + "/update", data=update.encode("utf-8"), method="POST",
                                     headers={"Content-Type": "application/sparql-update"})
    urllib.request.urlopen(request, timeout=30).close()


@pytest.mark.parametrize("name", [*PAIRS, "bundled"])
def test_update_turns_old_into_new_in_the_store(store, name):
    old, new = pair(name) if name != "bundled" else (pair("outside")[0], tropekg.load())
    publish(old, store + "/store", replace=True)
    assert stored(store) == canonical(old.store)
    apply(store, render(compare(old, new), "sparql"))
    assert stored(store) == canonical(new.store)


def test_update_of_no_change_is_a_comment(store):
    old, _ = pair("links")
    assert render(compare(old, old), "sparql") == \
        "# SPARQL 1.1 Update from tropekg diff: 0 triples deleted, 0 inserted\n"
