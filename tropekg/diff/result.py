"""The result of a diff as data: the summary, per-concept changes, replacements, hints, triples outside concepts,
and the statements that turn OLD into NEW (for the SPARQL Update)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .changes import KINDS, ORDER, excerpt, order_key


@dataclass
class Update:
    """The statements to delete and insert: plain N-Triples lines, and blank node trees as lists of lines."""

    delete: list[str] = field(default_factory=list)
    insert: list[str] = field(default_factory=list)
    delete_trees: list[list[str]] = field(default_factory=list)
    insert_trees: list[list[str]] = field(default_factory=list)


@dataclass
class Diff:
    """What changed from OLD to NEW. `as_dict()` is the JSON document docs/commands.md describes."""

    concepts: list[dict]
    replacements: list[dict]
    hints: list[dict]
    outside: dict
    triples: dict
    update: Update = field(default_factory=Update)

    @property
    def summary(self) -> dict:
        """Counts: concepts added, removed and changed; concepts per kind of change; breaking changes; triples."""
        kinds: dict[str, int] = {}
        aliases = 0
        for concept in self.concepts:
            for kind in sorted({c["kind"] for c in concept["changes"]}, key=ORDER.__getitem__):
                kinds[kind] = kinds.get(kind, 0) + 1
            aliases += any(c.get("property") == "skos:altLabel" for c in concept["changes"])
        return {
            "concepts": {"added": kinds.get("added", 0), "removed": kinds.get("removed", 0),
                         "changed": len(self.concepts) - kinds.get("added", 0) - kinds.get("removed", 0)},
            "kinds": dict(sorted(kinds.items(), key=lambda item: ORDER[item[0]])),
            "aliasesChanged": aliases,
            "breaking": sum(c["breaking"] for concept in self.concepts for c in concept["changes"]),
            "replacements": len(self.replacements),
            "hints": len(self.hints),
            "triples": dict(self.triples),
        }

    @property
    def empty(self) -> bool:
        return not (self.triples["added"] or self.triples["removed"])

    def fails(self, fail_on: str | None) -> bool:
        """Whether `--fail-on` (breaking, any, or None) makes this diff exit 1."""
        if fail_on == "any":
            return not self.empty
        if fail_on == "breaking":
            return self.summary["breaking"] > 0
        return False

    def as_dict(self) -> dict:
        return {"summary": self.summary, "concepts": self.concepts, "replacements": self.replacements,
                "hints": self.hints, "outside": self.outside}


def mirror(document: dict) -> dict:
    """The JSON document of diff NEW OLD, made from that of diff OLD NEW (without the breaking flags and the
    summary, which are not symmetric: a removal breaks links, an addition does not). Tests hold compare() to it."""
    concepts = []
    for concept in document["concepts"]:
        changes = []
        for c in concept["changes"]:
            flipped = {**c, "kind": KINDS[c["kind"]], "old": c["new"], "new": c["old"]}
            flipped.pop("breaking")
            if "excerpt" in c:
                flipped["excerpt"] = excerpt(c["new"], c["old"])
            changes.append(flipped)
        concepts.append({**concept, "changes": sorted(changes, key=order_key)})
    swap = {"added": "removed", "removed": "added"}
    outside = {swap.get(k, k): v for k, v in document["outside"].items() if k != "subjects"}
    outside["subjects"] = [{swap.get(k, k): v for k, v in s.items()} for s in document["outside"]["subjects"]]
    return {
        "concepts": concepts,
        "replacements": [{**r, "withdrawn": not r["withdrawn"]} for r in document["replacements"]],
        "hints": [{**h, "old": h["new"], "new": h["old"]} for h in document["hints"]],
        "outside": outside,
    }
