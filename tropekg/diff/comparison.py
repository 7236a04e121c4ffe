"""Comparing two versions: their statements as sets of lines first, then only the subjects whose lines changed,
read from each store by index lookups, so the cost follows the change and not the vocabulary."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from ..errors import LoadError, UsageError
from ..labels import StoreLabels, normalize
from ..namespaces import PREFIXES, curie
from ..output.progress import Progress, silent
from ..sources.reader import INPUT_FORMATS, Background, format_for, load
from ..vocabulary import Vocabulary
from .changes import change, concept_changes, is_replacement, order_key
from .facts import NARROWER, facts, is_concept
from .result import Diff, Update
from .statements import statements

_NARROWER = f"<{NARROWER}>"


def compare(old: Vocabulary, new: Vocabulary, lang: str = "en") -> Diff:
    """What changed from `old` to `new`: concepts matched by IRI, blank nodes by content."""
    a, b = statements(old), statements(new)
    update = Update(sorted(a.plain - b.plain), sorted(b.plain - a.plain))
    gone, came = sorted(a.units.keys() - b.units.keys()), sorted(b.units.keys() - a.units.keys())
    update.delete_trees = [a.unit_lines(key, f"-{n}") for n, key in enumerate(gone)]
    update.insert_trees = [b.unit_lines(key, f"-{n}") for n, key in enumerate(came)]
    counts, children = _touched(update, [a.units[k] for k in gone], [b.units[k] for k in came])
    labels = _Labels(old, new, lang)
    shared = {p: ns for p, ns in old.prefixes.items() if new.prefixes.get(p) == ns}  # the same both ways

    def short(iri: str) -> str:
        return curie(iri, {**shared, **PREFIXES})

    concepts, outside, both, undescribed = [], [], {}, []
    for term in sorted(counts.keys() | children.keys()):
        if not term.startswith("<"):
            outside.append({"iri": term, "removed": counts[term][0], "added": counts[term][1]})
            continue
        node = ox.NamedNode(term[1:-1])
        was, now = is_concept(old.store, node), is_concept(new.store, node)
        if was and now:
            changes = both[node.value] = concept_changes(facts(old.store, node, a.value),
                                                         facts(new.store, node, b.value), labels.ref, short)
        elif was or now:
            # The label of the version it is in, so diff NEW OLD says the same of it.
            changes = [change("removed", labels.own(old, node.value))] if was else \
                [change("added", None, labels.own(new, node.value))]
            changes[0]["breaking"] = was
        else:
            if term in counts:
                outside.append({"iri": node.value, "removed": counts[term][0], "added": counts[term][1]})
            undescribed += [(parent, side, node.value) for parent, side in children.get(term, ())]
            continue
        if changes:
            concepts.append({"iri": node.value, "label": labels.ref(node.value)["label"], "changes": changes})
    _narrower_links(undescribed, both, concepts, labels.ref, short)
    triples = {"added": len(update.insert) + sum(map(len, update.insert_trees)),
               "removed": len(update.delete) + sum(map(len, update.delete_trees))}
    outside_doc = {"added": sum(s["added"] for s in outside), "removed": sum(s["removed"] for s in outside),
                   "subjects": outside}
    return Diff(concepts, _replacements(concepts, labels.ref), _hints(concepts, old, new, labels.ref),
                outside_doc, triples, update)


def _touched(update: Update, gone_subjects: list[str], came_subjects: list[str]):
    """Subject term -> [lines removed, lines added], and the children of changed skos:narrower lines -> [(parent
    IRI, 0 removed or 1 added)]."""
    counts: dict[str, list[int]] = {}
    children: dict[str, list[tuple[str, int]]] = {}
    for side, lines in ((0, update.delete), (1, update.insert)):
        for line in lines:
            s, p, o = line.split(" ", 2)
            counts.setdefault(s, [0, 0])[side] += 1
            if p == _NARROWER and o.startswith("<"):
                children.setdefault(o[: o.index(">") + 1], []).append((s[1:-1], side))
    for side, subjects, trees in ((0, gone_subjects, update.delete_trees), (1, came_subjects, update.insert_trees)):
        for subject, tree in zip(subjects, trees, strict=True):
            counts.setdefault(subject, [0, 0])[side] += len(tree)
    return counts, children


def _narrower_links(undescribed: list[tuple[str, int, str]], both: dict[str, list[dict]], concepts: list[dict],
                    ref, short) -> None:
    """A narrower link to an IRI that neither version describes is reported on its parent (present in both), as a
    link: there is no child to report a move on."""
    added = {}
    for parent, side, child in undescribed:
        if parent in both:
            kind, old, new = ("link-added", None, ref(child)) if side else ("link-removed", ref(child), None)
            both[parent].append(change(kind, old, new, property=short(NARROWER)))
            added[parent] = both[parent]
    for parent, changes in added.items():
        changes.sort(key=order_key)
        if not any(c["iri"] == parent for c in concepts):
            concepts.append({"iri": parent, "label": ref(parent)["label"], "changes": changes})
    concepts.sort(key=lambda c: c["iri"])


class _Labels:
    """Display references {"iri", "label"}: the prefLabel in NEW, else in OLD, else the IRI's local name
    (labels.StoreLabels)."""

    def __init__(self, old: Vocabulary, new: Vocabulary, lang: str) -> None:
        self.label = StoreLabels([new.store, old.store], lang)
        self.sides = {id(old): StoreLabels([old.store], lang), id(new): StoreLabels([new.store], lang)}
        self.known: dict[str, dict] = {}

    def ref(self, iri: str) -> dict:
        if iri not in self.known:
            self.known[iri] = {"iri": iri, "label": self.label(iri)}
        return self.known[iri]

    def own(self, vocab: Vocabulary, iri: str) -> str:
        return self.sides[id(vocab)](iri)


def _replacements(concepts: list[dict], ref) -> list[dict]:
    """Merges (several concepts replaced by one), splits (one by several) and plain replacements, from the
    dcterms:isReplacedBy links stated (or withdrawn) between the versions; connected pairs form one entry."""
    out = []
    for withdrawn in (False, True):
        pairs = [(c["iri"], ch["new" if not withdrawn else "old"]["iri"]) for c in concepts for ch in c["changes"]
                 if is_replacement(ch) and (ch["kind"] == "link-removed") == withdrawn]
        groups: list[tuple[set[str], set[str]]] = []
        for source, target in pairs:
            joined = [g for g in groups if source in g[0] or target in g[1]]
            merged = ({source, *(s for g in joined for s in g[0])}, {target, *(t for g in joined for t in g[1])})
            groups = [g for g in groups if g not in joined] + [merged]
        for sources, targets in groups:
            kind = "merge" if len(sources) > 1 and len(targets) == 1 else \
                "split" if len(sources) == 1 and len(targets) > 1 else "replace"
            out.append({"kind": kind, "old": [ref(i) for i in sorted(sources)],
                        "new": [ref(i) for i in sorted(targets)], "withdrawn": withdrawn})
    return sorted(out, key=lambda r: ([i["iri"] for i in r["old"]], [i["iri"] for i in r["new"]]))


def _hints(concepts: list[dict], old: Vocabulary, new: Vocabulary, ref) -> list[dict]:
    """Likely renames: a removed and an added concept sharing a label or alias. A hint, never a fact."""
    kinds = {c["iri"]: c["changes"][0]["kind"] for c in concepts}
    added: dict[str, set[str]] = {}
    for iri in (i for i, k in kinds.items() if k == "added"):
        for text in facts(new.store, ox.NamedNode(iri)).all_labels():
            added.setdefault(normalize(text), set()).add(iri)
    out = []
    for iri in (i for i, k in kinds.items() if k == "removed"):
        found: dict[str, str] = {}
        for text in facts(old.store, ox.NamedNode(iri)).all_labels():
            for other in added.get(normalize(text), ()):
                found[other] = min(found.get(other, normalize(text)), normalize(text))
        out += [{"kind": "likely-rename", "old": ref(iri), "new": ref(other), "label": label}
                for other, label in sorted(found.items())]
    return out


def side_files(side: str) -> list[Path] | None:
    """The files of one side of `diff`: `-` is the bundled taxonomy (None), a folder its RDF files (recursively,
    sorted), a file itself."""
    if side == "-":
        return None
    path = Path(side)
    if not path.is_dir():
        return [path]
    exts = {e for _, found in INPUT_FORMATS.values() for e in found}
    files = sorted(p for p in path.rglob("*") if p.is_file() and not any(
        part.startswith(".") for part in p.relative_to(path).parts)  # .git and the like are not the vocabulary
        and _is_rdf(p))
    if not files:
        raise UsageError(f"{side}: a folder without RDF files ({', '.join(sorted(exts))}); name the files")
    return files


def _is_rdf(path: Path) -> bool:
    """An RDF file by its extension, as load() reads it (reader.format_for: any case, .gz skipped)."""
    try:
        format_for(path)
    except LoadError:
        return False
    return True


def diff_files(old: str, new: str, input_format: str | None = None, lang: str = "en",
               progress: Progress = silent) -> Diff:
    """`compare` of two sides named as on the command line (a file, a folder, or `-`), each loaded and read into
    statements on a thread of its own: Oxigraph's parser and dump release the GIL, so on two cores one side's
    Python work runs while the other side's Rust work does."""
    progress("loading both versions")
    second = Background(_prepared, side_files(new), input_format)
    first = _prepared(side_files(old), input_format)
    second_vocab = second.result()
    progress("comparing")
    return compare(first, second_vocab, lang)


def _prepared(files: list[Path] | None, input_format: str | None) -> Vocabulary:
    vocab = load(files, input_format)
    statements(vocab)
    return vocab

