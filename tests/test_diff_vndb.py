"""diff on the two VNDB tag dumps in ../shared/data, through `tropekg import vndb`: the counts of tags added,
removed, renamed, re-parented and with aliases changed, each computed again here from the JSON itself."""

from __future__ import annotations

import json

import pytest

from tropekg.diff import compare
from tropekg.ingest import read

from .conftest import shared

DUMPS = ("vndb-tags-2020-05-07.json", "vndb-tags-2022-10-02.json")
G = "https://vndb.org/g"


@pytest.fixture(scope="module")
def dumps():
    paths = [shared("data", name) for name in DUMPS]
    tags = [{t["id"]: t for t in json.loads(p.read_text(encoding="utf-8"))} for p in paths]
    result = compare(*(read("vndb", p).vocab for p in paths))
    return tags, {c["iri"]: c["changes"] for c in result.concepts}, result


def with_kind(changes: dict, kind: str, **fields) -> set[str]:
    return {iri for iri, found in changes.items()
            if any(c["kind"] == kind and all(c.get(k) == v for k, v in fields.items()) for c in found)}


def test_tags_added_and_removed(dumps):
    (old, new), changes, result = dumps
    assert with_kind(changes, "added") == {G + str(i) for i in new.keys() - old.keys()}
    assert with_kind(changes, "removed") == {G + str(i) for i in old.keys() - new.keys()}
    assert result.summary["concepts"]["added"] == 238 and result.summary["concepts"]["removed"] == 12


def test_tags_renamed(dumps):
    (old, new), changes, _ = dumps
    renames = {(G + str(i), old[i]["name"], new[i]["name"]) for i in old.keys() & new.keys()
               if old[i]["name"] != new[i]["name"]}
    found = {(iri, c["old"], c["new"]) for iri, cs in changes.items() for c in cs if c["kind"] == "renamed"}
    assert found == renames and len(found) == 75


def test_tags_reparented(dumps):
    (old, new), changes, _ = dumps
    moved = {G + str(i) for i in old.keys() & new.keys() if set(old[i]["parents"]) != set(new[i]["parents"])}
    assert with_kind(changes, "reparented") == moved and len(moved) == 155
    for iri in moved:
        tag = int(iri.removeprefix(G))
        (change,) = [c for c in changes[iri] if c["kind"] == "reparented"]
        assert [r["iri"] for r in change["old"]] == sorted(G + str(p) for p in old[tag]["parents"])
        assert [r["iri"] for r in change["new"]] == sorted(G + str(p) for p in new[tag]["parents"])


def test_aliases_changed(dumps):
    (old, new), changes, result = dumps
    changed = {G + str(i) for i in old.keys() & new.keys() if set(old[i]["aliases"]) != set(new[i]["aliases"])}
    found = {iri for iri, cs in changes.items() for c in cs if c.get("property") == "skos:altLabel"}
    assert found == changed and result.summary["aliasesChanged"] == len(changed) == 122
    gained = {(G + str(i), a) for i in old.keys() & new.keys() for a in set(new[i]["aliases"]) - set(old[i]["aliases"])}
    assert {(iri, c["new"]) for iri, cs in changes.items() for c in cs if c["kind"] == "label-added"
            and c["property"] == "skos:altLabel"} == gained
